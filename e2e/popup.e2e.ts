// What a user sees in the popup, in Chromium and Firefox, with the real background watching the Django
// lab site: an active, an idle and an ended session, the timeline, masked payloads, the all-sites list,
// and an accessibility check. Screenshots go to e2e/artifacts/.
import { readFileSync } from 'node:fs';
import type { Page as PlaywrightPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchCapturing } from './fixtures/header-capture';
import {
  BROWSERS,
  type DjangoServer,
  type E2EPage,
  launch,
  POPUP_PATH,
  type Session,
  startDjango,
  waitFor,
} from './harness';
import { readActionPopup, screenshot, seriousViolations } from './ui-checks';

const SITE = '127.0.0.1';

async function ok<T extends { ok: boolean }>(reply: Promise<T>): Promise<T> {
  const r = await reply;
  if (!r.ok) throw new Error(`message failed: ${JSON.stringify(r)}`);
  return r;
}

describe.each(BROWSERS)('popup in %s', (browserName) => {
  let server: DjangoServer;
  let session: Session;
  let popup: E2EPage;

  beforeAll(async () => {
    server = await startDjango();
    // The session it shows ends by logout, which Firefox tells apart only by the Set-Cookie deletion.
    session = await launchCapturing(browserName);
  });
  afterAll(async () => {
    await session?.close();
    await server?.stop();
  });

  const card = (state: string) => `article[data-state="${state}"]`;

  it('shows an active session of the site: state, framework, cookie, times, what ends it, countdowns', async () => {
    const site = await session.newPage(server.url('/login?user=alice'));
    expect(await site.text('#state')).toBe('logged in as alice');
    popup = await session.newPage(session.extensionUrl(`${POPUP_PATH}?site=${SITE}`));
    const text = await popup.waitForText(card('active'), 'sessionid', 20_000);
    expect(text).toContain('Active');
    expect(text).toContain('django');
    expect(text).toMatch(/Started/);
    expect(text).toMatch(/Last activity/);
    // Django's default: a two-week Max-Age cookie, so the summary names its expiry.
    expect(text).toMatch(/Expires/);
    expect(text).toMatch(/Goes idle\s+in \d+ min/);
    expect(await popup.text('#site-title')).toBe(SITE);
    const violations = await seriousViolations(popup, `popup active ${browserName}`);
    expect(violations).toEqual([]);
    await screenshot(popup, `popup-active-${browserName}`);
  });

  it('shows the session idle once the idle rule passes, with no activity', async () => {
    await ok(session.send({ type: 'rules/set', rules: { defaults: { idleAfterSeconds: 2 } } }));
    const text = await popup.waitForText(card('idle'), 'sessionid', 30_000);
    expect(text).toContain('Idle');
    expect(await popup.text(card('active'))).toBe('');
    await screenshot(popup, `popup-idle-${browserName}`);
    await ok(session.send({ type: 'rules/set', rules: { defaults: { idleAfterSeconds: 300 } } }));
  });

  it('shows the session ended by logout, in words, with a focusable mark on the timeline', async () => {
    const site = await session.newPage(server.url('/logout'));
    expect(await site.text('#state')).toBe('logged out');
    const text = await popup.waitForText(card('ended'), 'you logged out', 30_000);
    expect(text).toContain('Ended');
    const mark = await popup.evaluate<{ label: string; tab: number; title: string } | null>(`(() => {
      const m = document.querySelector('svg.timeline .mark');
      return m ? { label: m.getAttribute('aria-label'), tab: m.tabIndex, title: m.querySelector('title')?.textContent ?? '' } : null;
    })()`);
    expect(mark?.tab).toBe(0);
    expect(mark?.label).toMatch(/sessionid ended at .*you logged out/);
    expect(mark?.title).toBe(mark?.label);
    expect(await seriousViolations(popup, `popup ended ${browserName}`)).toEqual([]);
    await screenshot(popup, `popup-ended-${browserName}`);
  });

  it('opens on all sites when the active tab is its own page, sorted by recent activity, with search and filters', async () => {
    // A second site (same server, another host name) active after the first.
    const other = await session.newPage(server.url('/login?user=bob').replace('127.0.0.1', 'localhost'));
    expect(await other.text('#state')).toBe('logged in as bob');
    const list = await session.newPage(session.extensionUrl(POPUP_PATH));
    await list.waitForText('#all-title', 'All sites', 20_000);
    const order = await waitFor(
      async () => {
        const sites = await list.evaluate<string[]>(
          `[...document.querySelectorAll('.site-row')].map((b) => b.dataset.site)`,
        );
        return sites.length === 2 ? sites : null;
      },
      { timeout: 20_000, message: 'two sites listed' },
    );
    expect(order).toEqual(['localhost', SITE]);
    expect(await list.text('.site-row[data-site="localhost"]')).toContain('Active');
    expect(await list.text(`.site-row[data-site="${SITE}"]`)).toContain('Ended');
    await screenshot(list, `popup-all-sites-${browserName}`);

    await list.evaluate(`(() => {
      const sel = document.querySelector('select[aria-label="Filter by state"]');
      sel.value = 'ended';
      sel.dispatchEvent(new Event('change', { bubbles: true }));
    })()`);
    await waitFor(
      async () => (await list.evaluate<number>(`document.querySelectorAll('.site-row').length`)) === 1,
      {
        message: 'only the ended site',
      },
    );
    expect(await list.text('.site-list')).toContain(SITE);
    expect(await seriousViolations(list, `all sites ${browserName}`)).toEqual([]);

    await list.click(`.site-row[data-site="${SITE}"]`);
    await list.waitForText('#site-title', SITE);
  });

  it('masks a signed cookie’s decoded payload until Reveal is clicked', async () => {
    const signed = await startDjango({ engine: 'signed_cookies' });
    try {
      const host = 'localhost';
      await session.send({ type: 'site/forget', site: host });
      const site = await session.newPage(signed.url('/login?user=carol').replace('127.0.0.1', host));
      expect(await site.text('#state')).toBe('logged in as carol');
      const page = await session.newPage(session.extensionUrl(`${POPUP_PATH}?site=${host}`));
      const payload = await page.waitForText('.payload', '_auth_user_id', 20_000);
      expect(payload).toContain('•••');
      await page.click('.payload button');
      const shown = await page.waitForText('.payload', 'Hide values');
      expect(shown).not.toContain('•••');
      expect(shown).toMatch(/_auth_user_id\s+\d+/);
    } finally {
      await signed.stop();
    }
  });

  it.runIf(browserName === 'chromium')('the toolbar popup opens on the active tab’s site', async () => {
    const site = await session.newPage(server.url('/read').replace('127.0.0.1', 'localhost'));
    const title = await readActionPopup(
      session,
      site,
      `document.querySelector('#site-title')?.textContent ?? ''`,
    );
    expect(title).toBe('localhost');
  });

  it('ends a session from its card, and says the user removed it', async () => {
    const site = await session.newPage(server.url('/login?user=dave').replace('127.0.0.1', 'localhost'));
    expect(await site.text('#state')).toBe('logged in as dave');
    const page = await session.newPage(session.extensionUrl(`${POPUP_PATH}?site=localhost`));
    await page.waitForText(card('active'), 'End this session', 20_000);
    await page.click(`${card('active')} button.danger`);
    const text = await page.waitForText(card('ended'), 'the cookie was removed', 20_000);
    expect(text).toContain('Ended');
    expect(await page.text('.status')).toContain('Session ended');
  });

  it.runIf(browserName === 'chromium')('downloads an export as a file the user can open', async () => {
    const raw = popup.raw as PlaywrightPage;
    const [download] = await Promise.all([raw.waitForEvent('download'), popup.click('fieldset.bare button')]);
    expect(download.suggestedFilename()).toMatch(/^sessionscope-127\.0\.0\.1-.*\.json$/);
    const path = await download.path();
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    expect(doc.format).toBe('sessionscope-timeline');
    expect(doc.sites.map((s: { site: string }) => s.site)).toContain(SITE);
  });
});

describe.runIf(BROWSERS.includes('firefox'))('popup without host access (firefox)', () => {
  it('says it cannot see websites and asks for access from a click', async () => {
    const session = await launch('firefox', {
      prefs: {
        'extensions.originControls.grantByDefault': false,
        'extensions.webextOptionalPermissionPrompts': false,
      },
    });
    try {
      const page = await session.newPage(session.extensionUrl(`${POPUP_PATH}?all=1`));
      await page.waitForText('.banner', 'cannot see', 20_000);
      await screenshot(page, 'popup-no-host-access-firefox');
      await page.click('.banner button');
      await waitFor(async () => (await page.text('.banner')) === '', {
        timeout: 15_000,
        message: 'the banner to go once access is granted',
      });
      const status = await session.send({ type: 'status/get' });
      expect(status.ok && status.status.hostAccess).toBe(true);
    } finally {
      await session.close();
    }
  });
});
