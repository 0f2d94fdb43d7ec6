// The message API against the real background in both browsers: bad requests get clear errors and
// change nothing; the actions (end a session, simulate a browser close, forget a site, copy cookies,
// import) do what docs/messages.md says; header capture can really be switched off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportDocument, ExportSession, ExportSite } from '../src/core/contract';
import type { Request } from '../src/core/messages';
import { BROWSERS, type DjangoServer, launch, type Session, startDjango, waitFor } from './harness';

const SITE = '127.0.0.1';

type AnyReply = { ok: boolean; error?: string; errors?: { path: string; message: string }[] } & Record<
  string,
  unknown
>;

describe.each(BROWSERS)('message API in %s', (browserName) => {
  let server: DjangoServer;
  let session: Session;

  const raw = async (request: unknown): Promise<AnyReply> =>
    (await session.send(request as Request)) as unknown as AnyReply;

  async function ok(request: Request): Promise<AnyReply> {
    const reply = await raw(request);
    if (!reply.ok) throw new Error(`${request.type} failed: ${reply.error}`);
    return reply;
  }

  async function sessions(name = 'sessionid'): Promise<ExportSession[]> {
    const doc = (await ok({ type: 'export', format: 'json' })).data as ExportDocument;
    return doc.sites.find((s) => s.site === SITE)?.sessions.filter((s) => s.cookie.name === name) ?? [];
  }

  const liveSession = () =>
    waitFor(async () => (await sessions()).find((s) => s.state === 'active'), {
      message: 'an active session',
    });

  beforeAll(async () => {
    server = await startDjango({ expireAtBrowserClose: true });
    // Header capture is switched here, which needs the permission the test build holds.
    session = await launch(browserName, { build: 'test' });
  });
  afterAll(async () => {
    await session?.close();
    await server?.stop();
  });

  it('answers a malformed or unknown request with a clear error', async () => {
    const unknown = await raw({ type: 'state/gte' });
    expect(unknown.ok).toBe(false);
    expect(unknown.error).toContain('Unknown request type "state/gte"');
    expect((await raw({ type: 'export', format: 'xml' })).error).toContain('"format"');
    expect((await raw({ type: 'session/end' })).error).toContain('"id"');
    expect((await raw({ type: 'session/end', id: 'nope' })).error).toContain('No session');
  });

  it('rejects invalid rules with field errors and keeps the rules in force', async () => {
    const before = (await ok({ type: 'rules/get' })).rules;
    const bad = await raw({ type: 'rules/set', rules: { defaults: { idleAfterSeconds: -1 } } });
    expect(bad.ok).toBe(false);
    expect(bad.errors?.map((e) => e.path)).toContain('defaults.idleAfterSeconds');
    expect((await ok({ type: 'rules/get' })).rules).toEqual(before);
    const good = await ok({ type: 'rules/set', rules: { sites: { [SITE]: { idleAfterSeconds: 60 } } } });
    expect((good.rules as { sites: Record<string, unknown> }).sites[SITE]).toEqual({ idleAfterSeconds: 60 });
  });

  it('switches header capture off and on at once', async () => {
    const status = async () =>
      (
        (await ok({ type: 'status/get' })).status as {
          headerCapture: { active: boolean };
          hostAccess: boolean;
        }
      ).headerCapture;
    expect((await ok({ type: 'status/get' })).status).toMatchObject({ hostAccess: true });
    // A new install captures no site, with or without the permission.
    expect(await status()).toMatchObject({ mode: 'sites', sites: [], active: false, permission: true });
    await ok({ type: 'settings/set', settings: { headerCapture: { mode: 'all' } } });
    expect(await status()).toMatchObject({ mode: 'all', active: true });
    await ok({ type: 'settings/set', settings: { headerCapture: { mode: 'off' } } });
    expect(await status()).toMatchObject({ mode: 'off', active: false });
    await ok({ type: 'settings/set', settings: { headerCapture: { mode: 'sites', sites: [SITE] } } });
    expect(await status()).toMatchObject({ mode: 'sites', active: true, sites: [SITE] });
    await ok({ type: 'settings/set', settings: { headerCapture: { mode: 'all' } } });
    const bad = await raw({ type: 'settings/set', settings: { headerCapture: { mode: 'some' } } });
    expect(bad.ok).toBe(false);
    expect(await status()).toMatchObject({ mode: 'all', active: true });
  });

  it('copies the cookies for curl, ends a session on request, and simulates a browser close', async () => {
    const page = await session.newPage();
    await page.goto(server.url('/login?user=alice'));
    const first = await liveSession();

    const copy = await ok({ type: 'site/cookies', site: SITE });
    expect(copy.cookieHeader).toMatch(/(^|; )sessionid=[a-z0-9]{32}(;|$)/);
    expect(copy.netscape).toMatch(/^127\.0\.0\.1\tFALSE\t\/\tFALSE\t0\tsessionid\t[a-z0-9]{32}$/m);

    expect((await ok({ type: 'session/end', id: first.id })).removed).toBe(1);
    await waitFor(
      async () => (await sessions()).find((s) => s.id === first.id && s.endReason === 'removed'),
      {
        message: 'the session to end as removed',
      },
    );
    expect(await session.browserCookies({ name: 'sessionid' })).toEqual([]);

    await page.goto(server.url('/login?user=bob'));
    const second = await waitFor(
      async () => (await sessions()).find((s) => s.state === 'active' && s.id !== first.id),
      { message: 'a second session' },
    );
    expect((await ok({ type: 'site/simulate-browser-close', site: SITE })).removed).toBe(1);
    const closed = await waitFor(
      async () => (await sessions()).find((s) => s.id === second.id && s.state === 'ended'),
      { message: 'the simulated close to end the session' },
    );
    expect(closed.endReason).toBe('browser-close');
    // Only the cookie without expiry went: csrftoken (persistent) stays.
    expect((await session.browserCookies({ name: 'csrftoken' })).length).toBe(1);
    await page.close();
  });

  it('imports an exported timeline apart from live data, and refuses a bad one without change', async () => {
    const doc = (await ok({ type: 'export', format: 'json' })).data as ExportDocument;
    const imported = await ok({
      type: 'import',
      data: { ...doc, sites: doc.sites.filter((s) => s.site === SITE) },
    });
    expect(imported.sites).toBe(1);
    const bad = await raw({ type: 'import', data: { format: 'something-else', version: 9 } });
    expect(bad.ok).toBe(false);
    const sites = (await ok({ type: 'state/get', site: SITE })).sites as (ExportSite & { origin?: string })[];
    expect(sites.filter((s) => s.origin === 'imported')).toHaveLength(1);
    expect(sites.filter((s) => s.origin === undefined)).toHaveLength(1);
  });

  it('answers state/get without events when asked, with the browser restarts, and keeps stored imports whole', async () => {
    type ViewSite = ExportSite & { origin?: string };
    const full = await ok({ type: 'state/get', site: SITE });
    const lean = await ok({ type: 'state/get', site: SITE, events: false });
    const fullSites = full.sites as ViewSite[];
    const leanSites = lean.sites as ViewSite[];
    // The same live and imported sites and sessions, in the export-contract shape, only without events.
    const ids = (sites: ViewSite[]) => sites.map((s) => [s.origin ?? 'live', s.sessions.map((x) => x.id)]);
    expect(ids(leanSites)).toEqual(ids(fullSites));
    expect(leanSites.map((s) => s.origin ?? 'live')).toEqual(['live', 'imported']);
    for (const site of fullSites) expect(site.sessions.some((x) => x.events.length > 0)).toBe(true);
    for (const site of leanSites) {
      expect(site.sessions.length).toBeGreaterThan(0);
      for (const x of site.sessions) {
        expect(x.events).toEqual([]);
        expect(x.cookie.name).toBeTruthy();
        expect(x.endsBy).toBeDefined();
      }
      expect(Array.isArray(site.inferences)).toBe(true);
    }
    expect(leanSites.map((s) => s.inferences.length)).toEqual(fullSites.map((s) => s.inferences.length));
    // The browser restarts, as the export document has them.
    const doc = (await ok({ type: 'export', format: 'json' })).data as ExportDocument;
    expect(lean.restarts).toEqual(doc.restarts.map((r) => r.at));
    expect(full.restarts).toEqual(lean.restarts);
    // Leaving the events out did not strip them from the stored import.
    const again = (await ok({ type: 'state/get', site: SITE })).sites as ViewSite[];
    expect(again.find((s) => s.origin === 'imported')?.sessions.some((x) => x.events.length > 0)).toBe(true);
    expect((await raw({ type: 'state/get', events: 'no' })).error).toContain('"events"');
  });

  it('forgets a site for good, also after the background restarts', async () => {
    const reply = await ok({ type: 'site/forget', site: SITE });
    expect(reply.forgotten).toBeGreaterThan(0);
    expect((await ok({ type: 'state/get', site: SITE })).sites).toEqual([]);
    if (browserName === 'chromium') expect(await session.stopServiceWorker()).toBe(true);
    else await session.restart();
    const after = await ok({ type: 'state/get', site: SITE });
    expect(after.sites).toEqual([]);
    // After a restart (a real one in Firefox), state/get names the browser restarts as the export does.
    const doc = (await ok({ type: 'export', format: 'json' })).data as ExportDocument;
    expect(after.restarts).toEqual(doc.restarts.map((r) => r.at));
    const csv = (await ok({ type: 'export', format: 'csv' })).data as string;
    expect(csv).not.toContain(SITE);
  });
});
