import type Browser from 'webextension-polyfill';

/**
 * The extension API for views: Firefox's `browser`, or Chrome's `chrome`, whose MV3 functions return
 * promises as well. The views use only what the two share (messages, ports, tabs.query, i18n,
 * permissions.request), so they skip the polyfill: 10 KB less to load before the popup's first paint.
 * The background and the DevTools page (whose Chrome API takes callbacks) keep it.
 */
export const ext: typeof Browser = ((globalThis as { browser?: typeof Browser }).browser ??
  (globalThis as unknown as { chrome: typeof Browser }).chrome) as typeof Browser;
