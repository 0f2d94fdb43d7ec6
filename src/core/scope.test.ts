import { describe, expect, it } from 'vitest';
import type { ExportSession, ExportSite } from './contract';
import { inStore, tabStoreId, viewStore } from './scope';

const session = (id: string, storeId: string): ExportSession =>
  ({ id, cookie: { name: 'sessionid', storeId }, state: 'active', events: [] }) as unknown as ExportSession;

describe('which cookie store a tab uses', () => {
  it('Chrome: the store that lists the tab (incognito is "1")', () => {
    const stores = [
      { id: '0', tabIds: [1, 2] },
      { id: '1', tabIds: [7] },
    ];
    expect(tabStoreId({ id: 7, incognito: true }, stores)).toBe('1');
    expect(tabStoreId({ id: 2, incognito: false }, stores)).toBe('0');
    // A tab the stores do not list yet (just opened): its incognito flag decides.
    expect(tabStoreId({ id: 9, incognito: true }, stores)).toBe('1');
  });

  it('Firefox: a container or private tab says its store', () => {
    expect(tabStoreId({ id: 3, incognito: false, cookieStoreId: 'firefox-container-2' }, [])).toBe(
      'firefox-container-2',
    );
    expect(tabStoreId({ id: 4, incognito: true, cookieStoreId: 'firefox-private' }, [])).toBe(
      'firefox-private',
    );
  });
});

describe('what a view of a tab shows', () => {
  it('a site in the tab’s own store; the list restricted only in a private window or container', () => {
    expect(viewStore('site', '0')).toBe('0');
    expect(viewStore('all', '0')).toBeNull();
    expect(viewStore('all', 'firefox-default')).toBeNull();
    expect(viewStore('all', '1')).toBe('1');
    expect(viewStore('all', 'firefox-container-1')).toBe('firefox-container-1');
  });

  it('keeps only that store’s sessions, drops sites left empty, and keeps imported timelines apart', () => {
    const sites: (ExportSite & { origin?: string })[] = [
      { site: 'a.example', inferences: [], sessions: [session('a0', '0'), session('a1', '1')] },
      { site: 'b.example', inferences: [], sessions: [session('b0', '0')] },
      { site: 'a.example', inferences: [], sessions: [session('i0', '0')], origin: 'imported' },
    ];
    const priv = inStore(sites, '1');
    expect(priv.map((s) => [s.site, s.sessions.map((x) => x.id)])).toEqual([
      ['a.example', ['a1']],
      ['a.example', ['i0']],
    ]);
    expect(inStore(sites, null)).toEqual(sites);
    expect(inStore(sites, '0')[1]).toBe(sites[1]);
  });
});
