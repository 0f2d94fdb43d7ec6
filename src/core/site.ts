import { getDomain } from 'tldts';

/**
 * Sites follow the browser's own notion of "site": the registrable domain under the full public suffix
 * list, private section included. So `alice.github.io` and `bob.github.io` (or two `*.vercel.app`
 * deployments) are two sites, as they are for cookie scoping and SameSite; merging them would mix up
 * unrelated developers' sessions.
 */
const PSL_OPTIONS = { allowPrivateDomains: true } as const;

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

const MEMO_LIMIT = 2048;
const recentSites = new Map<string, string>();

/** The site a host belongs to: its registrable domain (eTLD+1), or the host itself for localhost and IPs. */
export function siteOf(host: string): string {
  const known = recentSites.get(host);
  if (known !== undefined) return known;
  let site: string;
  try {
    site = siteOfUnsafe(host);
  } catch {
    site = String(host).toLowerCase();
  }
  // Every request and cookie event asks this (a public-suffix lookup) for a handful of hosts: remember
  // the recent ones. The answer depends on the host alone, so the memo changes no result.
  if (recentSites.size >= MEMO_LIMIT) recentSites.clear();
  recentSites.set(host, site);
  return site;
}

function siteOfUnsafe(host: string): string {
  // A cookie domain's leading dot and a fully-qualified trailing dot do not change the site.
  let h = host.trim().replace(/^\.+/, '').replace(/\.$/, '').toLowerCase();
  if (h === '') return '';
  if (h.startsWith('[') || h.includes(':')) {
    const inner = h.replace(/^\[/, '').replace(/\]$/, '');
    const v6 = asciiHost(`[${inner}]`);
    if (v6) return v6.replace(/^\[/, '').replace(/\]$/, '');
  }
  // WHATWG URL parsing turns IDN labels into punycode and normalises IPv4 spellings, without I/O.
  h = asciiHost(h) ?? h;
  if (IPV4.test(h)) return h;
  if (h === 'localhost' || h.endsWith('.localhost')) return h;
  return getDomain(h, PSL_OPTIONS) ?? h;
}

function asciiHost(host: string): string | null {
  try {
    const hostname = new URL(`http://${host}/`).hostname;
    return hostname === '' ? null : hostname.replace(/\.$/, '');
  } catch {
    return null;
  }
}

/** The site of a URL, or null for URLs that are not websites (chrome://, about:, moz-extension:…). */
export function siteOfUrl(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    const site = siteOf(u.hostname);
    return site === '' ? null : site;
  } catch {
    return null;
  }
}

/** The site a cookie belongs to, from its domain as the browser reports it (leading dot or not). */
export function siteOfCookie(cookie: { domain: string }): string {
  return siteOf(cookie.domain);
}
