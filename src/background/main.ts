// Walking-skeleton worker, replaced by the real background.
import browser from 'webextension-polyfill';

browser.cookies.onChanged.addListener(() => {});
