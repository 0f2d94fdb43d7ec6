/**
 * Which tabs belong to private windows. Requests and navigations do not carry a cookie store in Chrome,
 * so their privacy comes from the tab; tabs events keep this set current, and a wake refills it.
 */
import browser from 'webextension-polyfill';

const privateTabs = new Set<number>();

export function notePrivateTab(tabId: number | undefined, incognito: boolean): void {
  if (tabId === undefined) return;
  if (incognito) privateTabs.add(tabId);
  else privateTabs.delete(tabId);
}

export function forgetTab(tabId: number): void {
  privateTabs.delete(tabId);
}

export function isPrivateTab(tabId: number | undefined): boolean {
  return tabId !== undefined && privateTabs.has(tabId);
}

export async function refillPrivateTabs(): Promise<void> {
  const tabs = await browser.tabs.query({});
  for (const tab of tabs) notePrivateTab(tab.id, tab.incognito);
}
