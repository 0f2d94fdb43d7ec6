// What Sessionscope says about a session cookie's expiry, against the real Django lab site in Chromium and
// in Firefox, asserted on the JSON export: a Max-Age the server re-sends slides by definition, even when
// the re-sends come within one second (Firefox then reports no cookie change at all); right after a
// login with Django's defaults nothing shows yet whether the expiry moves, so the verdict is unknown,
// never "fixed".
import { describe, expect, it } from 'vitest';
import { inference, sessionsOf, summary, until } from './fixtures/session-export';
import { tracked } from './fixtures/tracked';
import { BROWSERS } from './harness';

const SITE = '127.0.0.1';

const { site, browserFor } = tracked();

type Expiry = { mode?: string; maxAgeSeconds?: number | null };

describe.each(BROWSERS)('expiry verdicts in %s', (browserName) => {
  it('SESSION_SAVE_EVERY_REQUEST, several requests within a second: sliding, never fixed', async () => {
    const server = await site({ saveEveryRequest: true });
    const session = await browserFor(browserName);
    const page = await session.newPage();
    await page.goto(server.url('/login?user=alice'));
    // Fetched at once, mostly within the login's second: Firefox then reports no change for the re-sends.
    await page.evaluate(
      "Promise.all(['/read', '/read', '/noop'].map((p) => fetch(p).then((r) => r.status))).then((s) => s.join())",
    );
    await page.goto(server.url('/read'));
    const { doc, value } = await until(session, 'a sliding expiry', (d) => {
      const i = inference(d.sites, SITE, 'expiry');
      return (i?.value as Expiry | undefined)?.mode?.startsWith('sliding') ? i : null;
    });
    expect((value.value as Expiry).maxAgeSeconds, summary(doc.sites)).toBe(1209600);
    expect(value.evidence.join(' | ')).toMatch(/re-sends? of the same sessionid with Max-Age/);
    expect(sessionsOf(doc.sites, SITE)).toHaveLength(1);
    expect(sessionsOf(doc.sites, SITE)[0]?.state).toBe('active');
    // What the views say ends it: a write pushes the expiry, not a fixed date.
    expect(['expires-after-inactivity', 'expires-after-write']).toContain(
      sessionsOf(doc.sites, SITE)[0]?.endsBy?.kind,
    );
  });

  it('Django defaults, right after a login: the expiry is not known yet, not fixed', async () => {
    const server = await site();
    const session = await browserFor(browserName);
    const page = await session.newPage();
    await page.goto(server.url('/'));
    await page.goto(server.url('/login?user=alice'));
    // Pages that leave the session unchanged: Django sends no cookie, so nothing shows how the expiry moves.
    await page.goto(server.url('/read'));
    await page.goto(server.url('/noop'));
    const { doc, value } = await until(session, 'the expiry verdict', (d) => {
      const i = inference(d.sites, SITE, 'expiry');
      return sessionsOf(d.sites, SITE)[0]?.state === 'active' ? i : null;
    });
    expect((value.value as Expiry).mode, summary(doc.sites)).toBe('unknown');
    expect(value.evidence.join(' | ')).toMatch(/not known yet/);
    const endsBy = sessionsOf(doc.sites, SITE)[0]?.endsBy;
    expect(endsBy?.kind, summary(doc.sites)).toBe('expiry-unknown');
    expect(JSON.stringify(endsBy)).toMatch(/Django re-sends the cookie, moving its expiry/);
    const age = inference(doc.sites, SITE, 'cookie-age');
    expect(age?.value).toBe(1209600);
  });
});
