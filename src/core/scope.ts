/**
 * What a view is shown of the sessions: those of one cookie store. A private window or a Firefox
 * container sees only its own store's sessions; a normal tab on a site sees that site's sessions in the
 * default store. Imported timelines are never this browser's stores: they are kept as they are, marked.
 */
import type { ExportSite } from './contract';
import { storeKind } from './cookie-id';

/** The cookie store a tab uses: the store that lists it, else what the tab says, else the default. */
export function tabStoreId(
  tab: { id?: number; incognito: boolean; cookieStoreId?: string },
  stores: readonly { id: string; tabIds: readonly number[] }[],
): string {
  const listed = tab.id === undefined ? undefined : stores.find((s) => s.tabIds.includes(tab.id as number));
  if (listed) return listed.id;
  if (tab.cookieStoreId) return tab.cookieStoreId;
  // Chrome names its two stores "0" and "1" (incognito); Firefox always gives cookieStoreId.
  return tab.incognito ? '1' : '0';
}

/**
 * The store a view of a tab is restricted to. A site is always seen in the tab's store; the all-sites
 * list is restricted only in a private window or a container (a normal window lists every store, each
 * marked, with a filter).
 */
export function viewStore(mode: 'site' | 'all', storeId: string): string | null {
  if (mode === 'site') return storeId;
  return storeKind(storeId) === 'default' ? null : storeId;
}

/** The sites with only the sessions of `storeId` (all of them when null); a live site left empty is dropped. */
export function inStore<T extends ExportSite & { origin?: string }>(
  sites: readonly T[],
  storeId: string | null,
): T[] {
  if (storeId === null) return [...sites];
  const out: T[] = [];
  for (const site of sites) {
    if (site.origin === 'imported') {
      out.push(site);
      continue;
    }
    const sessions = site.sessions.filter((s) => s.cookie.storeId === storeId);
    if (sessions.length === site.sessions.length) out.push(site);
    else if (sessions.length > 0) out.push({ ...site, sessions });
  }
  return out;
}
