import { render } from 'preact';
import '../ui/theme.css';
import '../ui/views.css';
import './panel.css';
import { ext as browser } from '../ui/ext';
import { t } from '../ui/i18n';
import { LiveSubscription } from '../ui/live';
import { Panel } from './Panel';
import { applyTheme } from './theme';
import { visibilityChannel } from './visibility';

/**
 * The inspected tab comes from DevTools. `?tabId=` exists for tests only: headless browsers cannot open
 * DevTools, so a test opens this page as an extension page for a real tab, and drives its shown/hidden
 * state over the same channel the DevTools page uses.
 */
const forcedTab = new URLSearchParams(location.search).get('tabId');
const tabId = forcedTab !== null ? Number(forcedTab) : browser.devtools.inspectedWindow.tabId;

applyTheme();
// A panel page is loaded when the user first opens the panel: it starts shown.
const live = new LiveSubscription({ shown: true });
live.subscribe({ tabId });
const channel = visibilityChannel(tabId);

document.title = t('panel_title');
render(<Panel live={live} tabId={tabId} channel={channel} />, document.getElementById('app')!);
