import type { ExportSite, Framework, SessionState } from '../core/contract';
import type { ListSite } from '../core/list-view';
import { parseTime } from './format';
import { type StoreKind, storeKindOf } from './store';

/**
 * One row of the all-sites list: a site within ONE cookie store, so a container's or a private
 * window's sessions are never counted with the default store's.
 */
/** state/get also answers imported timelines, marked with their origin; they are never merged with live ones. */
export type ViewSite = ExportSite & { origin?: string; importedAt?: string };

export interface SiteRow {
  key: string;
  site: string;
  imported: boolean;
  storeId: string;
  storeKind: StoreKind;
  lastActivityMs: number;
  counts: Record<SessionState, number>;
  frameworks: Framework[];
  cookieNames: string[];
  /** Lower-cased site and cookie names, to search without re-lowering 1,000 rows on each keystroke. */
  haystack: string;
}

export interface SiteFilter {
  state: SessionState | 'any';
  framework: Framework | 'any';
  store: StoreKind | 'any';
  query: string;
}

export const NO_FILTER: SiteFilter = { state: 'any', framework: 'any', store: 'any', query: '' };

export function toRows(sites: readonly (ViewSite | ListSite)[]): SiteRow[] {
  const rows = new Map<string, SiteRow>();
  for (const site of sites) {
    for (const s of site.sessions) {
      const imported = site.origin === 'imported';
      const key = `${site.site}\u0000${s.cookie.storeId}\u0000${imported ? (site.importedAt ?? 'imported') : ''}`;
      let row = rows.get(key);
      if (!row) {
        row = {
          key,
          site: site.site,
          imported,
          storeId: s.cookie.storeId,
          storeKind: storeKindOf(s),
          lastActivityMs: 0,
          counts: { active: 0, idle: 0, ended: 0 },
          frameworks: [],
          cookieNames: [],
          haystack: site.site.toLowerCase(),
        };
        rows.set(key, row);
      }
      row.counts[s.state] += 1;
      row.lastActivityMs = Math.max(row.lastActivityMs, parseTime(s.lastActivityAt) ?? 0);
      if (s.framework && !row.frameworks.includes(s.framework)) row.frameworks.push(s.framework);
      if (!row.cookieNames.includes(s.cookie.name)) {
        row.cookieNames.push(s.cookie.name);
        row.haystack += `\n${s.cookie.name.toLowerCase()}`;
      }
    }
  }
  return [...rows.values()].sort((a, b) => b.lastActivityMs - a.lastActivityMs || a.key.localeCompare(b.key));
}

export function filterRows(rows: readonly SiteRow[], filter: SiteFilter): SiteRow[] {
  const q = filter.query.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (filter.state === 'any' || r.counts[filter.state] > 0) &&
      (filter.framework === 'any' || r.frameworks.includes(filter.framework)) &&
      (filter.store === 'any' || r.storeKind === filter.store) &&
      (q === '' || r.haystack.includes(q)),
  );
}

/** The state shown for a row: the liveliest of its sessions. */
export function rowState(row: SiteRow): SessionState {
  if (row.counts.active > 0) return 'active';
  if (row.counts.idle > 0) return 'idle';
  return 'ended';
}
