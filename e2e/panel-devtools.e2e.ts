// The Sessions panel in real DevTools: a smoke test that what panel.e2e.ts drives through the panel's
// page also works where developers use it. Chromium, headed on an X display (DISPLAY, or a private Xvfb),
// with --auto-open-devtools-for-tabs; DevTools' window and the extension's frames inside it are reached
// over the browser's CDP endpoint. Chromium only: Firefox's DevTools toolbox cannot be opened or driven
// by a test (neither WebDriver BiDi nor puppeteer reaches the toolbox or the frames in it), so there its
// panel is covered by panel.e2e.ts alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchCapturing } from './fixtures/header-capture';
import {
  BROWSERS,
  type DjangoServer,
  type E2EPage,
  POPUP_PATH,
  type Session,
  startDjango,
  waitFor,
} from './harness';
import { CDP_PORT_ARG, CdpBrowser, type TargetInfo, type TargetSession } from './harness/cdp-target';
import { noDisplayReason, openDisplay, type XDisplay } from './harness/display';

const SITE = '127.0.0.1';
const PANEL_PATH = 'src/devtools/panel.html';
const DEVTOOLS_PAGE_PATH = 'src/devtools/devtools.html';

const skipReason = !BROWSERS.includes('chromium') ? 'Chromium is not among E2E_BROWSERS' : noDisplayReason();
if (skipReason) console.warn(`panel-devtools.e2e.ts skipped: ${skipReason}`);

const card = (state: string) => `.site-main article[data-state="${state}"]`;
const textOf = (selector: string) => `document.querySelector(${JSON.stringify(selector)})?.textContent ?? ''`;

/** The id of the tab showing `urlPrefix`, read through the tabs API from one of our pages. */
async function tabIdOf(ext: E2EPage, urlPrefix: string): Promise<number> {
  return waitFor(
    () =>
      ext.evaluate<number | null>(
        `chrome.tabs.query({}).then((tabs) =>
          tabs.find((t) => (t.url ?? '').startsWith(${JSON.stringify(urlPrefix)}))?.id ?? null)`,
      ),
    { timeout: 10_000, message: `a tab on ${urlPrefix}` },
  );
}

/**
 * Shows the DevTools panel whose tab reads `title` in one DevTools window, as clicking its tab does,
 * through DevTools' own UI module (the same instance the window runs: modules are shared by URL).
 */
function showPanelExpression(title: string): string {
  return `(async () => {
    const UI = await import('./ui/legacy/legacy.js');
    const view = UI.InspectorView.InspectorView.instance();
    const tabs = view.tabbedPane.tabs.map((tab) => ({ id: tab.id, title: tab.title }));
    const ours = tabs.find((tab) => tab.title === ${JSON.stringify(title)});
    if (!ours) return { shown: false, tabs };
    await view.showPanel(ours.id);
    return { shown: true, id: ours.id };
  })()`;
}

const title = 'the Sessions panel in real Chromium DevTools';
describe.skipIf(Boolean(skipReason))(skipReason ? `${title} (skipped: ${skipReason})` : title, () => {
  let display: XDisplay;
  let previousDisplay: string | undefined;
  let server: DjangoServer;
  let session: Session;
  let cdp: CdpBrowser;
  const attached = new Map<string, TargetSession>();

  beforeAll(async () => {
    display = await openDisplay();
    previousDisplay = process.env.DISPLAY;
    // The browser inherits this process's environment.
    process.env.DISPLAY = display.name;
    server = await startDjango();
    // Captured, as a developer inspecting the site would: the logout is then told by its request.
    session = await launchCapturing('chromium', {
      headed: true,
      args: ['--auto-open-devtools-for-tabs', CDP_PORT_ARG],
    });
    cdp = await CdpBrowser.connect(session.profileDir);
  });
  afterAll(async () => {
    for (const target of attached.values()) await target.detach();
    await cdp?.disconnect().catch(() => {});
    await session?.close();
    await server?.stop();
    if (previousDisplay === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = previousDisplay;
    await display?.stop();
  });

  /** One CDP session per target, kept for the file: polling loops ask the same targets again. */
  const attach = async (target: TargetInfo) => {
    let s = attached.get(target.targetId);
    if (!s) {
      s = await cdp.attach(target.targetId);
      attached.set(target.targetId, s);
    }
    return s;
  };

  it('opens in the inspected tab’s DevTools and follows a login and logout without a reload', async () => {
    const site = await session.newPage(server.url('/'));
    const helper = await session.newPage(session.extensionUrl(`${POPUP_PATH}?all=1`));
    const tabId = await tabIdOf(helper, server.origin);

    // Every tab has its DevTools open; each runs our DevTools page, which creates the panel.
    const devtoolsPage = session.extensionUrl(DEVTOOLS_PAGE_PATH);
    const seen: string[] = [];
    const ours = await waitFor(
      async () => {
        seen.length = 0;
        for (const target of await cdp.targets()) {
          if (!target.url.startsWith(devtoolsPage)) continue;
          try {
            const s = await attach(target);
            const state = await s.evaluate<{ tabId: number; panel?: string }>(
              `({ tabId: chrome.devtools.inspectedWindow.tabId, panel: document.documentElement.dataset.panel })`,
            );
            seen.push(`tab ${state.tabId}: ${state.panel ?? 'script not run yet'}`);
            // Unset until the page's script runs, `loading` until DevTools answers panels.create, then
            // `created` or `failed: why`.
            if (state.tabId === tabId && state.panel && state.panel !== 'loading') return state;
          } catch (error) {
            seen.push(`${target.url}: ${String(error)}`);
          }
        }
        // For the timeout message: what each DevTools page showed.
        throw new Error(seen.join('; ') || 'no DevTools page yet');
      },
      { timeout: 60_000, message: `the DevTools page of tab ${tabId}` },
    );
    // A frame-ancestors in the extension pages' CSP that leaves out devtools: keeps the page from loading
    // (the wait above then times out with what each DevTools page showed).
    expect(ours.panel, 'the DevTools page ran and created the panel').toBe('created');

    // Select "Sessions" in every DevTools window (the one of another tab shows it harmlessly): the panel
    // page loads only once shown, and which window inspects which tab is known only inside the panel.
    const frontends = await cdp.waitForTargets(
      (t) => t.url.startsWith('devtools://devtools/'),
      'DevTools windows',
    );
    const windows: TargetSession[] = [];
    for (const frontend of frontends) {
      const s = await attach(frontend);
      windows.push(s);
      const outcome = await waitFor(
        async () => {
          const result = await s.evaluate<{ shown: boolean; tabs?: unknown }>(
            showPanelExpression('Sessions'),
          );
          return result.shown ? result : undefined;
        },
        { timeout: 30_000, message: `the Sessions tab in ${frontend.url}` },
      );
      expect(outcome.shown).toBe(true);
    }

    const panelUrl = session.extensionUrl(PANEL_PATH);
    const panel = await waitFor(
      async () => {
        for (const target of await cdp.targets()) {
          if (!target.url.startsWith(panelUrl)) continue;
          const s = await attach(target);
          // A frame still loading cannot answer yet: asked again at the next round.
          const inspects = await s
            .evaluate<number>('chrome.devtools.inspectedWindow.tabId')
            .catch(() => null);
          if (inspects === tabId) return s;
        }
        return undefined;
      },
      { timeout: 30_000, message: `the Sessions panel frame of tab ${tabId}` },
    );
    const read = (selector: string) => panel.evaluate<string>(textOf(selector));
    await waitFor(async () => (await read('#site-title')).includes(SITE), {
      timeout: 20_000,
      message: `the panel on ${SITE}`,
    });
    expect(await read('.site-main')).toContain(`No session recorded for ${SITE} yet`);
    expect(await panel.evaluate<string>(`document.querySelector('.panel')?.dataset.shown`)).toBe('true');
    const timeOrigin = await panel.evaluate<number>('performance.timeOrigin');

    await site.goto(server.url('/login?user=alice'));
    expect(await site.text('#state')).toBe('logged in as alice');
    await waitFor(async () => (await read(card('active'))).includes('sessionid'), {
      timeout: 30_000,
      message: 'the session to appear in the panel',
    });

    await site.goto(server.url('/logout'));
    expect(await site.text('#state')).toBe('logged out');
    const ended = await waitFor(
      async () => {
        const text = await read(card('ended'));
        return text.includes('you logged out') ? text : undefined;
      },
      { timeout: 30_000, message: 'the session to end in the panel' },
    );
    expect(ended).toContain('Ended');
    expect(await read(card('active'))).toBe('');

    // DevTools' own onHidden/onShown reach the panel: another tool selected, then Sessions again.
    const shown = () => panel.evaluate<string>(`document.querySelector('.panel')?.dataset.shown`);
    const showEverywhere = async (tool: string) => {
      for (const window of windows) {
        expect((await window.evaluate<{ shown: boolean }>(showPanelExpression(tool))).shown, tool).toBe(true);
      }
    };
    await showEverywhere('Console');
    await waitFor(async () => (await shown()) === 'false', { message: 'the panel told it is hidden' });
    await showEverywhere('Sessions');
    await waitFor(async () => (await shown()) === 'true', { message: 'the panel told it is shown' });
    // The same document all along: the panel followed without being reloaded.
    expect(await panel.evaluate<number>('performance.timeOrigin')).toBe(timeOrigin);
  });
});
