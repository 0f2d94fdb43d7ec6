/**
 * Which site a request URL or a cookie domain belongs to, remembered: the fold sees every request, and
 * the public-suffix lookup behind `siteOf` is too slow to repeat for each one. A pure cache of its keys.
 */
import { siteOf, siteOfUrl } from './site';

const MAX_ENTRIES = 10_000;

export class SiteCache {
  private readonly sites = new Map<string, string | null>();
  private lastOrigin = '\u0000';
  private lastOriginSite: string | null = null;

  siteOfUrl(url: string): string | null {
    // The host part, found without URL parsing: the hot path sees every request.
    const start = url.indexOf('//');
    let end = start < 0 ? -1 : url.indexOf('/', start + 2);
    if (end < 0) end = url.length;
    // Requests come in bursts to one origin (a page and its resources): skip the slice and lookup.
    const lastOrigin = this.lastOrigin;
    if (end === lastOrigin.length && url.startsWith(lastOrigin)) return this.lastOriginSite;
    const origin = url.slice(0, end);
    let site = this.sites.get(origin);
    if (site === undefined) {
      site = siteOfUrl(url);
      if (this.sites.size > MAX_ENTRIES) this.sites.clear();
      this.sites.set(origin, site);
    }
    this.lastOrigin = origin;
    this.lastOriginSite = site;
    return site;
  }

  siteOfDomain(domain: string): string {
    const key = `\u0000${domain}`;
    let site = this.sites.get(key);
    if (site === undefined || site === null) {
      site = siteOf(domain);
      if (this.sites.size > MAX_ENTRIES) this.sites.clear();
      this.sites.set(key, site);
    }
    return site;
  }
}
