/**
 * The one place a tab's site and cookie store are resolved, for the popup and the DevTools panel alike:
 * the site is named the way the classifier names it (registrable domain, src/core/site.ts), so a view
 * never guesses between a host and its parent domains, and the store is the tab's own (a private window,
 * a Firefox container). A tab showing no website (new tab, about:, chrome://, our own pages) resolves to
 * the all-sites list, restricted to the tab's store in a private window or container.
 */
import browser from 'webextension-polyfill';
import { storeKind } from '../core/cookie-id';
import type { ResolvedTarget, SubscriptionTarget } from '../core/messages';
import { tabStoreId, viewStore } from '../core/scope';
import { siteOfUrl } from '../core/site';

export async function resolveTab(tabId: number): Promise<ResolvedTarget> {
  const tab = await browser.tabs.get(tabId);
  let stores: { id: string; tabIds: number[] }[] = [];
  try {
    stores = await browser.cookies.getAllCookieStores();
  } catch {
    // Without the list, the tab's own fields decide (tabStoreId).
  }
  const storeId = tabStoreId(
    {
      id: tab.id,
      incognito: tab.incognito,
      cookieStoreId: (tab as { cookieStoreId?: string }).cookieStoreId,
    },
    stores,
  );
  const site = tab.url ? siteOfUrl(tab.url) : null;
  const mode = site === null ? 'all' : 'site';
  return { mode, site, storeId: viewStore(mode, storeId), storeKind: storeKind(storeId) };
}

/** A subscription's target as the background follows it. */
export async function resolveTarget(target: SubscriptionTarget): Promise<ResolvedTarget> {
  if ('tabId' in target) return resolveTab(target.tabId);
  const storeId = target.storeId ?? null;
  const kind = storeId === null ? null : storeKind(storeId);
  if ('site' in target)
    return { mode: 'site', site: target.site.trim().toLowerCase(), storeId, storeKind: kind };
  return { mode: 'all', site: null, storeId, storeKind: kind };
}
