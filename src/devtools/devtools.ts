/**
 * The DevTools page: adds the Sessions panel for the inspected tab and tells the panel page when it is
 * shown or hidden, so the background streams to it only while the user looks at it.
 */
import browser from 'webextension-polyfill';
import { t } from '../ui/i18n';
import { type VisibilityMessage, visibilityChannel } from './visibility';

const channel = visibilityChannel(browser.devtools.inspectedWindow.tabId);
let shown = false;
const tell = (message: VisibilityMessage) => channel.postMessage(message);

channel.onmessage = (event: MessageEvent<VisibilityMessage>) => {
  if (event.data?.type === 'ask') tell({ type: shown ? 'shown' : 'hidden' });
};

void browser.devtools.panels
  .create(t('panel_title'), '/icons/32.png', '/src/devtools/panel.html')
  .then((panel) => {
    // Says the panel exists, for a test that looks into real DevTools (e2e/panel-devtools.e2e.ts).
    document.documentElement.dataset.panel = 'created';
    panel.onShown.addListener(() => {
      shown = true;
      tell({ type: 'shown' });
    });
    panel.onHidden.addListener(() => {
      shown = false;
      tell({ type: 'hidden' });
    });
  })
  .catch((error: unknown) => {
    document.documentElement.dataset.panel = `failed: ${error instanceof Error ? error.message : String(error)}`;
  });
