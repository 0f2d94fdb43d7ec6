// PLACEHOLDER (owned by the recognizers work): exact signatures, trivial bodies.

/** The site a host belongs to: its registrable domain (eTLD+1), or the host itself for localhost and IPs. */
export function siteOf(host: string): string {
  return host.replace(/^\./, '').toLowerCase();
}

/** The site of a URL, or null for URLs that are not websites (chrome://, about:, moz-extension:…). */
export function siteOfUrl(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return siteOf(u.hostname);
  } catch {
    return null;
  }
}
