// Where evidence can mislead (issue 11, cases 3, 4, 7 and 8), in Chromium and in Firefox against the real
// Django lab site: activity counts for a session only when the browser would send its cookie; a change of
// user inside a signed cookie is a new session; a session Set-Cookie the browser refused is reported with
// its header and rule; reloading the extension is not a browser restart. Asserted on what the background
// answers (`state/get`), the shape the views and other tools read. Idle rules are a few seconds: time
// itself is what those tests test.
import { describe, expect, it } from 'vitest';
import type { ExportEvent, ExportInference, ExportSession } from '../src/core/contract';
import { turnExtensionOffAndOn } from './fixtures/extension-toggle';
import {
  allowIncognitoInChromium,
  allowPrivateInFirefoxProfile,
  closeWindows,
  openPrivateWindow,
} from './fixtures/private-window';
import { fromState, inferencesOf, sessionsOf, stateSites, summary, until } from './fixtures/session-export';
import { tracked } from './fixtures/tracked';
import {
  BROWSERS,
  type BrowserName,
  delay,
  freshPath,
  LAB_HOST,
  LAB_HOSTS,
  type LaunchOptions,
  type Session,
  sendOk,
  waitFor,
} from './harness';

const LAB_SITE = 'example.test';
const LOOPBACK = '127.0.0.1';

const lab = tracked({ loopbackHosts: LAB_HOSTS });
const { site, track } = lab;

/** The test build with the lab's sites captured: refusals and request activity are told by headers. */
async function browserFor(name: BrowserName, options: LaunchOptions = {}): Promise<Session> {
  const session = await lab.browserFor(name, options);
  await sendOk(session, { type: 'capture/set', site: LAB_SITE, captured: true });
  return session;
}

const typesOf = (s: ExportSession) => s.events.map((e: ExportEvent) => e.type);

describe.each(BROWSERS)('truth where evidence can mislead, in %s', (browserName) => {
  // ── Case 7 ──────────────────────────────────────────────────────────────────────────────────────
  it('reports each refused session Set-Cookie on the site, with its header, request and rule; its stored control is not reported', async () => {
    const server = await site();
    const session = await browserFor(browserName);
    const app = { host: LAB_HOST.app, https: true };
    const plainApp = { host: LAB_HOST.app, https: false };
    // case → where it is refused (over https on the lab's name unless it is about http), the rule expected.
    const cases = [
      ['host-prefix-without-secure', app, 'host-prefix'],
      ['secure-prefix-without-secure', app, 'secure-prefix'],
      ['samesite-none-without-secure', app, 'samesite-none-insecure'],
      ['secure-over-http', plainApp, 'secure-from-insecure-origin'],
      ['domain-mismatch', app, 'domain-mismatch'],
      ['oversize', app, 'too-large'],
    ] as const;
    const page = await session.newPage();
    const sent = new Map<string, string>();
    for (const [name, at] of cases) {
      await page.goto(server.url(`/refused/${name}/control`, at));
      await page.waitForText('#header', 'Set-Cookie:');
      await page.goto(server.url(`/refused/${name}`, at));
      sent.set(name, (await page.text('#header')).replace(/^Set-Cookie:\s*/, ''));
    }
    // The controls became cookies, the faulty ones did not (the browser's own store, for the record).
    const stored = await session.browserCookies({ domain: LAB_SITE });
    expect(new Set(stored.map((c) => c.name))).toEqual(
      new Set(['__Host-sessionid', '__Secure-sessionid', 'sessionid']),
    );

    const { value: refused } = await until(
      session,
      'a cookie-refused inference for each faulty case',
      ({ sites: all }) => {
        const found = inferencesOf(all, LAB_SITE, 'cookie-refused');
        return found.length >= cases.length ? found : null;
      },
      { read: fromState },
    );
    const byRule = new Map(refused.map((i) => [(i.value as { rule: string }).rule, i]));
    expect([...byRule.keys()].sort()).toEqual(cases.map(([, , rule]) => rule).sort());
    for (const [name, at, rule] of cases) {
      const inference = byRule.get(rule) as ExportInference;
      const header = sent.get(name) as string;
      const cookieName = header.slice(0, header.indexOf('='));
      expect(inference.value).toEqual({ cookie: cookieName, rule });
      const records = inference.evidence.filter(
        (e): e is Record<string, unknown> => typeof e === 'object' && e !== null,
      );
      // One refusal per faulty response: the control, same name and rule-abiding, never counts.
      expect(records, `${name}: ${JSON.stringify(inference.evidence)}`).toHaveLength(1);
      const record = records[0] as {
        rule: string;
        reason: string;
        request: { method: string | null; url: string; status: number | null };
        header: { name: string; value: string };
      };
      expect(record.rule).toBe(rule);
      expect(record.reason.length).toBeGreaterThan(0);
      expect(record.request.method).toBe('GET');
      expect(record.request.status).toBe(200);
      expect(record.request.url).toBe(server.url(`/refused/${name}`, at));
      // The header as the server sent it, its value (a secret) hidden.
      const value = header.slice(cookieName.length + 1, header.indexOf(';'));
      expect(record.header).toEqual({
        name: 'Set-Cookie',
        value: `${cookieName}=<value hidden, ${value.length} characters>${header.slice(header.indexOf(';'))}`,
      });
    }
  });

  it('does not call a session cookie refused when the browser keeps it from a cross-site frame (Firefox: in the embedding site’s partition)', async () => {
    const server = await site();
    const session = await browserFor(browserName, { allowThirdPartyCookies: browserName === 'chromium' });
    // A page of another site frames app.example.test, which sets its session cookie: SameSite=None;
    // Secure, as a cross-site frame needs. Firefox keeps it in the partition of other.test.
    const page = await session.newPage();
    await page.goto(server.url('/noop', { host: LAB_HOST.other, https: true }));
    const framed = server.url('/refused/samesite-none-without-secure/control?value=framed0123456789', {
      host: LAB_HOST.app,
      https: true,
    });
    await page.evaluate(
      `new Promise((resolve) => { const f = document.createElement('iframe'); f.onload = () => resolve(true); f.src = ${JSON.stringify(framed)}; document.body.append(f); })`,
    );
    const kept = await waitFor(
      async () => {
        const all = await cookiesInAnyPartition(session, 'sessionid');
        return all.find((c) => c.domain.endsWith(LAB_HOST.app)) ?? null;
      },
      { message: 'the framed session cookie in the browser' },
    );
    if (browserName === 'firefox') expect(kept.partitionKey).toBeTruthy();
    // Past the window in which a refusal would be decided, still none: the cookie is there.
    await delay(6_000);
    const all = await stateSites(session);
    expect(inferencesOf(all, LAB_SITE, 'cookie-refused'), summary(all)).toEqual([]);
  });

  // ── Case 4 ──────────────────────────────────────────────────────────────────────────────────────
  it('signed_cookies: logging in as amy, then as bob without logout, ends one session and starts the next, linked, with the payload history', async () => {
    const server = await site({ engine: 'signed_cookies' });
    const session = await browserFor(browserName);
    const page = await session.newPage();
    await page.goto(server.url('/login?user=amy'));
    const { value: amy } = await until(
      session,
      "amy's session",
      ({ sites: all }) =>
        sessionsOf(all, LOOPBACK).find((s) => s.state === 'active' && s.decoded?._auth_user_id !== undefined),
      { read: fromState },
    );
    // A change of data, same user: the same session, its payload history grows.
    await page.goto(server.url('/touch'));
    await until(
      session,
      "amy's payload to change in place",
      ({ sites: all }) =>
        sessionsOf(all, LOOPBACK).find(
          (s) => s.id === amy.id && (s.decodedHistory ?? []).some((p) => p.changed.includes('counter')),
        ),
      { read: fromState },
    );
    await page.goto(server.url('/login?user=bob'));
    const {
      value: [before, after],
    } = await until(
      session,
      "bob's session replacing amy's",
      ({ sites: all }) => {
        const list = sessionsOf(all, LOOPBACK);
        const a = list.find((s) => s.id === amy.id && s.state === 'ended');
        const b = list.find((s) => s.id !== amy.id && s.state === 'active');
        return a && b ? ([a, b] as const) : null;
      },
      { read: fromState },
    );
    expect(sessionsOf(await stateSites(session), LOOPBACK)).toHaveLength(2);
    expect(before.endReason).toBe('rotated');
    expect(before.replacedBy).toBe(after.id);
    expect(after.replaces).toBe(before.id);
    expect(after.decoded?._auth_user_id).toBeDefined();
    expect(after.decoded?._auth_user_id).not.toEqual(before.decoded?._auth_user_id);
    // amy's history is kept: her login, then the counter it gained.
    const history = before.decodedHistory ?? [];
    expect(history.length).toBeGreaterThanOrEqual(2);
    expect(
      history.every((p) => p.decoded?._auth_user_id === amy.decoded?._auth_user_id),
      JSON.stringify(history),
    ).toBe(true);
    expect(history.at(-1)?.changed).toContain('counter');
    // The end names its cause: another user in the payload.
    expect(before.events.find((e) => e.type === 'ended')).toMatchObject({
      reason: 'rotated',
      change: 'user-switch',
    });
  });

  // ── Case 3 ──────────────────────────────────────────────────────────────────────────────────────
  it('requests to a sibling host keep alive only a cookie sent there: the host-only session meets its idle rule, a Domain one does not', async () => {
    const server = await site();
    const session = await browserFor(browserName);
    await sendOk(session, {
      type: 'rules/set',
      rules: {
        sites: { [LAB_SITE]: { idleAfterSeconds: 1, idleTimeoutSeconds: 4, pinned: ['sitewide'] } },
      },
    });
    const page = await session.newPage();
    await page.goto(server.url('/login?user=amy', { host: LAB_HOST.app }));
    // A second session cookie for the whole registrable domain: sent to the sibling too.
    await page.goto(
      server.url('/cookie?name=sitewide&value=w0123456789abcdef&max_age=3600&domain=example.test', {
        host: LAB_HOST.app,
      }),
    );
    const {
      value: [hostOnly, wide],
    } = await until(
      session,
      'both sessions active',
      ({ sites: all }) => {
        const h = sessionsOf(all, LAB_SITE).find((s) => s.state === 'active');
        const w = sessionsOf(all, LAB_SITE, 'sitewide').find((s) => s.state === 'active');
        return h && w ? ([h, w] as const) : null;
      },
      { read: fromState },
    );
    expect(hostOnly.cookie.domain).toBe(LAB_HOST.app);
    const staticPage = await session.newPage();
    const sibling = server.url('/noop', { host: LAB_HOST.static });
    const startedLoading = Date.now();
    // Page loads on static.example.test, again and again, until the host-only session's rule ends it.
    const { value: ended } = await until(
      session,
      'the host-only session to end by its idle rule while the sibling is busy',
      ({ sites: all }) => sessionsOf(all, LAB_SITE).find((s) => s.id === hostOnly.id && s.state === 'ended'),
      { read: fromState, timeout: 20_000, between: () => staticPage.goto(sibling) },
    );
    expect(ended.endReason).toBe('idle-timeout');
    expect(Date.parse(ended.lastActivityAt)).toBeLessThan(startedLoading);
    expect(Date.parse(ended.endedAt ?? '')).toBeGreaterThan(startedLoading);
    // The same loads kept the Domain=example.test session going: they were seen, and counted for it.
    await staticPage.goto(sibling);
    const all = await stateSites(session);
    const still = sessionsOf(all, LAB_SITE, 'sitewide').find((s) => s.id === wide.id);
    expect(still?.state, summary(all)).not.toBe('ended');
    expect(Date.parse(still?.lastActivityAt ?? '')).toBeGreaterThan(Date.parse(ended.endedAt ?? ''));
  });

  it('page loads in a private window keep no default-store session alive: its idle rule fires (and, in Chromium, the extension reload that allowed it there is no restart)', async () => {
    const server = await site();
    const options: LaunchOptions = {};
    if (browserName === 'firefox') {
      options.profileDir = freshPath('truth-private-profile');
      allowPrivateInFirefoxProfile(options.profileDir);
    }
    const session = await browserFor(browserName, options);
    await sendOk(session, {
      type: 'rules/set',
      rules: { sites: { [LOOPBACK]: { idleAfterSeconds: 1, idleTimeoutSeconds: 4 } } },
    });
    const page = await session.newPage();
    await page.goto(server.url('/login?user=amy'));
    const { value: amy } = await until(
      session,
      "amy's session in the default store",
      ({ sites: all }) => sessionsOf(all, LOOPBACK).find((s) => s.state === 'active'),
      { read: fromState },
    );
    if (browserName === 'chromium') {
      // Allowing incognito reloads the extension (case 8): not a browser restart.
      await allowIncognitoInChromium(session);
      const all = await stateSites(session);
      const restarts = (await sendOk(session, { type: 'state/get', events: false })).restarts;
      expect(restarts, summary(all)).toEqual([]);
      const same = sessionsOf(all, LOOPBACK).find((s) => s.id === amy.id);
      expect(same?.state, summary(all)).not.toBe('ended');
      expect(same?.restartsSurvived).toBe(0);
      expect(same?.restoredByBrowser).toBe(false);
      expect(typesOf(same as ExportSession)).not.toContain('restart-survived');
      // Its rule starts from now: the reload took a while.
      await page.goto(server.url('/read'));
    }
    const windows: number[] = [];
    track({ stop: () => closeWindows(session, windows) });
    windows.push(await openPrivateWindow(session, server.url('/login?user=bob')));
    const { value: bob } = await until(
      session,
      "bob's session in the private window",
      ({ sites: all }) =>
        sessionsOf(all, LOOPBACK).find(
          (s) => s.cookie.storeId !== amy.cookie.storeId && s.state === 'active',
        ),
      { read: fromState },
    );
    expect(bob.storeKind).toBe('private');
    const startedLoading = Date.now();
    const reload = () => loadInWindow(session, windows[0] as number, server.url('/read'));
    const { value: ended } = await until(
      session,
      "amy's session to end by its idle rule while the private window is busy",
      ({ sites: all }) => sessionsOf(all, LOOPBACK).find((s) => s.id === amy.id && s.state === 'ended'),
      { read: fromState, timeout: 20_000, between: reload },
    );
    expect(ended.endReason).toBe('idle-timeout');
    expect(Date.parse(ended.lastActivityAt)).toBeLessThan(startedLoading);
    expect(Date.parse(ended.endedAt ?? '')).toBeGreaterThan(startedLoading);
    // The private loads were seen: they kept bob's session going.
    await reload();
    const all = await stateSites(session);
    const bobNow = sessionsOf(all, LOOPBACK).find((s) => s.id === bob.id);
    expect(bobNow?.state, summary(all)).not.toBe('ended');
    expect(Date.parse(bobNow?.lastActivityAt ?? '')).toBeGreaterThan(Date.parse(ended.endedAt ?? ''));
  });

  it.runIf(browserName === 'firefox')(
    'page loads in a Firefox container keep no default-store session alive: its idle rule fires',
    async () => {
      const server = await site();
      const session = await browserFor(browserName, { prefs: { 'privacy.userContext.enabled': true } });
      await sendOk(session, {
        type: 'rules/set',
        rules: { sites: { [LOOPBACK]: { idleAfterSeconds: 1, idleTimeoutSeconds: 4 } } },
      });
      const page = await session.newPage();
      await page.goto(server.url('/login?user=amy'));
      const { value: amy } = await until(
        session,
        "amy's session in the default store",
        ({ sites: all }) => sessionsOf(all, LOOPBACK).find((s) => s.state === 'active'),
        { read: fromState },
      );
      const ext = await session.newPage(session.extensionUrl('src/popup/index.html'));
      const tabId = await ext.evaluate<number>(
        `browser.tabs.create({ url: ${JSON.stringify(server.url('/login?user=cora'))}, cookieStoreId: 'firefox-container-1', active: false }).then((t) => t.id)`,
      );
      await ext.close();
      const { value: cora } = await until(
        session,
        "cora's session in the container",
        ({ sites: all }) =>
          sessionsOf(all, LOOPBACK).find(
            (s) => s.cookie.storeId === 'firefox-container-1' && s.state === 'active',
          ),
        { read: fromState },
      );
      expect(cora.storeKind).toBe('container');
      const startedLoading = Date.now();
      const reload = () => loadInTab(session, tabId, server.url('/read'));
      const { value: ended } = await until(
        session,
        "amy's session to end by its idle rule while the container tab is busy",
        ({ sites: all }) => sessionsOf(all, LOOPBACK).find((s) => s.id === amy.id && s.state === 'ended'),
        { read: fromState, timeout: 20_000, between: reload },
      );
      expect(ended.endReason).toBe('idle-timeout');
      expect(Date.parse(ended.lastActivityAt)).toBeLessThan(startedLoading);
      expect(Date.parse(ended.endedAt ?? '')).toBeGreaterThan(startedLoading);
      // The container's loads were seen: they kept cora's session going.
      await reload();
      const all = await stateSites(session);
      const coraNow = sessionsOf(all, LOOPBACK).find((s) => s.id === cora.id);
      expect(coraNow?.state, summary(all)).not.toBe('ended');
      expect(Date.parse(coraNow?.lastActivityAt ?? '')).toBeGreaterThan(Date.parse(ended.endedAt ?? ''));
    },
  );

  // ── Case 8 ──────────────────────────────────────────────────────────────────────────────────────
  it('turning the extension off and on (Chromium) or reloading it (Firefox) is not a browser restart: no restart, nothing restored, the live session goes on', async () => {
    const server = await site();
    const session = await browserFor(browserName);
    const page = await session.newPage();
    await page.goto(server.url('/login?user=amy'));
    const { value: amy } = await until(
      session,
      "amy's session",
      ({ sites: all }) => sessionsOf(all, LOOPBACK).find((s) => s.state === 'active'),
      { read: fromState },
    );
    await turnExtensionOffAndOn(session);
    await page.goto(server.url('/read'));
    const { value: after } = await until(
      session,
      "amy's session after the reload, with the request after it",
      ({ sites: all }) =>
        sessionsOf(all, LOOPBACK).find(
          (s) => s.id === amy.id && Date.parse(s.lastActivityAt) > Date.parse(amy.lastActivityAt),
        ),
      { read: fromState },
    );
    const state = await sendOk(session, { type: 'state/get', events: false });
    expect(state.restarts).toEqual([]);
    expect(after.state).toBe('active');
    expect(after.restartsSurvived).toBe(0);
    expect(after.restoredByBrowser).toBe(false);
    expect(typesOf(after)).not.toContain('restart-survived');
    expect(sessionsOf(await stateSites(session), LOOPBACK)).toHaveLength(1);
  });
});

/** Loads `url` in the first tab of window `windowId` (a private window no test page can reach). */
async function loadInWindow(session: Session, windowId: number, url: string): Promise<void> {
  await loadIn(session, `(await api.tabs.query({ windowId: ${windowId} }))[0]`, url);
}

/** Loads `url` in tab `tabId` (a container tab, which the test's pages do not drive). */
async function loadInTab(session: Session, tabId: number, url: string): Promise<void> {
  await loadIn(session, `await api.tabs.get(${tabId})`, url);
}

async function loadIn(session: Session, tabExpression: string, url: string): Promise<void> {
  const page = await session.newPage(session.extensionUrl('src/popup/index.html'));
  try {
    await page.evaluate(
      `(async () => { const api = globalThis.browser ?? globalThis.chrome; const tab = ${tabExpression}; await api.tabs.update(tab.id, { url: ${JSON.stringify(url)} }); await new Promise((resolve) => { const done = (id, info) => { if (id === tab.id && info.status === 'complete') { api.tabs.onUpdated.removeListener(done); resolve(true); } }; api.tabs.onUpdated.addListener(done); setTimeout(resolve, 3000); }); return true; })()`,
    );
  } finally {
    await page.close();
  }
}

/** The browser's cookies of that name in every partition (cookies.getAll alone leaves partitioned ones out). */
async function cookiesInAnyPartition(
  session: Session,
  name: string,
): Promise<{ domain: string; partitionKey?: unknown }[]> {
  const page = await session.newPage(session.extensionUrl('src/popup/index.html'));
  try {
    return await page
      .evaluate(
        `(globalThis.browser ?? globalThis.chrome).cookies.getAll({ name: ${JSON.stringify(name)}, partitionKey: {} }).then((list) => JSON.stringify(list))`,
      )
      .then((text) => JSON.parse(text as string));
  } finally {
    await page.close();
  }
}
