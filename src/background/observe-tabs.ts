/**
 * Tabs → `tab` observations (a site opened in or closed from a tab) and badge refreshes. Only http(s)
 * pages count. The tab → URL map lives in memory and is refilled on wake without emitting anything,
 * because a worker restart opens no tab.
 */
import browser, { type Tabs } from 'webextension-polyfill';
import { siteOfUrl } from '../core/site';
import { refreshBadge } from './badge';
import { forgetTab, isPrivateTab, notePrivateTab, storeOfTab } from './private-tabs';
import { record } from './recorder';

const tabUrls = new Map<number, string>();

function webUrl(url: string | undefined): string | null {
  return url && siteOfUrl(url) !== null ? url : null;
}

function enter(tabId: number, url: string | null): void {
  const before = tabUrls.get(tabId) ?? null;
  const beforeSite = before ? siteOfUrl(before) : null;
  const afterSite = url ? siteOfUrl(url) : null;
  if (url) tabUrls.set(tabId, url);
  else tabUrls.delete(tabId);
  if (beforeSite === afterSite) return;
  const at = Date.now();
  const isPrivate = isPrivateTab(tabId);
  if (before) record({ kind: 'tab', at, url: before, change: 'closed' }, isPrivate);
  if (url) record({ kind: 'tab', at, url, change: 'opened' }, isPrivate);
}

function onCreated(tab: Tabs.Tab): void {
  if (tab.id === undefined) return;
  notePrivateTab(tab.id, tab.incognito, storeOfTab(tab));
  enter(tab.id, webUrl(tab.url));
}

function onUpdated(tabId: number, change: Tabs.OnUpdatedChangeInfoType, tab: Tabs.Tab): void {
  notePrivateTab(tabId, tab.incognito, storeOfTab(tab));
  if (change.url !== undefined) enter(tabId, webUrl(change.url));
  if (change.url !== undefined || change.status === 'complete') refreshBadge(tabId, tab.url);
}

function onRemoved(tabId: number): void {
  enter(tabId, null);
  forgetTab(tabId);
}

function onActivated(info: Tabs.OnActivatedActiveInfoType): void {
  refreshBadge(info.tabId);
}

export function observeTabs(): void {
  browser.tabs.onCreated.addListener(onCreated);
  browser.tabs.onUpdated.addListener(onUpdated);
  browser.tabs.onRemoved.addListener(onRemoved);
  browser.tabs.onActivated.addListener(onActivated);
}

/** Refills the tab map after a wake, silently. */
export async function refillTabs(): Promise<void> {
  for (const tab of await browser.tabs.query({})) {
    if (tab.id === undefined) continue;
    notePrivateTab(tab.id, tab.incognito, storeOfTab(tab));
    const url = webUrl(tab.url);
    if (url && !tabUrls.has(tab.id)) tabUrls.set(tab.id, url);
  }
}
