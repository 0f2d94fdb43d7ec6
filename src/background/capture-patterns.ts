/** The `urls` filter of header capture for the captured sites, and the same test for one URL. */
import { covers } from '../core/capture';

/**
 * Match patterns for a site and its subdomains. A pattern without a port matches every port. IP
 * addresses and `localhost` have no subdomains, and `*.` in front of an IP is not a valid pattern.
 */
export function patternsFor(site: string): string[] {
  const host = site.trim().toLowerCase().replace(/^\.+/, '');
  if (host === '') return [];
  if (host.includes(':')) return [`*://[${host.replace(/^\[|\]$/g, '')}]/*`];
  if (/^[\d.]+$/.test(host) || host === 'localhost') return [`*://${host}/*`];
  return [`*://${host}/*`, `*://*.${host}/*`];
}

/** Whether the URL's host is one of `sites` or under one: what `patternsFor` lets through. */
export function urlInSites(url: string, sites: readonly string[]): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host !== '' && covers(sites, host);
}
