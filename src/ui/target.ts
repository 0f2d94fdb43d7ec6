/**
 * Which view the popup opens on: the active tab's site, or all sites when the tab shows no website
 * (a new tab, a browser page, or our own page, e.g. the popup opened in a tab of its own).
 */
export type Target = { mode: 'site'; site: string } | { mode: 'all' };

/** `?site=<site>` forces a site, `?all=1` the list; anything else leaves the choice to the active tab. */
export function targetFromQuery(search: string): Target | null {
  const params = new URLSearchParams(search);
  const site = params.get('site');
  if (site) return { mode: 'site', site };
  if (params.get('all') === '1') return { mode: 'all' };
  return null;
}

/** The host of a website tab, or null for anything that is not one (including our own pages). */
export function websiteHost(tabUrl: string | undefined, ownBaseUrl: string): string | null {
  if (!tabUrl || tabUrl.startsWith(ownBaseUrl)) return null;
  try {
    const url = new URL(tabUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.hostname.replace(/^\[|\]$/g, '').toLowerCase() || null;
  } catch {
    return null;
  }
}

/**
 * The names the host's site may have been recorded under, longest first: the host itself, then each
 * parent domain. Asking the background for these few is cheaper than fetching every site to match.
 */
export function candidateSites(host: string): string[] {
  if (host === 'localhost' || host.includes(':') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return [host];
  const labels = host.split('.');
  const out: string[] = [];
  for (let i = 0; i < labels.length - 1; i++) out.push(labels.slice(i).join('.'));
  return out.length > 0 ? out : [host];
}
