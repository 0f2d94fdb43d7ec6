import { render } from 'preact';
import '../ui/theme.css';
import '../ui/views.css';
import './popup.css';
import { ext as browser } from '../ui/ext';
import { t } from '../ui/i18n';
import { LiveSubscription } from '../ui/live';
import { targetFromQuery } from '../ui/target';
import { Popup } from './Popup';
import { loadSiteView } from './site-view-chunk';

// The port opens before the first render, and the subscription is sent as soon as the target is known:
// the first state arrives while the page draws its shell.
const live = new LiveSubscription();
const forced = targetFromQuery(location.search);
let tabUrl: string | undefined;
// Unless the popup is told to open on the list, it most likely opens on a site: its code loads meanwhile.
if (forced?.mode !== 'all') void loadSiteView();
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
