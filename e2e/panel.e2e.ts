// The DevTools Sessions panel, live, in Chromium and Firefox. Headless browsers cannot open DevTools, so
// the panel's page is opened as an extension page for a real tab (`?tabId=`, a parameter only tests use)
// and its shown/hidden state is driven over the same channel the DevTools page uses. The Django lab site
// logs in and out in that tab; the panel must follow without being reloaded.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page as PlaywrightPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportDocument } from '../src/core/contract';
import { launchCapturing } from './fixtures/header-capture';
import {
  BROWSERS,
  type DjangoServer,
  delay,
  type E2EPage,
  launch,
  POPUP_PATH,
  ROOT,
  type Session,
  startDjango,
  waitFor,
} from './harness';
import { screenshot, seriousViolations } from './ui-checks';

const PANEL_PATH = 'src/devtools/panel.html';
const SITE = '127.0.0.1';
/** The background pushes a site's changes at most this often (src/background/subscriptions.ts). */
const PUSH_INTERVAL_MS = 250;
/** Set to write the README's screenshot of the panel (docs/panel.png) from the Chromium run. */
const WRITE_DOCS_SCREENSHOT = process.env.SESSIONSCOPE_DOCS_SCREENSHOT === '1';

/** The id of the tab showing `urlPrefix`, read through the tabs API from one of our pages. */
async function tabIdOf(ext: E2EPage, urlPrefix: string): Promise<number> {
  return waitFor(
    () =>
      ext.evaluate<number | null>(
        `(globalThis.browser ?? globalThis.chrome).tabs.query({}).then((tabs) =>
          tabs.find((t) => (t.url ?? '').startsWith(${JSON.stringify(urlPrefix)}))?.id ?? null)`,
      ),
    { timeout: 10_000, message: `a tab on ${urlPrefix}` },
  );
}

const pushes = (panel: E2EPage) =>
  panel.evaluate<number>(`Number(document.querySelector('.panel')?.dataset.pushes ?? 0)`);

/** What the DevTools page posts when the user switches to or away from the panel. */
const setShown = (panel: E2EPage, tabId: number, shown: boolean) =>
  panel.evaluate(
    `new BroadcastChannel('sessionscope-panel-${tabId}').postMessage({ type: ${JSON.stringify(shown ? 'shown' : 'hidden')} })`,
  );

const card = (state: string) => `.site-main article[data-state="${state}"]`;

describe.each(BROWSERS)('DevTools Sessions panel in %s', (browserName) => {
  let server: DjangoServer;
  let session: Session;
  let site: E2EPage;
  let panel: E2EPage;
  let tabId: number;
  let timeOrigin: number;

  beforeAll(async () => {
    server = await startDjango();
    // Captured, as a developer inspecting the site would: a logout is then told by its request.
    session = await launchCapturing(browserName);
    site = await session.newPage(server.url('/'));
    const helper = await session.newPage(session.extensionUrl(`${POPUP_PATH}?all=1`));
    tabId = await tabIdOf(helper, server.origin);
    await helper.close();
  });
  afterAll(async () => {
    await session?.close();
    await server?.stop();
  });

  it('follows the inspected tab live: a session appears, changes and ends without a reload', async () => {
    panel = await session.newPage(session.extensionUrl(`${PANEL_PATH}?tabId=${tabId}`));
    if (browserName === 'chromium')
      await (panel.raw as PlaywrightPage).setViewportSize({ width: 1280, height: 860 });
    await panel.waitForText('#site-title', SITE, 20_000);
    expect(await panel.text('.site-main')).toContain(`No session recorded for ${SITE} yet`);
    timeOrigin = await panel.evaluate<number>('performance.timeOrigin');

    await site.goto(server.url('/login?user=alice'));
    expect(await site.text('#state')).toBe('logged in as alice');
    const active = await panel.waitForText(card('active'), 'sessionid', 30_000);
    expect(active).toContain('django');

    // The login's own event explains itself in the detail pane.
    await panel.click('.event-row[data-event-type="started"]');
    const detail = await panel.waitForText('.detail-pane .event-detail', 'Started', 10_000);
    expect(detail).toContain('sessionid');
    expect(detail).toMatch(/Value hash\s+[0-9a-f]{6,}/);

    await site.goto(server.url('/touch'));
    await panel.waitForText('.event-list', 'Cookie sent again', 30_000);

    await site.goto(server.url('/logout'));
    expect(await site.text('#state')).toBe('logged out');
    const ended = await panel.waitForText(card('ended'), 'you logged out', 30_000);
    expect(ended).toContain('Ended');
    await panel.click('.event-row[data-event-type="ended"]');
    const why = await panel.waitForText('.detail-pane .event-detail', 'Reason', 10_000);
    // Chromium reports the removal with its cause; Firefox's end is revised by the deleting header.
    expect(why).toMatch(/Browser’s cause\s+expired_overwrite|Header\s+Set-Cookie deletion/);

    // The same document all along: the panel was never reloaded.
    expect(await panel.evaluate<number>('performance.timeOrigin')).toBe(timeOrigin);
    expect(await seriousViolations(panel, `panel ${browserName}`)).toEqual([]);
    await screenshot(panel, `panel-${browserName}`);
  });

  it('a hidden panel is pushed nothing; shown again, it catches up in one push', async () => {
    await setShown(panel, tabId, false);
    await waitFor(
      async () =>
        (await panel.evaluate<string>(`document.querySelector('.panel').dataset.shown`)) === 'false',
      {
        message: 'the panel to know it is hidden',
      },
    );
    const before = await pushes(panel);
    await site.goto(server.url('/login?user=bob'));
    expect(await site.text('#state')).toBe('logged in as bob');
    await waitFor(
      async () => {
        const reply = await session.send({ type: 'state/get', site: SITE });
        return reply.ok && reply.sites.some((s) => s.sessions.some((x) => x.state === 'active'));
      },
      { timeout: 30_000, message: 'the background to record the new login' },
    );
    // Time itself is what is tested here: a visible panel would have been pushed within the interval.
    await delay(PUSH_INTERVAL_MS * 8);
    expect(await pushes(panel)).toBe(before);
    expect(await panel.text(card('active'))).toBe('');

    await setShown(panel, tabId, true);
    await panel.waitForText(card('active'), 'sessionid', 20_000);
    expect(await pushes(panel)).toBe(before + 1);
    expect(await panel.evaluate<number>('performance.timeOrigin')).toBe(timeOrigin);

    // The picture in the README: a live session beside an ended one, the logout explained.
    await panel.click('.event-row[data-event-type="ended"]');
    await panel.waitForText('.detail-pane .event-detail', 'Reason', 10_000);
    const shot = await screenshot(panel, `panel-live-${browserName}`);
    if (WRITE_DOCS_SCREENSHOT && browserName === 'chromium') copyFileSync(shot, join(ROOT, 'docs/panel.png'));
  });

  it.runIf(browserName === 'chromium')('keeps following after the MV3 worker stops', async () => {
    const before = await pushes(panel);
    expect(await session.stopServiceWorker()).toBe(true);
    // The port died with the worker; the panel opens it again and is pushed the whole state.
    await waitFor(async () => (await pushes(panel)) > before, {
      timeout: 30_000,
      message: 'a push after the worker restarted',
    });
    await site.goto(server.url('/logout'));
    expect(await site.text('#state')).toBe('logged out');
    await waitFor(async () => (await panel.text(card('active'))) === '', {
      timeout: 30_000,
      message: 'bob’s session to end in the panel',
    });
    expect(await panel.evaluate<number>(`document.querySelectorAll('${card('ended')}').length`)).toBe(2);
    expect(await panel.evaluate<number>('performance.timeOrigin')).toBe(timeOrigin);
  });

  it('switches with the tab: another site, then the all-sites list on a page with no site', async () => {
    await site.goto(server.url('/login?user=carol').replace('127.0.0.1', 'localhost'));
    await panel.waitForText('#site-title', 'localhost', 30_000);
    await panel.waitForText(card('active'), 'sessionid', 30_000);
    await site.goto('about:blank');
    await panel.waitForText('#all-title', 'All sites', 30_000);
    const listed = await waitFor(
      async () => {
        const sites = await panel.evaluate<string[]>(
          `[...document.querySelectorAll('.site-row')].map((b) => b.dataset.site)`,
        );
        return sites.length >= 2 ? sites : null;
      },
      { timeout: 20_000, message: 'both sites listed' },
    );
    expect(listed).toEqual(expect.arrayContaining(['localhost', SITE]));
    expect(await seriousViolations(panel, `panel all sites ${browserName}`)).toEqual([]);
    expect(await panel.evaluate<number>('performance.timeOrigin')).toBe(timeOrigin);
  });

  it('explains an event from its evidence, as text, in the popup’s site view too', async () => {
    const doc = (await session.send({ type: 'export', format: 'json' })) as {
      ok: true;
      data: ExportDocument;
    };
    const hostile = '<img src=x onerror="window.__pwned=1">';
    const source = doc.data.sites.find((s) => s.site === SITE && s.sessions.length > 0)!;
    const base = source.sessions[0]!;
    const evidenceEvent = {
      at: base.startedAt,
      type: 'ended',
      reason: 'logout',
      cause: 'expired_overwrite',
      evidence: {
        request: {
          method: 'POST',
          url: `http://evidence.example/logout?next=${hostile}`,
          status: 302,
          at: base.startedAt,
        },
        header: { name: 'Set-Cookie', value: `sessionid=""; Max-Age=0; Path=/; ${hostile}` },
        cookieChange: { removed: true, cause: 'expired_overwrite' },
        payload: {
          before: { _auth_user_id: '42', cart: 3 },
          after: { cart: 4 },
          changed: ['_auth_user_id', 'cart'],
        },
        rule: { name: 'idleTimeoutSeconds', seconds: 300, from: 'rules' },
        unknown: 'whether the browser had sent the request before the removal',
      },
    };
    const imported: ExportDocument = {
      ...doc.data,
      sites: [
        {
          site: 'evidence.example',
          inferences: [],
          sessions: [
            { ...base, id: 's-evidence', events: [{ at: base.startedAt, type: 'started' }, evidenceEvent] },
          ],
        },
      ],
    };
    const reply = await session.send({ type: 'import', data: JSON.stringify(imported) });
    expect(reply.ok).toBe(true);

    const popup = await session.newPage(session.extensionUrl(`${POPUP_PATH}?site=evidence.example`));
    await popup.waitForText('.imported summary', 'Imported timeline', 20_000);
    await popup.click('.imported summary');
    await popup.click('.imported .event-row[data-event-type="ended"]');
    const text = await popup.waitForText('.event-detail', 'Decoded payload', 10_000);
    expect(text).toMatch(
      /POST http:\/\/evidence\.example\/logout\?next=<img src=x onerror="window\.__pwned=1"> → 302/,
    );
    expect(text).toContain(`Set-Cookie: sessionid=""; Max-Age=0; Path=/; ${hostile}`);
    expect(text).toMatch(
      /Removed · Browser’s cause: expired_overwrite: overwritten with an expiry in the past/,
    );
    expect(text).toMatch(/idleTimeoutSeconds \(5 min\) · from your rules/);
    expect(text).toContain('whether the browser had sent the request before the removal');
    // Masked until asked: read the value cells themselves (the detail's other text, such as its
    // clock times, may contain the same digits).
    const payloadCells = () =>
      popup.evaluate<string[][]>(
        `[...document.querySelectorAll('.event-detail .payload-change tbody tr')].map((row) =>
          [row.querySelector('th').firstChild.textContent, ...[...row.querySelectorAll('td')].map((td) => td.textContent)])`,
      );
    expect(await payloadCells()).toEqual([
      ['_auth_user_id', '•••', 'none'],
      ['cart', '•••', '•••'],
    ]);
    expect(await popup.evaluate<number>(`document.querySelectorAll('.event-detail img').length`)).toBe(0);
    expect(await popup.evaluate<unknown>('window.__pwned')).toBeUndefined();
    await popup.click('.payload-change button');
    const revealed = await popup.waitForText('.payload-change', 'Hide values', 5_000);
    expect(revealed).toMatch(/_auth_user_id\s*changed\s+42\s+none/);
    expect(await payloadCells()).toEqual([
      ['_auth_user_id', '42', 'none'],
      ['cart', '3', '4'],
    ]);
    expect(await seriousViolations(popup, `popup event detail ${browserName}`)).toEqual([]);
    await popup.close();
  });
});

describe.runIf(BROWSERS.includes('firefox'))('the panel of a container tab (firefox)', () => {
  it('shows only that container’s sessions, and a normal tab only the default store’s', async () => {
    const server = await startDjango();
    const session = await launch('firefox', { prefs: { 'privacy.userContext.enabled': true } });
    try {
      const normal = await session.newPage(server.url('/login?user=dan'));
      expect(await normal.text('#state')).toBe('logged in as dan');
      const ext = await session.newPage(session.extensionUrl(`${POPUP_PATH}?all=1`));
      const containerTab = await ext.evaluate<number>(
        `browser.tabs.create({ url: ${JSON.stringify(server.url('/login?user=cora'))}, cookieStoreId: 'firefox-container-1', active: false }).then((t) => t.id)`,
      );
      const normalTab = await tabIdOf(ext, server.url('/login?user=dan'));
      await waitFor(
        async () => {
          const reply = await session.send({ type: 'state/get', site: SITE });
          const stores = reply.ok ? reply.sites.flatMap((s) => s.sessions.map((x) => x.cookie.storeId)) : [];
          return stores.includes('firefox-container-1') && stores.includes('firefox-default');
        },
        { timeout: 30_000, message: 'a session in the container and one in the default store' },
      );
      const inContainer = await session.newPage(session.extensionUrl(`${PANEL_PATH}?tabId=${containerTab}`));
      await inContainer.waitForText('.store-note', 'A container', 20_000);
      await inContainer.waitForText(card('active'), 'sessionid', 20_000);
      const count = (page: E2EPage) =>
        page.evaluate<number>(`document.querySelectorAll('.site-main article[data-session]').length`);
      expect(await count(inContainer)).toBe(1);
      expect(await inContainer.text(card('active'))).toContain('Container 1');

      const inNormal = await session.newPage(session.extensionUrl(`${PANEL_PATH}?tabId=${normalTab}`));
      await inNormal.waitForText(card('active'), 'sessionid', 20_000);
      expect(await count(inNormal)).toBe(1);
      expect(await inNormal.text(card('active'))).not.toContain('Container');
      expect(await inNormal.text('.site-view')).not.toContain('A container');
    } finally {
      await session.close();
      await server.stop();
    }
  });
});
