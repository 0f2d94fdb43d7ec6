// What ended, rotated or started a session, and the request that carried it, against the real Django lab
// site in Chromium and in Firefox, asserted on the JSON export: an idle logout on the server is
// `idle-timeout` with the request and the idle time it rests on, not a logout; every start, rotation and
// end names its request (method, masked URL, status) and the header that decided it; and Clear-Site-Data
// gets credit only for removals it caused. Time itself is tested where a server's idle age must pass.
import { describe, expect, it } from 'vitest';
import type { ExportDocument, ExportSession } from '../src/core/contract';
import { eventOf, evidenceOf, inference, sessionsOf, summary, until } from './fixtures/session-export';
import { tracked } from './fixtures/tracked';
import { BROWSERS, delay, LAB_HOST, LAB_HOSTS, sendOk, waitFor } from './harness';

const SITE = '127.0.0.1';

const { site, browserFor } = tracked();

const byId = (list: ExportSession[], id: string) => list.find((s) => s.id === id);

describe.each(BROWSERS)('end causes in %s', (browserName) => {
  it('an idle logout on the server (expire at browser close, save every request, age 2 s) is idle-timeout, resting on the request and the idle time', async () => {
    const server = await site({ expireAtBrowserClose: true, saveEveryRequest: true, cookieAge: 2 });
    const session = await browserFor(browserName);
    const page = await session.newPage();
    await page.goto(server.url('/login?user=alice'));
    // In use: each response re-sends the cookie, well within its age.
    await page.goto(server.url('/read'));
    await page.goto(server.url('/read'));
    expect(await page.text('#state')).not.toContain('user=anonymous');
    const { value: started } = await until(session, 'an active session', (d) =>
      sessionsOf(d.sites, SITE).find((s) => s.state === 'active'),
    );
    // Time itself is what is tested: stay idle past the server's age.
    await delay(3_000);
    await page.goto(server.url('/read'));
    expect(await page.text('#state')).toContain('user=anonymous');

    const { doc, value: ended } = await until(session, 'the session to end by idle-timeout', (d) => {
      const s = byId(sessionsOf(d.sites, SITE), started.id);
      return s?.state === 'ended' &&
        s.endReason === 'idle-timeout' &&
        !evidenceOf(eventOf(s, 'ended')).unknown
        ? s
        : null;
    });
    expect(ended.endInferred, summary(doc.sites)).toBe(true);
    const ev = evidenceOf(eventOf(ended, 'ended'));
    expect(ev.request?.method, summary(doc.sites)).toBe('GET');
    expect(ev.request?.url).toMatch(/\/read$/);
    expect(ev.request?.status).toBe(200);
    expect(ev.header?.name).toBe('Set-Cookie');
    expect(ev.header?.value).toMatch(/^sessionid="";/);
    expect(ev.why?.join(' | ')).toMatch(/idle \d+ s before it/);
  });

  it('a start, a rotation and an end each name their request, status and header; a reset token in the URL is masked', async () => {
    const server = await site();
    const session = await browserFor(browserName);
    const page = await session.newPage();
    await page.goto(server.url('/'));
    await page.goto(server.url('/login?user=alice'));
    const { value: first } = await until(session, 'a session started by its request', (d) => {
      const s = sessionsOf(d.sites, SITE)[0];
      return evidenceOf(eventOf(s, 'started')).request ? s : null;
    });
    const start = evidenceOf(eventOf(first, 'started'));
    expect(start.request?.method).toBe('GET');
    expect(start.request?.url).toMatch(/\/login\?user=\[masked\]$/);
    expect(start.request?.status).toBe(200);
    expect(start.header?.name).toBe('Set-Cookie');
    expect(start.header?.value).toMatch(/^sessionid=\[masked\];/);
    expect(start.cookieChange).toEqual({ removed: false, cause: 'set' });

    await page.goto(server.url('/cycle'));
    const { doc: rotatedDoc, value: old } = await until(session, 'the rotation with its request', (d) => {
      const s = byId(sessionsOf(d.sites, SITE), first.id);
      return s?.endReason === 'rotated' && evidenceOf(eventOf(s, 'ended')).request ? s : null;
    });
    const rotation = evidenceOf(eventOf(old, 'ended'));
    expect(rotation.request?.url, summary(rotatedDoc.sites)).toMatch(/\/cycle$/);
    expect(rotation.request?.status).toBe(200);
    expect(rotation.header?.name).toBe('Set-Cookie');
    const next = byId(sessionsOf(rotatedDoc.sites, SITE), old.replacedBy ?? '');
    expect(evidenceOf(eventOf(next, 'started')).request?.url).toMatch(/\/cycle$/);

    await page.goto(server.url('/logout'));
    const { doc, value: loggedOut } = await until(session, 'the logout with its request', (d) => {
      const s = byId(sessionsOf(d.sites, SITE), old.replacedBy ?? '');
      return s?.endReason === 'logout' && evidenceOf(eventOf(s, 'ended')).request ? s : null;
    });
    const end = evidenceOf(eventOf(loggedOut, 'ended'));
    expect(end.request?.method, summary(doc.sites)).toBe('GET');
    expect(end.request?.url).toMatch(/\/logout$/);
    expect(end.request?.status).toBe(200);
    expect(end.header?.value).toMatch(/^sessionid="";/);
    expect(end.cookieChange?.removed).toBe(true);

    // A password-reset link: the session it starts names the request, with the token masked.
    const token = 'c4n7x2-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
    await page.goto(server.url(`/reset/MQ/${token}/?redirect=0`));
    const { doc: resetDoc, value: reset } = await until(session, 'a session started by the reset link', (d) =>
      sessionsOf(d.sites, SITE).find((s) =>
        /\/reset\//.test(evidenceOf(eventOf(s, 'started')).request?.url ?? ''),
      ),
    );
    const url = evidenceOf(eventOf(reset, 'started')).request?.url ?? '';
    expect(url, summary(resetDoc.sites)).not.toContain(token);
    expect(url).toMatch(/\/reset\/MQ\/\[masked\]\/\?redirect=\[masked\]$/);
  });

  it('Clear-Site-Data over plain http on a host name gets no credit: the logout is attributed to the deletion that removed the cookie', async () => {
    const server = await site();
    const session = await browserFor(browserName, { loopbackHosts: LAB_HOSTS });
    await sendOk(session, { type: 'capture/set', site: 'example.test', captured: true });
    const at = { host: LAB_HOST.app, https: false };
    const page = await session.newPage();
    await page.goto(server.url('/login?user=alice', at));
    const siteKey = (d: ExportDocument) =>
      d.sites.find((s) => s.site.endsWith('example.test'))?.site ?? 'example.test';
    const { value: started } = await until(session, 'a session on app.example.test', (d) =>
      sessionsOf(d.sites, siteKey(d)).find((s) => s.state === 'active'),
    );
    await page.goto(server.url('/logout-clear-site-data', at));
    // Chromium ignores the header over plain http and, with it, the response's Set-Cookie: the cookie
    // stays until the server deletes it again. Firefox applies the deletion.
    const kept = (await session.browserCookies({ name: 'sessionid' })).length > 0;
    expect(kept).toBe(browserName === 'chromium');
    if (kept) {
      await page.goto(server.url('/read', at));
      await waitFor(async () => (await session.browserCookies({ name: 'sessionid' })).length === 0, {
        message: 'sessionid deleted by the next response',
      });
    }
    const { doc, value: ended } = await until(session, 'the session to end by the logout', (d) => {
      const s = byId(sessionsOf(d.sites, siteKey(d)), started.id);
      return s?.state === 'ended' && s.endReason === 'logout' && evidenceOf(eventOf(s, 'ended')).request
        ? s
        : null;
    });
    const ev = evidenceOf(eventOf(ended, 'ended'));
    expect(ev.header?.name, summary(doc.sites)).toBe('Set-Cookie');
    expect(ev.request?.url).toMatch(kept ? /\/read$/ : /\/logout-clear-site-data$/);
    expect(ended.endInferred).toBe(kept);
    const honoured = inference(doc.sites, siteKey(doc), 'clear-site-data-honoured');
    expect(honoured?.value, summary(doc.sites)).toBe(false);
    expect(sessionsOf(doc.sites, siteKey(doc)).filter((s) => s.endReason === 'clear-site-data')).toEqual([]);
    // Where the browser kept the cookie, the logout it ignored is reported, with its request, once the
    // moment in which a late removal could still arrive has passed.
    const says = kept ? /the browser kept sessionid/ : null;
    const { doc: later } = await until(
      session,
      kept ? 'the ignored logout' : 'the deletion credited to the logout',
      (d) => {
        const ignored = inference(d.sites, siteKey(d), 'logout-ignored');
        const why = JSON.stringify(
          inference(d.sites, siteKey(d), 'clear-site-data-honoured')?.evidence ?? [],
        );
        if (says) return ignored && says.test(JSON.stringify(ignored.evidence)) ? d : null;
        return !ignored && /removed by the same response's Set-Cookie/.test(why) ? d : null;
      },
      { timeout: 12_000 },
    );
    const why = JSON.stringify(inference(later.sites, siteKey(later), 'clear-site-data-honoured')?.evidence);
    if (kept) expect(why).not.toMatch(/removed by the same response's Set-Cookie/);
  });

  it('a logout after an honoured Clear-Site-Data is the logout: the header sent before the session started is not its cause', async () => {
    const server = await site();
    const session = await browserFor(browserName);
    const page = await session.newPage();
    const local = (path: string) => server.url(path).replace('127.0.0.1', 'localhost');
    await page.goto(local('/login?user=alice'));
    const { value: first } = await until(session, 'a session', (d) => sessionsOf(d.sites, 'localhost')[0]);
    await page.goto(local('/clear-site-data'));
    await until(session, 'the first session ended by Clear-Site-Data', (d) =>
      byId(sessionsOf(d.sites, 'localhost'), first.id)?.endReason === 'clear-site-data' ? d : null,
    );
    // Within the header's window: a new session, then a plain logout.
    await page.goto(local('/login?user=bob'));
    const { value: second } = await until(session, 'a second session', (d) =>
      sessionsOf(d.sites, 'localhost').find((s) => s.id !== first.id && s.state === 'active'),
    );
    await page.goto(local('/logout'));
    const { doc, value: ended } = await until(session, 'the second session to end', (d) => {
      const s = byId(sessionsOf(d.sites, 'localhost'), second.id);
      return s?.state === 'ended' && s.endReason !== 'removed' ? s : null;
    });
    expect(ended.endReason, summary(doc.sites)).toBe('logout');
    expect(evidenceOf(eventOf(ended, 'ended')).request?.url).toMatch(/\/logout$/);
    const honoured = inference(doc.sites, 'localhost', 'clear-site-data-honoured');
    expect(honoured?.value).toBe(true);
    expect(JSON.stringify(honoured?.evidence)).toContain('"cookiesRemoved":');
  });
});
