/**
 * What the session evidence is, so that the background spends its durable writes on it.
 *
 * Which `response` observations the tracker can learn anything from. Most responses that set cookies set
 * analytics, preference or load-balancer cookies; the tracker reads a response only for a session
 * cookie's Max-Age, a deletion (to tell a logout from an expiry) and Clear-Site-Data. Storing the others
 * would cost a durable write per response on every page load and teach nothing: their request is
 * already counted as activity, and the cookie itself arrives through `cookie-set`.
 */
import type { CookieSnapshot, Observation } from './observation';
import { recognize } from './recognize';
import { type RuleSet, rulesFor } from './rules';
import { type ParsedSetCookie, parseSetCookie, rawNameValue } from './set-cookie';
import { siteOf, siteOfUrl } from './site';

type Response = Extract<Observation, { kind: 'response' }>;

/**
 * True when the tracker would use this response. Deletions are kept whatever the cookie's name: a
 * cookie the user pins later is judged by the deletions seen before.
 */
export function responseMatters(obs: Response, ruleSet: RuleSet): boolean {
  if (obs.clearSiteData !== null) return true;
  const parsed: Pick<ParsedSetCookie, 'name' | 'value'>[] = [];
  for (const header of obs.setCookie) {
    const p = parseSetCookie(header, obs.at);
    if (p === null) {
      // A header browsers ignore (over 4 KB, a control character) may be a session cookie they refused.
      const raw = rawNameValue(header);
      if (raw) parsed.push(raw);
      continue;
    }
    if (p.deletes) return true;
    parsed.push(p);
  }
  if (parsed.length === 0) return false;
  const site = siteOfUrl(obs.url);
  if (site === null) return false;
  const { pinned, excluded } = rulesFor(ruleSet, site);
  // Cookies set together are siblings (cookie-session sets `session` and `session.sig` in one response).
  const names = parsed.map((p) => p.name);
  return parsed.some(
    (p) => recognize({ name: p.name, value: p.value, siblings: names, pinned, excluded }).role !== 'other',
  );
}

/**
 * True when a cookie change is evidence about a session: a session cookie or a companion (csrftoken).
 * Others (analytics, preferences) are still recorded, for the site's cookie inventory, but a forced worker
 * stop may lose their latest change without losing anything about a session.
 */
export function cookieMatters(cookie: CookieSnapshot, ruleSet: RuleSet): boolean {
  const { pinned, excluded } = rulesFor(ruleSet, siteOf(cookie.domain));
  return recognize({ name: cookie.name, value: cookie.value, pinned, excluded }).role !== 'other';
}
