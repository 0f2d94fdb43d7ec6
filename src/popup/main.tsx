import { render } from 'preact';
import '../ui/theme.css';
import '../ui/views.css';
import './popup.css';
import browser from 'webextension-polyfill';
import { t } from '../ui/i18n';
import { LiveSubscription } from '../ui/live';
import { targetFromQuery } from '../ui/target';
import { Popup } from './Popup';

// The port opens before the first render, and the subscription is sent as soon as the target is known:
// the first state arrives while the page draws its shell.
const live = new LiveSubscription();
const forced = targetFromQuery(location.search);
let tabUrl: string | undefined;
if (forced) {
  live.subscribe(forced.mode === 'all' ? { all: true } : { site: forced.site });
} else {
  void browser.tabs
    .query({ active: true, currentWindow: true })
    .then(([tab]) => {
      tabUrl = tab?.url;
      live.subscribe(tab?.id !== undefined ? { tabId: tab.id } : { all: true });
    })
    .catch(() => live.subscribe({ all: true }));
}

document.title = t('extName');
render(
  <Popup live={live} statusUrl={() => (tabUrl && /^https?:/.test(tabUrl) ? tabUrl : undefined)} />,
  document.getElementById('app')!,
);
