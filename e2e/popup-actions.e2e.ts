// The popup's action buttons, clicked as a user would, against the Django lab site with
// SESSION_EXPIRE_AT_BROWSER_CLOSE: copying (summary, Cookie header, cookies.txt) and simulating a
// browser close, checked by what the user sees, what lands on the clipboard, and the export.
import type { BrowserContext, Page as PlaywrightPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSERS,
  type DjangoServer,
  type E2EPage,
  exportJson,
  launch,
  POPUP_PATH,
  type Session,
  startDjango,
} from './harness';

const SITE = '127.0.0.1';
const card = (state: string) => `article[data-state="${state}"]`;

/** Marks the button whose label is `label` so a real click can target it; returns its selector. */
async function button(page: E2EPage, label: string): Promise<string> {
  const found = await page.evaluate<boolean, string>((text) => {
    const b = [...document.querySelectorAll('button')].find((el) => el.textContent?.trim() === text);
    b?.setAttribute('data-e2e', text);
    return Boolean(b);
  }, label);
  if (!found) throw new Error(`no button labelled ${label}`);
  return `button[data-e2e="${label}"]`;
}

describe.each(BROWSERS)('popup actions in %s', (browserName) => {
  let server: DjangoServer;
  let session: Session;
  let popup: E2EPage;
  let sessionid = '';

  beforeAll(async () => {
    server = await startDjango({ expireAtBrowserClose: true });
    session = await launch(browserName);
    const site = await session.newPage(server.url('/login?user=alice'));
    expect(await site.text('#state')).toBe('logged in as alice');
    const [cookie] = await session.browserCookies({ name: 'sessionid' });
    sessionid = cookie?.value ?? '';
    popup = await session.newPage(session.extensionUrl(`${POPUP_PATH}?site=${SITE}`));
    await popup.waitForText(card('active'), 'sessionid', 20_000);
  });
  afterAll(async () => {
    await session?.close();
    await server?.stop();
  });

  // Chromium needs clipboard permissions granted (it calls an extension origin opaque and refuses a
  // per-origin grant, so the grant is context-wide) and the page focused; Firefox lets the extension
  // page read back what it wrote headless without a grant.
  it('copies the Cookie header, cookies.txt and a summary without cookie values', async () => {
    if (browserName === 'chromium') {
      const context = session.raw.context as BrowserContext;
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await (popup.raw as PlaywrightPage).bringToFront();
    }
    expect(sessionid).toMatch(/^[a-z0-9]{32}$/);
    const clipboard = () => popup.evaluate<string>('navigator.clipboard.readText()');

    await popup.click(await button(popup, 'Cookie: header'));
    await popup.waitForText('.status', 'Cookie header copied');
    const header = await clipboard();
    expect(header).toMatch(/sessionid=[a-z0-9]{32}/);
    expect(header).toContain(`sessionid=${sessionid}`);

    await popup.click(await button(popup, 'cookies.txt'));
    await popup.waitForText('.status', 'cookies.txt copied');
    const netscape = await clipboard();
    expect(netscape.split('\n')).toContain(`${SITE}\tFALSE\t/\tFALSE\t0\tsessionid\t${sessionid}`);
    expect(netscape).toMatch(/^127\.0\.0\.1\tFALSE\t\/\tFALSE\t\d+\tsessionid\t[a-z0-9]{32}$/m);

    await popup.click(await button(popup, 'Summary for a bug report'));
    await popup.waitForText('.status', 'Summary copied');
    const summary = await clipboard();
    expect(summary).toContain(SITE);
    expect(summary).toMatch(/sessionid \(django\): Active/);
    expect(summary).not.toContain(sessionid);
  });

  it('simulates a browser close: the session ends in words, the persistent csrftoken stays', async () => {
    expect((await session.browserCookies({ name: 'csrftoken' })).length).toBe(1);
    await popup.click(await button(popup, 'Simulate browser close'));
    await popup.waitForText('.status', 'Browser close simulated');
    const text = await popup.waitForText(card('ended'), 'the browser closed', 20_000);
    expect(text).toContain('Ended');
    expect(await popup.text(card('active'))).toBe('');

    const doc = await exportJson(session);
    const mine = doc.sites.find((s) => s.site === SITE);
    const ended = mine?.sessions.find((s) => s.cookie.name === 'sessionid');
    expect(ended?.state).toBe('ended');
    expect(ended?.endReason).toBe('browser-close');
    expect(await session.browserCookies({ name: 'sessionid' })).toEqual([]);
    expect((await session.browserCookies({ name: 'csrftoken' })).length).toBe(1);
  });
});
