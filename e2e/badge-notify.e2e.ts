// The toolbar badge and the opt-in notifications, as a user meets them, in Chromium and in Firefox
// against the Django lab site. What the toolbar shows is read back from an extension page through the
// browser's own API (`action.getBadgeText` / `getBadgeBackgroundColor` / `getTitle` for the tab showing
// the site, `notifications.getAll`). Every wait is a condition with a deadline; the only pause is the
// idle time itself (idleAfterSeconds made 2 s through `rules/set`).
//
// What re-evaluates states (src/background/main.ts, alarms.ts): every applied batch of observations
// (any request or navigation, on any site), rules/set, and the 30 s alarm tick. Time passing alone
// changes nothing before the next tick, so the badge test makes the background look again through a
// request to *another* site (localhost), which leaves the watched session idle; the notification test
// waits for the tick instead, as a developer who left the tab would.
import { describe, expect, it } from 'vitest';
import type { ExportSession } from '../src/core/contract';
import { sessionsOf } from './fixtures/session-export';
import { tracked } from './fixtures/tracked';
import {
  BROWSERS,
  type E2EPage,
  exportJson,
  POPUP_PATH,
  type Session,
  sendOk as send,
  waitFor,
} from './harness';

const SITE = '127.0.0.1';
/** The alarm ticks every 30 s: the first tick after an idle transition comes within that, plus slack. */
const TICK_DEADLINE = 45_000;

/** What the toolbar shows for each state: a word that reads without the colour, and the colour. */
const LOOK = {
  active: { text: 'on', color: [0x1a, 0x7f, 0x37, 255] },
  idle: { text: 'idle', color: [0x9a, 0x67, 0x00, 255] },
  ended: { text: 'end', color: [0x6e, 0x77, 0x81, 255] },
} as const;

/**
 * Headless Firefox has no system notification service (no D-Bus here): its alert closes at once and
 * `getAll` is empty. Firefox's own alert window stays up, as a notification on a desktop does.
 */
const FIREFOX_ALERTS = { 'alerts.useSystemBackend': false, 'alerts.totalOpenTime': 600_000 };

// A logout is told apart by its Set-Cookie deletion (Firefox reports the removal without a cause that says so).
const { site, browserFor } = tracked({ prefs: FIREFOX_ALERTS });

async function djangoSessions(session: Session): Promise<ExportSession[]> {
  return sessionsOf((await exportJson(session)).sites, SITE);
}

async function djangoSession(session: Session, state: ExportSession['state']): Promise<ExportSession> {
  return waitFor(async () => (await djangoSessions(session)).find((s) => s.state === state) ?? null, {
    timeout: 15_000,
    interval: 200,
    message: `a ${state} Django session in the export`,
  });
}

interface Badge {
  text: string;
  color: number[];
  title: string;
}

/** A badge is set in several calls: it reads as a state only once text, colour and title all agree. */
function shows(badge: Badge | null, state: keyof typeof LOOK): boolean {
  const look = LOOK[state];
  return (
    badge !== null &&
    badge.text === look.text &&
    JSON.stringify(badge.color) === JSON.stringify(look.color) &&
    badge.title === `Sessionscope: ${SITE}, session ${state}`
  );
}

/** The badge of the (first) tab whose URL starts with `prefix`, read through the browser's action API. */
function readBadge(probe: E2EPage, prefix: string): Promise<Badge | null> {
  return probe.evaluate(async (p: string) => {
    const g = globalThis as unknown as { browser?: unknown; chrome?: unknown };
    const api = (g.browser ?? g.chrome) as {
      tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> };
      action: {
        getBadgeText(d: { tabId: number }): Promise<string>;
        getBadgeBackgroundColor(d: { tabId: number }): Promise<number[]>;
        getTitle(d: { tabId: number }): Promise<string>;
      };
    };
    const tab = (await api.tabs.query({})).find((t) => t.url?.startsWith(p));
    if (tab?.id === undefined) return null;
    const tabId = tab.id;
    return {
      text: await api.action.getBadgeText({ tabId }),
      color: [...(await api.action.getBadgeBackgroundColor({ tabId }))],
      title: await api.action.getTitle({ tabId }),
    };
  }, prefix);
}

async function waitForBadge(
  probe: E2EPage,
  prefix: string,
  state: keyof typeof LOOK,
  timeout = 10_000,
): Promise<Badge> {
  let last: Badge | null = null;
  try {
    return await waitFor(
      async () => {
        last = await readBadge(probe, prefix);
        return shows(last, state) ? last : null;
      },
      { timeout, interval: 150, message: `the badge to show ${state} ("${LOOK[state].text}")` },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last badge: ${JSON.stringify(last)}`);
  }
}

/**
 * Notifications the extension has up: id → message. Chromium's getAll gives ids only (value `true`),
 * so the message is null there; Firefox gives the options, message included.
 */
function readNotifications(probe: E2EPage): Promise<Record<string, string | null>> {
  return probe.evaluate(async () => {
    const g = globalThis as unknown as { browser?: unknown; chrome?: unknown };
    const api = (g.browser ?? g.chrome) as {
      notifications: { getAll(): Promise<Record<string, boolean | { message?: string }>> };
    };
    const all = await api.notifications.getAll();
    const out: Record<string, string | null> = {};
    for (const [id, value] of Object.entries(all))
      out[id] = typeof value === 'object' && value !== null ? (value.message ?? null) : null;
    return out;
  });
}

async function waitForNotification(
  probe: E2EPage,
  id: string,
  timeout: number,
): Promise<{ id: string; message: string | null }> {
  let last: Record<string, string | null> = {};
  try {
    return await waitFor(
      async () => {
        last = await readNotifications(probe);
        return id in last ? { id, message: last[id] ?? null } : null;
      },
      { timeout, interval: 250, message: `notification ${id}` },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; notifications up: ${JSON.stringify(last)}`);
  }
}

describe.each(BROWSERS)('toolbar badge and notifications in %s', (browserName) => {
  it('the badge of the site tab shows active after login, idle after idleAfterSeconds, ended after logout', async () => {
    const server = await site();
    const session = await browserFor(browserName);
    await send(session, { type: 'rules/set', rules: { sites: { [SITE]: { idleAfterSeconds: 2 } } } });
    const probe = await session.newPage(session.extensionUrl(POPUP_PATH));
    const page = await session.newPage();
    const prefix = server.url('/');
    await page.goto(server.url('/'));
    // No session yet: no word on the badge.
    expect((await readBadge(probe, prefix))?.text).toBe('');

    await page.goto(server.url('/login?user=alice'));
    await waitForBadge(probe, prefix, 'active');
    const started = await djangoSession(session, 'active');
    // A navigation clears what the browser shows for a tab: the badge must come back, its state unchanged.
    await page.goto(server.url('/read'));
    await waitForBadge(probe, prefix, 'active');

    // idleAfterSeconds is 2: time itself is what is tested. Once the state is idle, a request to
    // another site makes the background re-evaluate every badge, this tab's included.
    await waitFor(
      async () => (await djangoSessions(session)).some((s) => s.id === started.id && s.state === 'idle'),
      {
        timeout: 15_000,
        interval: 200,
        message: 'the session to become idle',
      },
    );
    const other = await session.newPage();
    await other.goto(server.url('/noop').replace(SITE, 'localhost'));
    await waitForBadge(probe, prefix, 'idle');
    // The other site's tab is not given this site's state.
    expect((await readBadge(probe, server.url('/').replace(SITE, 'localhost')))?.text).not.toBe(
      LOOK.idle.text,
    );

    await page.goto(server.url('/logout'));
    await waitForBadge(probe, prefix, 'ended');
    const [after] = await djangoSessions(session);
    expect(after?.endReason).toBe('logout');
  });

  it('a watched site: going idle (at the alarm tick, tab left alone) and ending each raise a notification naming site, state and why', async () => {
    const server = await site();
    const session = await browserFor(browserName);
    await send(session, { type: 'rules/set', rules: { sites: { [SITE]: { idleAfterSeconds: 2 } } } });
    await send(session, { type: 'settings/set', settings: { notifySites: [SITE] } });
    const probe = await session.newPage(session.extensionUrl(POPUP_PATH));
    const page = await session.newPage();
    await page.goto(server.url('/login?user=alice'));
    const started = await djangoSession(session, 'active');
    // An active session raises nothing.
    expect(Object.keys(await readNotifications(probe))).toEqual([]);

    // Nothing is done in the browser from here: the periodic re-evaluation alone must tell the user.
    const idle = await waitForNotification(probe, `sessionscope:${started.id}:idle`, TICK_DEADLINE);
    if (idle.message !== null)
      expect(idle.message).toMatch(
        /^127\.0\.0\.1: session idle, no activity for \d+ (h|min|s)( \d+ (min|s))*$/,
      );

    await page.goto(server.url('/logout'));
    const ended = await waitForNotification(probe, `sessionscope:${started.id}:ended`, 10_000);
    if (ended.message !== null)
      expect(ended.message).toBe('127.0.0.1: session ended, logged out (the server deleted the cookie)');
    if (browserName === 'firefox') {
      // Firefox returns the text: it must have been read, not skipped.
      expect(idle.message).not.toBeNull();
      expect(ended.message).not.toBeNull();
    }
  }, 90_000);

  it('a site not watched: idle and ended raise no notification', async () => {
    const server = await site();
    const session = await browserFor(browserName);
    await send(session, { type: 'rules/set', rules: { sites: { [SITE]: { idleAfterSeconds: 2 } } } });
    // Another site is watched, so the check runs and must pass this one over.
    await send(session, { type: 'settings/set', settings: { notifySites: ['example.com'] } });
    const probe = await session.newPage(session.extensionUrl(POPUP_PATH));
    const page = await session.newPage();
    const prefix = server.url('/');
    await page.goto(server.url('/login?user=alice'));
    const started = await djangoSession(session, 'active');
    await waitFor(
      async () => (await djangoSessions(session)).some((s) => s.id === started.id && s.state === 'idle'),
      {
        timeout: 15_000,
        interval: 200,
        message: 'the session to become idle',
      },
    );
    const other = await session.newPage();
    await other.goto(server.url('/noop').replace(SITE, 'localhost'));
    // The badge shows that the background has re-evaluated (badges and notifications run together).
    await waitForBadge(probe, prefix, 'idle');
    await page.goto(server.url('/logout'));
    await waitForBadge(probe, prefix, 'ended');
    expect(await readNotifications(probe)).toEqual({});
  });
});
