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
import type { CookieSnapshot, Millis, Observation } from './observation';
import { recognize } from './recognize';
import { type RuleSet, type Rules, rulesFor } from './rules';
import { type ParsedSetCookie, parseSetCookie, rawNameValue } from './set-cookie';
import { siteOf, siteOfUrl } from './site';

type Response = Extract<Observation, { kind: 'response' }>;

/** A Set-Cookie header the tracker learns from, parsed. */
export interface RelevantSetCookie {
  parsed: ParsedSetCookie;
  header: string;
}

/**
 * The Set-Cookie headers of one response the tracker learns from: every deletion, whatever the cookie's
 * name (a cookie the user pins later is judged by the deletions seen before), and the writes of session
 * and companion cookies. The tracker reads a response through this too, so the adapter's filter
 * (`responseMatters`) only saves storage: the tracker is right with or without it.
 */
export function setCookiesThatMatter(
  headers: unknown,
  at: Millis,
  rules: Pick<Rules, 'pinned' | 'excluded'>,
): RelevantSetCookie[] {
  if (!Array.isArray(headers)) return [];
  const all: RelevantSetCookie[] = [];
  for (const header of headers) {
    const parsed = typeof header === 'string' ? parseSetCookie(header, at) : null;
    if (parsed) all.push({ parsed, header });
  }
  // Cookies set together are siblings (cookie-session sets `session` and `session.sig` in one response).
  const names = all.filter((x) => !x.parsed.deletes).map((x) => x.parsed.name);
  return all.filter(
    ({ parsed: p }) =>
      p.deletes ||
      recognize({
        name: p.name,
        value: p.value,
        siblings: names,
        pinned: rules.pinned,
        excluded: rules.excluded,
      }).role !== 'other',
  );
}

/** True when the tracker would use this response: a Clear-Site-Data header, or a Set-Cookie that matters. */
export function responseMatters(obs: Response, ruleSet: RuleSet): boolean {
  if (obs.clearSiteData !== null) return true;
  const site = siteOfUrl(obs.url);
  const rules = site === null ? { pinned: [], excluded: [] } : rulesFor(ruleSet, site);
  // Without a site only a deletion is kept, as before: nothing else can be placed.
  if (setCookiesThatMatter(obs.setCookie, obs.at, rules).some((x) => x.parsed.deletes || site !== null))
    return true;
  return site !== null && refusedSessionHeader(obs.setCookie, rules);
}

/**
 * A header browsers ignore outright (over 4 KB, a control character) that names a session cookie: the
 * tracker reports it as refused (refusals.ts), so it is evidence although it parses to no cookie.
 */
function refusedSessionHeader(headers: unknown, rules: Pick<Rules, 'pinned' | 'excluded'>): boolean {
  if (!Array.isArray(headers)) return false;
  return headers.some((header) => {
    if (typeof header !== 'string' || parseSetCookie(header, 0) !== null) return false;
    const raw = rawNameValue(header);
    return (
      raw !== null &&
      recognize({ name: raw.name, value: raw.value, pinned: rules.pinned, excluded: rules.excluded }).role !==
        'other'
    );
  });
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
