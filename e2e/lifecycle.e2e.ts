// Session lifecycles against the real Django lab site, in Chromium and in Firefox, each asserted on
// the JSON export (`{ type: 'export', format: 'json' }`), the contract other tools read. Every wait is a
// condition with a deadline; the few fixed pauses are where time itself is tested (an expiry that must
// move by at least a second, a signed value whose timestamp must change).
import { describe, expect, it } from 'vitest';
import type { ExportSession } from '../src/core/contract';
import { inference, sessionsOf, summary, until } from './fixtures/session-export';
import { tracked } from './fixtures/tracked';
import { BROWSERS, delay, sendOk as send } from './harness';

const SITE = '127.0.0.1';

// Logouts, Clear-Site-Data and sliding expiry are told by response headers: the browsers capture them.
const { site, browserFor } = tracked();

const one = (list: ExportSession[], pred: (s: ExportSession) => boolean) => list.find(pred) ?? null;

describe.each(BROWSERS)('session lifecycle in %s', (browserName) => {
  it('log in → active; no activity → idle; a request → active; log out → ended (logout)', async () => {
    const server = await site();
    const session = await browserFor(browserName);
    await send(session, { type: 'rules/set', rules: { sites: { [SITE]: { idleAfterSeconds: 2 } } } });
    const page = await session.newPage();
    await page.goto(server.url('/'));
    await page.goto(server.url('/login?user=alice'));

    const { value: started } = await until(session, 'an active Django session', (d) =>
      one(sessionsOf(d.sites, SITE), (s) => s.state === 'active'),
    );
    expect(started.framework).toBe('django');
    expect(started.endReason).toBeNull();

    // idleAfterSeconds is 2: time itself is what is tested here.
    const { value: idle } = await until(session, 'the session to become idle', (d) =>
      one(sessionsOf(d.sites, SITE), (s) => s.id === started.id && s.state === 'idle'),
    );
    expect(idle.events.map((e) => e.type)).toContain('idle');

    await page.goto(server.url('/read'));
    const { value: again } = await until(session, 'the session to be active again', (d) =>
      one(sessionsOf(d.sites, SITE), (s) => s.id === started.id && s.state === 'active'),
    );
    expect(Date.parse(again.lastActivityAt)).toBeGreaterThan(Date.parse(idle.lastActivityAt));

    await page.goto(server.url('/logout'));
    const { doc, value: ended } = await until(session, 'the session to end by logout', (d) =>
      one(
        sessionsOf(d.sites, SITE),
        (s) => s.id === started.id && s.state === 'ended' && s.endReason === 'logout',
      ),
    );
    expect(ended.endedAt).not.toBeNull();
    expect(sessionsOf(doc.sites, SITE).filter((s) => s.state !== 'ended')).toEqual([]);
  });

  it('SESSION_COOKIE_AGE of 3 s → ended (expired)', async () => {
    const server = await site({ cookieAge: 3 });
    const session = await browserFor(browserName);
    const page = await session.newPage();
    await page.goto(server.url('/login?user=alice'));
    const { value: started } = await until(session, 'a session', (d) => sessionsOf(d.sites, SITE)[0]);
    expect(started.cookie.session).toBe(false);
    const { value: ended } = await until(
      session,
      'the session to expire',
      (d) => one(sessionsOf(d.sites, SITE), (s) => s.id === started.id && s.state === 'ended'),
      { timeout: 12_000 },
    );
    expect(ended.endReason).toBe('expired');
    expect(Date.parse(ended.endedAt ?? '')).toBe(Date.parse(started.cookie.expiresAt ?? 'x'));
  });

  it('cycle_key on the db backend → the old session ended (rotated), linked to the new one', async () => {
    const server = await site({ engine: 'db' });
    const session = await browserFor(browserName);
    const page = await session.newPage();
    await page.goto(server.url('/login?user=alice'));
    const { value: first } = await until(session, 'a session', (d) => sessionsOf(d.sites, SITE)[0]);
    await page.goto(server.url('/cycle'));
    const { doc, value: old } = await until(session, 'the old session to be rotated', (d) =>
      one(sessionsOf(d.sites, SITE), (s) => s.id === first.id && s.endReason === 'rotated'),
    );
    expect(old.state).toBe('ended');
    const next = sessionsOf(doc.sites, SITE).find((s) => s.id === old.replacedBy);
    expect(next, summary(doc.sites)).toBeDefined();
    expect(next?.replaces).toBe(old.id);
    expect(next?.state).toBe('active');
    expect(next?.cookie.valueHash).not.toBe(old.cookie.valueHash);
  });

  it('signed_cookies: decoded holds _auth_user_id after login; new values while logged in do not rotate', async () => {
    const server = await site({ engine: 'signed_cookies' });
    const session = await browserFor(browserName);
    const page = await session.newPage();
    await page.goto(server.url('/'));
    await page.goto(server.url('/login?user=alice'));
    const { value: loggedIn } = await until(session, 'a decoded signed session', (d) =>
      one(sessionsOf(d.sites, SITE), (s) => typeof s.decoded?._auth_user_id === 'string'),
    );
    expect(loggedIn.framework).toBe('django');
    // The signed value carries a timestamp in seconds: wait for it to change, so /touch sends a new value.
    await delay(1100);
    await page.goto(server.url('/touch'));
    const { doc, value: touched } = await until(session, 'the session to take the new value', (d) =>
      one(
        sessionsOf(d.sites, SITE),
        (s) => s.id === loggedIn.id && s.cookie.valueHash !== loggedIn.cookie.valueHash,
      ),
    );
    expect(touched.state).toBe('active');
    expect(touched.endReason).toBeNull();
    expect(touched.replacedBy).toBeNull();
    expect(touched.decoded?._auth_user_id).toBe(loggedIn.decoded?._auth_user_id);
    expect(touched.decoded?.counter).toBe(1);
    expect(sessionsOf(doc.sites, SITE).filter((s) => s.endReason === 'rotated')).toEqual([]);
  });

  it('Clear-Site-Data: "cookies" → ended (clear-site-data), inferred honoured', async () => {
    const server = await site();
    const session = await browserFor(browserName);
    const page = await session.newPage();
    // The header is honoured in secure contexts only: localhost is one over plain http.
    const local = (path: string) => server.url(path).replace('127.0.0.1', 'localhost');
    await page.goto(local('/login?user=alice'));
    const { value: started } = await until(session, 'a session', (d) => sessionsOf(d.sites, 'localhost')[0]);
    await page.goto(local('/clear-site-data'));
    const { doc, value: ended } = await until(session, 'the session to end by Clear-Site-Data', (d) =>
      one(sessionsOf(d.sites, 'localhost'), (s) => s.id === started.id && s.endReason === 'clear-site-data'),
    );
    expect(ended.state).toBe('ended');
    const honoured = await until(session, 'the honoured inference', (d) =>
      inference(d.sites, 'localhost', 'clear-site-data-honoured'),
    );
    expect(honoured.value.value, summary(doc.sites)).toBe(true);
  });

  it.each([false, true])(
    'SESSION_EXPIRE_AT_BROWSER_CLOSE across a real restart, session restore %s',
    async (sessionRestore) => {
      const server = await site({ expireAtBrowserClose: true });
      const session = await browserFor(browserName, { permanentInstall: true });
      // A persistent cookie, pinned as a session so the export follows it across the restart.
      await send(session, { type: 'rules/set', rules: { defaults: { pinned: ['keep'] } } });
      const page = await session.newPage();
      await page.goto(server.url('/login?user=alice'));
      await page.goto(server.url('/cookie?name=keep&value=1&max_age=3600'));
      const { value: before } = await until(session, 'both sessions', (d) => {
        const sid = sessionsOf(d.sites, SITE)[0];
        return sid && sessionsOf(d.sites, SITE, 'keep')[0] ? sid : null;
      });
      expect(before.cookie.session).toBe(true);

      await session.restart({ sessionRestore });

      const { doc } = await until(session, 'the restart to be recorded', (d) =>
        d.restarts.length === 1 && sessionsOf(d.sites, SITE)[0]?.events.length ? d : null,
      );
      const sid = sessionsOf(doc.sites, SITE).find((s) => s.id === before.id);
      const keep = sessionsOf(doc.sites, SITE, 'keep')[0];
      if (sessionRestore) {
        expect(sid?.state, summary(doc.sites)).toBe('active');
        expect(sid?.restartsSurvived).toBe(1);
        expect(sid?.restoredByBrowser).toBe(true);
      } else {
        expect(sid?.state, summary(doc.sites)).toBe('ended');
        expect(sid?.endReason).toBe('browser-close');
      }
      expect(keep?.state, summary(doc.sites)).toBe('active');
      expect(keep?.restartsSurvived).toBe(1);
      expect(keep?.restoredByBrowser).toBe(false);
    },
  );

  it('SESSION_SAVE_EVERY_REQUEST → an expiry that slides on every response is inferred', async () => {
    const server = await site({ saveEveryRequest: true });
    const session = await browserFor(browserName);
    const page = await session.newPage();
    await page.goto(server.url('/login?user=alice'));
    // Expiry moves in whole seconds: each response must come at least a second after the previous.
    await delay(1100);
    await page.goto(server.url('/read'));
    await delay(1100);
    await page.goto(server.url('/noop'));
    const { doc, value } = await until(session, 'a sliding-every-response expiry', (d) => {
      const i = inference(d.sites, SITE, 'expiry');
      return (i?.value as { mode?: string } | undefined)?.mode === 'sliding-every-response' ? i : null;
    });
    expect((value.value as { maxAgeSeconds?: number }).maxAgeSeconds).toBe(1209600);
    expect(sessionsOf(doc.sites, SITE)).toHaveLength(1);
  });
});

describe.runIf(BROWSERS.includes('chromium'))('Chromium service worker stopped mid-scenario', () => {
  it('loses no observation: rotation, activity and logout after each stop are all in the export', async () => {
    const server = await site();
    const session = await browserFor('chromium');
    await send(session, { type: 'rules/set', rules: { sites: { [SITE]: { idleAfterSeconds: 2 } } } });
    const page = await session.newPage();
    await page.goto(server.url('/login?user=alice'));
    const { value: first } = await until(session, 'a session', (d) => sessionsOf(d.sites, SITE)[0]);

    expect(await session.stopServiceWorker()).toBe(true);
    await page.goto(server.url('/cycle'));
    expect(await session.stopServiceWorker()).toBe(true);
    await page.goto(server.url('/touch'));
    expect(await session.stopServiceWorker()).toBe(true);
    await page.goto(server.url('/logout'));

    const { doc } = await until(session, 'rotation and logout', (d) => {
      const list = sessionsOf(d.sites, SITE);
      const old = list.find((s) => s.id === first.id);
      const next = list.find((s) => s.id === old?.replacedBy);
      return old?.endReason === 'rotated' && next?.endReason === 'logout' ? d : null;
    });
    const next = sessionsOf(doc.sites, SITE).find((s) => s.replaces === first.id);
    // Every step after a stop left its mark: started by /cycle, updated by /touch, ended by /logout.
    expect(next?.events.map((e) => e.type)).toEqual(expect.arrayContaining(['started', 'updated', 'ended']));
    expect(sessionsOf(doc.sites, SITE)).toHaveLength(2);
  });
});
