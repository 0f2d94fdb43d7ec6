/**
 * The DevTools page: adds the Sessions panel for the inspected tab and tells the panel page when it is
 * shown or hidden, so the background streams to it only while the user looks at it. It uses the
 * callback form of the DevTools API, which Chrome documents and Firefox implements under `chrome` too.
 */
import { t } from '../ui/i18n';
import { type VisibilityMessage, visibilityChannel } from './visibility';

interface PanelEvent {
  addListener(listener: () => void): void;
}
interface DevtoolsApi {
  inspectedWindow: { tabId: number };
  panels: {
    create(
      title: string,
      icon: string,
      page: string,
      done: (panel: { onShown: PanelEvent; onHidden: PanelEvent }) => void,
    ): void;
  };
}

const root = document.documentElement;
// Read by a test that looks into real DevTools: loading, then created or failed (with why).
root.dataset.panel = 'loading';
try {
  const devtools = (globalThis as unknown as { chrome: { devtools: DevtoolsApi } }).chrome.devtools;
  const channel = visibilityChannel(devtools.inspectedWindow.tabId);
  let shown = false;
  const tell = (message: VisibilityMessage) => channel.postMessage(message);
  channel.onmessage = (event: MessageEvent<VisibilityMessage>) => {
    if (event.data?.type === 'ask') tell({ type: shown ? 'shown' : 'hidden' });
  };
  devtools.panels.create(t('panel_title'), '/icons/32.png', '/src/devtools/panel.html', (panel) => {
    root.dataset.panel = 'created';
    panel.onShown.addListener(() => {
      shown = true;
      tell({ type: 'shown' });
    });
    panel.onHidden.addListener(() => {
      shown = false;
      tell({ type: 'hidden' });
    });
  });
} catch (error) {
  root.dataset.panel = `failed: ${error instanceof Error ? error.message : String(error)}`;
}
