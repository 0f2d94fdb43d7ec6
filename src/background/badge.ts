/**
 * Toolbar badge per tab: the state of the tab's site session, by colour and a short word that reads
 * without the colour (colour-blind users, greyscale screenshots).
 */
import browser from 'webextension-polyfill';
import type { SessionState } from '../core/contract';
import { siteOfUrl } from '../core/site';
import { getTracker } from './engine';

const LOOK: Record<SessionState, { text: string; color: string; title: string }> = {
  active: { text: 'on', color: '#1a7f37', title: 'session active' },
  idle: { text: 'idle', color: '#9a6700', title: 'session idle' },
  ended: { text: 'end', color: '#6e7781', title: 'session ended' },
};

/**
 * What each tab shows now: four browser calls per tab after every batch of observations cost a busy page
 * load more than recording it, and the badge rarely changes. A new worker starts empty and sets all again.
 */
const shown = new Map<number, string>();

export async function showBadge(tabId: number, url: string | undefined): Promise<void> {
  const site = url ? siteOfUrl(url) : null;
  const state = site ? getTracker().siteState(site, Date.now()) : null;
  const look = state ? LOOK[state] : null;
  const key = `${site}\u0000${state}`;
  if (shown.get(tabId) === key) return;
  if (shown.size > 1000) shown.clear();
  shown.set(tabId, key);
  try {
    await browser.action.setBadgeText({ tabId, text: look?.text ?? '' });
    if (look) {
      await browser.action.setBadgeBackgroundColor({ tabId, color: look.color });
      // Chrome picks a text colour by contrast otherwise; white reads on all three backgrounds.
      await browser.action.setBadgeTextColor?.({ tabId, color: '#ffffff' });
    }
    await browser.action.setTitle({
      tabId,
      title: look && site ? `Sessionscope: ${site}, ${look.title}` : 'Sessionscope',
    });
  } catch {
    // The tab closed meanwhile: nothing to show.
    shown.delete(tabId);
  }
}

/** One tab (its URL looked up when not given), after a tab event: a navigation resets what the tab showed. */
export function refreshBadge(tabId: number, url?: string): void {
  shown.delete(tabId);
  if (url !== undefined) {
    void showBadge(tabId, url);
    return;
  }
  void browser.tabs.get(tabId).then(
    (tab) => showBadge(tabId, tab.url),
    () => {},
  );
}

let allTimer: ReturnType<typeof setTimeout> | null = null;

/** Every tab, debounced: called after each batch of observations and at each alarm. */
export function refreshAllBadges(): void {
  if (allTimer !== null) return;
  allTimer = setTimeout(() => {
    allTimer = null;
    void browser.tabs.query({}).then((tabs) => {
      for (const tab of tabs) if (tab.id !== undefined) void showBadge(tab.id, tab.url);
    });
  }, 200);
}
