/** The `urls` filter of header capture limited to chosen sites (settings.headerCapture.mode 'sites'). */

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
