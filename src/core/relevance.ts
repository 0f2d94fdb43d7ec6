/**
 * What the session evidence is, so that the background spends its durable writes on it, decided once per
 * observation as it arrives (`relevanceOf`).
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
import { type ParsedSetCookie, parseSetCookie } from './set-cookie';
import { siteOf, siteOfUrl } from './site';

type Response = Extract<Observation, { kind: 'response' }>;

/**
 * True when the tracker would use this response. Deletions are kept whatever the cookie's name: a
 * cookie the user pins later is judged by the deletions seen before.
 */
export function responseMatters(obs: Response, ruleSet: RuleSet): boolean {
  if (obs.clearSiteData !== null) return true;
  const parsed: ParsedSetCookie[] = [];
  for (const header of obs.setCookie) {
    const p = parseSetCookie(header, obs.at);
    if (p === null) continue;
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

/**
 * What the background does with an observation as it arrives:
 * - `evidence`: about a session; journaled at once, so that no forced worker stop can lose it;
 * - `inventory`: a change of a cookie that is no session's (analytics, preferences): stored, for the
 *   site's cookie inventory, without the journal's per-event cost;
 * - `nothing`: a response the tracker would learn nothing from (relevance of responses above): dropped.
 * The cookie's recognition is remembered (recognize/memo.ts): the tracker's own recognition of the same
 * change is then a lookup.
 */
export type Relevance = 'evidence' | 'inventory' | 'nothing';

export function relevanceOf(obs: Observation, ruleSet: RuleSet): Relevance {
  switch (obs.kind) {
    case 'cookie-set':
    case 'cookie-removed':
      return cookieMatters(obs.cookie, ruleSet) ? 'evidence' : 'inventory';
    case 'response':
      return responseMatters(obs, ruleSet) ? 'evidence' : 'nothing';
    default:
      return 'evidence';
  }
}
