// How a Django site's sessions live and end, asserted in real Chromium and Firefox with Sessionscope.
// Two instances of the site (addresses in SITE_URL and IDLE_SITE_URL), both with
//   SESSION_EXPIRE_AT_BROWSER_CLOSE = True
// and IDLE_SITE_URL also with a server-side idle timeout of 2 s:
//   SESSION_SAVE_EVERY_REQUEST = True, SESSION_COOKIE_AGE = 2
import { type BrowserName, type Launched, launch, sessionscopeMatchers } from 'sessionscope-testing';
import 'sessionscope-testing/vitest';
import { afterEach, describe, expect, it } from 'vitest';

expect.extend(sessionscopeMatchers);

const SITE = process.env.SITE_URL ?? 'http://127.0.0.1:8000';
const IDLE_SITE = process.env.IDLE_SITE_URL ?? 'http://127.0.0.1:8001';
const BROWSERS = (process.env.BROWSERS ?? 'chromium,firefox').split(',') as BrowserName[];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(BROWSERS)('Django sessions in %s', (browser) => {
  let launched: Launched | undefined;
  afterEach(async () => {
    await launched?.scope.close();
    launched = undefined;
  });

  /** A browser with Sessionscope that sees the site's requests (what tells a logout from a timeout). */
  async function start(site: string, restoreSession = false): Promise<Launched> {
    launched = await launch({ browser, restoreSession });
    await launched.scope.capture(site);
    return launched;
  }

  it('ends the session after 2 s without a request: idle-timeout', async () => {
    const { page, scope } = await start(IDLE_SITE);
    await page.goto(`${IDLE_SITE}/login?user=alice`);
    // Used again within the 2 s: the server re-sends the cookie, its lifetime slides.
    await pause(1_100);
    await page.goto(`${IDLE_SITE}/read`);
    expect(await scope.waitFor('sessionid', { state: 'active' })).toBeActive();

    // Time itself is what is tested: stay idle past SESSION_COOKIE_AGE. The next request finds the
    // session gone on the server, which deletes the cookie.
    await pause(3_000);
    await page.goto(`${IDLE_SITE}/read`);
    const ended = await scope.waitFor('sessionid', { state: 'ended' });
    expect(ended).toHaveEnded('idle-timeout');
  });

  it('SESSION_EXPIRE_AT_BROWSER_CLOSE: a restart without session restore ends the session', async () => {
    const { page, scope } = await start(SITE, false);
    await page.goto(`${SITE}/login?user=alice`);
    const before = await scope.waitFor('sessionid', { state: 'active' });
    expect(before.cookie.session).toBe(true);

    await scope.restartBrowser({ restore: false });
    const after = await scope.waitFor('sessionid', {
      where: (s) => s.id === before.id && s.state === 'ended',
    });
    expect(after).toHaveEnded('browser-close');
  });

  it('SESSION_EXPIRE_AT_BROWSER_CLOSE: a restart that restores the last session keeps it', async () => {
    const { page, scope } = await start(SITE, true);
    await page.goto(`${SITE}/login?user=alice`);
    const before = await scope.waitFor('sessionid', { state: 'active' });

    const restored = await scope.restartBrowser({ restore: true });
    const after = await scope.waitFor('sessionid', {
      where: (s) => s.id === before.id && s.restartsSurvived === 1,
    });
    expect(after).toHaveSurvivedRestart(1);
    expect(after.restoredByBrowser).toBe(true);
    // The restored tab is still logged in.
    await restored.goto(`${SITE}/read`);
    expect(await scope.waitFor('sessionid', { where: (s) => s.id === before.id })).toBeActive();
  });

  it('rotates the session key at login', async () => {
    const { page, scope } = await start(SITE);
    // An anonymous session first (the site stores something in it), then the login.
    await page.goto(`${SITE}/touch`);
    const anonymous = await scope.waitFor('sessionid', { state: 'active' });
    await page.goto(`${SITE}/login?user=alice`);

    const old = await scope.waitFor('sessionid', { reason: 'rotated', where: (s) => s.id === anonymous.id });
    expect(old).toHaveRotated();
    const current = await scope.session('sessionid');
    expect(current.replaces).toBe(anonymous.id);
    expect(current).toBeActive();
  });

  it('logout ends the session: logout', async () => {
    const { page, scope } = await start(SITE);
    await page.goto(`${SITE}/login?user=alice`);
    await scope.waitFor('sessionid', { state: 'active' });
    await page.goto(`${SITE}/logout`);
    expect(await scope.waitFor('sessionid', { state: 'ended' })).toHaveEnded('logout');
  });
});
