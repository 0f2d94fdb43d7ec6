/**
 * What a response's headers tell about the site's sessions: a deleting Set-Cookie (the evidence of a
 * logout), a session cookie's Max-Age (the evidence of its lifetime), a Clear-Site-Data header. Neither
 * activity nor https evidence: the same request reaches the tracker as an `activity` observation.
 */
import { reviseForClearSiteData, reviseForDeletion } from './end-attribution';
import type { Millis } from './observation';
import { parseClearSiteData, parseSetCookie } from './set-cookie';
import { pushBounded } from './site-record';
import type { Fold } from './tracker';

export function onResponse(
  fold: Fold,
  url: string,
  setCookie: string[],
  clearSiteData: string | null,
  t: Millis,
): void {
  const site = fold.where.siteOfUrl(url);
  if (site === null) return;
  const rec = fold.siteRecord(site);
  for (const header of Array.isArray(setCookie) ? setCookie : []) {
    const parsed = typeof header === 'string' ? parseSetCookie(header, t) : null;
    if (!parsed) continue;
    if (parsed.deletes) {
      pushBounded(rec.deletes, { name: parsed.name, at: t });
      // The removal may have been reported first: a provisional end becomes a logout.
      reviseForDeletion(fold, rec, parsed.name, t);
    } else if (parsed.maxAgeSeconds !== null) {
      const i = rec.headerMaxAge.findIndex((h) => h.name === parsed.name);
      if (i >= 0) rec.headerMaxAge.splice(i, 1);
      pushBounded(rec.headerMaxAge, { name: parsed.name, seconds: parsed.maxAgeSeconds, at: t });
    }
  }
  if (typeof clearSiteData === 'string') {
    const directives = parseClearSiteData(clearSiteData);
    if (directives.includes('cookies') || directives.includes('*')) {
      let cookiesPresent = 0;
      for (const _ in rec.cookies) cookiesPresent++;
      rec.csd = { at: t, url, directives, removals: 0, cookiesPresent };
      rec.csd.removals += reviseForClearSiteData(fold, rec, clearSiteData, t);
    }
  }
}
