import { describe, expect, it } from 'vitest';
import type { ExportSite } from '../core/contract';
import { filterRows, NO_FILTER, rowState, toRows, type ViewSite } from './all-sites';
import { cookie, manySites, session } from './fixtures';

describe('all-sites rows', () => {
  it('never merges a container or a private window with the default store', () => {
    const site: ExportSite = {
      site: 'app.example',
      inferences: [],
      sessions: [
        session({ id: 'a', cookie: cookie({ storeId: 'firefox-default' }), storeKind: 'default' }),
        session({ id: 'b', cookie: cookie({ storeId: 'firefox-container-2' }), storeKind: 'container' }),
        session({ id: 'c', cookie: cookie({ storeId: 'firefox-private' }), storeKind: undefined }),
      ],
    };
    const rows = toRows([site]);
    expect(rows.map((r) => r.storeKind).sort()).toEqual(['container', 'default', 'private']);
    expect(rows.every((r) => r.counts.active === 1)).toBe(true);
  });

  it('keeps an imported timeline apart from the live one of the same site', () => {
    const live: ViewSite = { site: 'app.example', inferences: [], sessions: [session({ id: 'a' })] };
    const imported: ViewSite = { ...live, origin: 'imported', importedAt: '2026-11-20T00:00:00Z' };
    const rows = toRows([live, imported]);
    expect(rows.map((r) => r.imported).sort()).toEqual([false, true]);
  });

  it('sorts by most recent activity', () => {
    const rows = toRows(manySites(30));
    const times = rows.map((r) => r.lastActivityMs);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('filters by state, framework, store and searches site and cookie names', () => {
    const rows = toRows(manySites(60));
    expect(filterRows(rows, { ...NO_FILTER, state: 'idle' }).every((r) => r.counts.idle > 0)).toBe(true);
    expect(
      filterRows(rows, { ...NO_FILTER, framework: 'flask' }).every((r) => r.frameworks.includes('flask')),
    ).toBe(true);
    const containers = filterRows(rows, { ...NO_FILTER, store: 'container' });
    expect(containers.length).toBeGreaterThan(0);
    expect(containers.every((r) => r.storeKind === 'container')).toBe(true);
    expect(filterRows(rows, { ...NO_FILTER, query: 'SITE42.' }).map((r) => r.site)).toEqual([
      'site42.example',
    ]);
    const byCookie = filterRows(rows, { ...NO_FILTER, query: 'phpsess' });
    expect(byCookie.length).toBe(30);
  });

  it('names a row by its liveliest session', () => {
    const site: ExportSite = {
      site: 'x.example',
      inferences: [],
      sessions: [session({ id: 'e', state: 'ended' }), session({ id: 'i', state: 'idle' })],
    };
    expect(rowState(toRows([site])[0]!)).toBe('idle');
  });

  it('handles 1,000 sites × 50 events without trouble', () => {
    const rows = toRows(manySites(1000, 50));
    expect(rows).toHaveLength(1000);
    expect(filterRows(rows, { ...NO_FILTER, query: 'site99' }).length).toBe(11);
  });
});
