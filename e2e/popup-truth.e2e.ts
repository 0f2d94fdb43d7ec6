// What each verdict rests on, as a user reads it in the popup, in Chromium and Firefox, with the real
// background watching the Django lab site (requests captured): a logout with the request that carried
// the deletion, a session cookie the browser refused with its header and the rule it broke, a signed
// cookie's payload history, and a session's own Cookie header. axe checks each state.
import type { BrowserContext, Page as PlaywrightPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchCapturing } from './fixtures/header-capture';
import {
  BROWSERS,
  type DjangoServer,
  POPUP_PATH,
  type Session,
  sendOk,
  startDjango,
  waitFor,
} from './harness';
import { screenshot, seriousViolations } from './ui-checks';

const card = (state: string) => `article[data-state="${state}"]`;

describe.each(BROWSERS)('the popup shows what verdicts rest on, in %s', (browserName) => {
  let server: DjangoServer;
  let session: Session;

  beforeAll(async () => {
    server = await startDjango();
    session = await launchCapturing(browserName);
  });
  afterAll(async () => {
    await session?.close();
    await server?.stop();
  });

  const popupFor = (site: string) => session.newPage(session.extensionUrl(`${POPUP_PATH}?site=${site}`));

  it('a logout: the ended session names the request that carried the deletion, and why it is a logout', async () => {
    const site = await session.newPage(server.url('/login?user=amy'));
    expect(await site.text('#state')).toBe('logged in as amy');
    await site.goto(server.url('/logout'));
    expect(await site.text('#state')).toBe('logged out');

    const popup = await popupFor('127.0.0.1');
    const evidence = `${card('ended')} [data-testid="end-evidence"]`;
    // The deletion's response may reach the background after the removal (Firefox): wait for the verdict.
    const text = await popup.waitForText(evidence, 'is a logout URL', 30_000);
    expect(await popup.text(card('ended'))).toContain('you logged out');
    expect(text).toContain('What the end rests on');
    expect(text).toContain('Seen directly, not inferred.');
    expect(text).toContain(`GET ${server.url('/logout')} → 200`);
    expect(text).toMatch(/Set-Cookie: sessionid="";.*Max-Age=0/);
    expect(text).toContain('GET to this URL is a logout URL');
    expect(await seriousViolations(popup, `truth logout ${browserName}`)).toEqual([]);
    await screenshot(popup, `popup-truth-logout-${browserName}`);
  });

  it('a refused session cookie: its Set-Cookie header, the request and the browser rule it broke', async () => {
    const site = await session.newPage(
      server.url('/refused/samesite-none-without-secure').replace('127.0.0.1', 'localhost'),
    );
    const header = await site.text('#header');
    expect(header).toContain('SameSite=None');
    expect((await session.browserCookies({ domain: 'localhost', name: 'sessionid' })).length).toBe(0);
    // Nothing is claimed until the cookie had its chance to appear (src/core/refusals.ts).
    await waitFor(
      async () => {
        const r = await session.send({ type: 'state/get', site: 'localhost' });
        return r.ok && r.sites.some((s) => s.inferences.some((i) => i.kind === 'cookie-refused'));
      },
      { timeout: 30_000, message: 'the refusal reported on localhost' },
    );
    const popup = await popupFor('localhost');
    const text = await popup.waitForText('.refusals', 'sessionid', 20_000);
    expect(text).toContain('Refused cookies');
    expect(text).toContain(
      'The browser refused the session cookie sessionid (rule: samesite-none-insecure).',
    );
    expect(text).toContain('SameSite=None without Secure: browsers reject it');
    // The header as sent, its value hidden: a refused session id is still a secret.
    expect(text).toMatch(/Set-Cookie: sessionid=<value hidden, 32 characters>;.*SameSite=None/);
    expect(text).toContain(
      `GET ${server.url('/refused/samesite-none-without-secure').replace('127.0.0.1', 'localhost')} → 200`,
    );
    expect(text).toMatch(/no sessionid cookie with that value appeared/);
    // No session to show: the page says why, instead of asking the user to sign in.
    expect(await popup.text('.empty')).toContain('The browser refused the session cookie this site sent');
    expect(await seriousViolations(popup, `truth refused ${browserName}`)).toEqual([]);
    await screenshot(popup, `popup-truth-refused-${browserName}`);
  });

  it('a signed cookie: the payload history says what changed and when; its own Cookie header copies', async () => {
    const signed = await startDjango({ engine: 'signed_cookies' });
    try {
      // Another host than the first server's, so that its cookies are this server's alone.
      const host = 'localhost';
      await sendOk(session, { type: 'site/forget', site: host });
      const site = await session.newPage(signed.url('/login?user=dora').replace('127.0.0.1', host));
      expect(await site.text('#state')).toBe('logged in as dora');
      await site.goto(signed.url('/touch').replace('127.0.0.1', host));
      expect(await site.text('#state')).toBe('counter=1');

      const popup = await popupFor(host);
      const history = `${card('active')} .payload-history`;
      const text = await popup.waitForText(history, 'Changed: counter', 30_000);
      expect(text).toContain('Payload history');
      expect(text).toMatch(/First payload: .*_auth_user_id/);
      expect(text).toContain('counter: •••');
      await popup.click(`${history} button`);
      expect(await popup.waitForText(history, 'counter: 1')).toContain('Hide values');
      expect(await seriousViolations(popup, `truth payload ${browserName}`)).toEqual([]);
      await screenshot(popup, `popup-truth-payload-${browserName}`);

      // Chromium grants clipboard access only context-wide and to a focused page (popup-actions.e2e.ts).
      if (browserName === 'chromium') {
        await (session.raw.context as BrowserContext).grantPermissions(['clipboard-read', 'clipboard-write']);
        await (popup.raw as PlaywrightPage).bringToFront();
      }
      const [cookie] = await session.browserCookies({ domain: host, name: 'sessionid' });
      expect(cookie?.value).toBeTruthy();
      await popup.click(`${card('active')} button[data-action="copy-session-header"]`);
      const status = await popup.waitForText('.status', 'Cookie header copied');
      expect(status).toMatch(/cookies the browser would send to http:\/\/localhost\//);
      const copied = await popup.evaluate<string>('navigator.clipboard.readText()');
      expect(copied.split('; ')).toContain(`sessionid=${cookie?.value}`);
    } finally {
      await signed.stop();
    }
  });
});
