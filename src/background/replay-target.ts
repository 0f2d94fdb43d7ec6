/**
 * Which URL and cookie store "Copy as Cookie header" stands for (`site/cookies`): the URL asked for, the
 * tab's page, a session's cookie, or the site's most recent session, in that order. The scoping itself is
 * the core's (src/core/cookie-replay.ts); this only reads the browser's tabs and the tracker.
 */
import browser from 'webextension-polyfill';
import { cookieUrl } from '../core/cookie-replay';
import type { RequestOf } from '../core/messages';
import { siteOfUrl } from '../core/site';
import { browserInfo } from './browser-info';
import { getTracker } from './engine';

export interface ReplayTarget {
  url: string;
  storeId: string;
  /** The top-level site a partitioned session cookie lives under, or null. */
  partition: string | null;
  scopedBy: 'url' | 'tab' | 'session' | 'site';
}

async function defaultStore(): Promise<string> {
  return (await browserInfo()).name === 'firefox' ? 'firefox-default' : '0';
}

async function tabOf(tabId: number | 'active'): Promise<browser.Tabs.Tab | undefined> {
  try {
    if (tabId !== 'active') return await browser.tabs.get(tabId);
    return (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0];
  } catch {
    return undefined;
  }
}

export async function replayTarget(req: RequestOf<'site/cookies'>, site: string): Promise<ReplayTarget> {
  if (req.url !== undefined) {
    if (siteOfUrl(req.url) !== site) throw new Error(`${req.url} is not a page of ${site}.`);
    return { url: req.url, storeId: req.storeId ?? (await defaultStore()), partition: null, scopedBy: 'url' };
  }
  if (req.tabId !== undefined) {
    const tab = await tabOf(req.tabId);
    if (tab?.url && siteOfUrl(tab.url) === site) {
      const store = (tab as { cookieStoreId?: string }).cookieStoreId ?? (tab.incognito ? '1' : '0');
      return { url: tab.url, storeId: req.storeId ?? store, partition: null, scopedBy: 'tab' };
    }
  }
  const tracker = getTracker();
  const where = req.sessionId !== undefined ? tracker.findSession(req.sessionId) : null;
  if (req.sessionId !== undefined && (!where || where.site !== site))
    throw new Error(`No session with id "${req.sessionId}" on ${site}.`);
  const session = where ?? latestSession(site, req.storeId);
  if (session)
    return {
      url: cookieUrl(session),
      storeId: session.storeId,
      partition: session.partitionKey,
      scopedBy: 'session',
    };
  return {
    url: `https://${site}/`,
    storeId: req.storeId ?? (await defaultStore()),
    partition: null,
    scopedBy: 'site',
  };
}

/** The site's session a user most likely means: live before ended, then the most recently active. */
function latestSession(
  site: string,
  storeId: string | undefined,
): { domain: string; path: string; storeId: string; partitionKey: string | null } | null {
  const sessions = (getTracker().report(Date.now(), { site, events: false })[0]?.sessions ?? []).filter(
    (s) => storeId === undefined || s.cookie.storeId === storeId,
  );
  const rank = (s: (typeof sessions)[number]) => (s.state === 'ended' ? 1 : 0);
  const best = [...sessions].sort(
    (a, b) => rank(a) - rank(b) || Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt),
  )[0];
  return best ? best.cookie : null;
}
