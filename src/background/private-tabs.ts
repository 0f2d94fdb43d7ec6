/**
 * Which tabs belong to private windows, and which cookie store each tab uses. Requests and navigations
 * do not carry a cookie store in Chrome (nor navigations in Firefox), so their privacy and store come
 * from the tab; tabs events keep these current, and a wake refills them.
 */
import browser from 'webextension-polyfill';

const privateTabs = new Set<number>();
const tabStores = new Map<number, string>();

/** `cookieStoreId`: Firefox's tab store; Chrome has none, its store follows from `incognito`. */
export function notePrivateTab(tabId: number | undefined, incognito: boolean, cookieStoreId?: string): void {
  if (tabId === undefined) return;
  if (incognito) privateTabs.add(tabId);
  else privateTabs.delete(tabId);
  tabStores.set(tabId, cookieStoreId ?? (incognito ? '1' : '0'));
}

export function forgetTab(tabId: number): void {
  privateTabs.delete(tabId);
  tabStores.delete(tabId);
}

/** The cookie store a tab's requests use, or undefined while the tab is not known (just after a wake). */
export function tabStore(tabId: number | undefined): string | undefined {
  return tabId === undefined ? undefined : tabStores.get(tabId);
}

export function isPrivateTab(tabId: number | undefined): boolean {
  return tabId !== undefined && privateTabs.has(tabId);
}

export async function refillPrivateTabs(): Promise<void> {
  const tabs = await browser.tabs.query({});
  for (const tab of tabs) notePrivateTab(tab.id, tab.incognito, storeOfTab(tab));
}

export function storeOfTab(tab: { cookieStoreId?: string }): string | undefined {
  return typeof tab.cookieStoreId === 'string' ? tab.cookieStoreId : undefined;
}
