/**
 * Which view a page opens on when its URL says so: `?site=<site>` forces a site, `?all=1` the list.
 * Without either, the background resolves the active tab's site and cookie store
 * (src/background/tab-target.ts), the one place the popup and the DevTools panel share.
 */
export type Target = { mode: 'site'; site: string } | { mode: 'all' };

export function targetFromQuery(search: string): Target | null {
  const params = new URLSearchParams(search);
  const site = params.get('site');
  if (site) return { mode: 'site', site };
  if (params.get('all') === '1') return { mode: 'all' };
  return null;
}
