/**
 * What a response's headers tell about the site's sessions, kept with the request that carried them: a
 * deleting Set-Cookie (what ended a session, and which endpoint), a session cookie written (what started
 * or rotated one), its Max-Age (the evidence of its lifetime), a Clear-Site-Data header. The tracker picks
 * the headers it learns from itself (`setCookiesThatMatter`), so it is right whether or not the adapter
 * filtered responses first. Neither activity nor https evidence: the same request reaches the tracker as
 * an `activity` observation.
 */
import { reviseForClearSiteData, reviseForDeletion } from './end-attribution';
import { HEADER_MATCH_MS } from './end-reasons';
import type { EventEvidence } from './evidence';
import { valueHash } from './hash';
import type { Millis, Observation } from './observation';
import { setCookiesThatMatter } from './relevance';
import { endedEvent, type SessionRecord, type StoredEvent } from './session';
import { parseClearSiteData } from './set-cookie';
import { type HeaderSeen, pushBounded, type RequestEvidence, type SiteRecord } from './site-record';
import type { Fold } from './tracker';

type Response = Extract<Observation, { kind: 'response' }>;

/**
 * True when browsers honour Clear-Site-Data from this URL: a secure context, i.e. https, or plain http on
 * localhost or a loopback address. Elsewhere the header is ignored (and Chromium then ignores the same
 * response's Set-Cookie too).
 */
export function honoursClearSiteData(url: string): boolean {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(url);
  if (!m) return false;
  const scheme = (m[1] ?? '').toLowerCase();
  if (scheme === 'https' || scheme === 'wss') return true;
  if (scheme !== 'http' && scheme !== 'ws') return false;
  const host = (m[2] ?? '').toLowerCase().replace(/\.$/, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

export function onResponse(fold: Fold, o: Response, t: Millis): void {
  const site = fold.where.siteOfUrl(o.url);
  if (site === null) return;
  const headers = setCookiesThatMatter(o.setCookie, t, fold.rulesOf(site));
  const csdHeader = typeof o.clearSiteData === 'string' ? o.clearSiteData : null;
  const directives = csdHeader === null ? [] : parseClearSiteData(csdHeader);
  const clearsCookies = directives.includes('cookies') || directives.includes('*');
  // Nothing here the tracker learns from: no site record is made for it.
  if (headers.length === 0 && !clearsCookies) return;
  const rec = fold.siteRecord(site);
  const request: RequestEvidence = {
    method: typeof o.method === 'string' ? o.method : null,
    url: o.url,
    status: Number.isFinite(o.status) ? o.status : null,
    at: t,
  };
  const deleted: string[] = [];
  for (const { parsed, header } of headers) {
    const seen: HeaderSeen = { name: parsed.name, at: t, request, header };
    if (parsed.deletes) {
      deleted.push(parsed.name);
      pushBounded(rec.deletes, seen);
      // The removal may have been reported first: a provisional end becomes the server's.
      reviseForDeletion(fold, rec, seen, t);
      continue;
    }
    if (parsed.maxAgeSeconds !== null) {
      const i = rec.headerMaxAge.findIndex((h) => h.name === parsed.name);
      if (i >= 0) rec.headerMaxAge.splice(i, 1);
      pushBounded(rec.headerMaxAge, { name: parsed.name, seconds: parsed.maxAgeSeconds, at: t });
    }
    seen.valueHash = valueHash(parsed.value);
    rec.sets ??= [];
    pushBounded(rec.sets, seen);
    noteHeaderWrite(fold, rec, seen, parsed.maxAgeSeconds !== null);
    attachToRecentWrites(fold, rec, seen);
  }
  if (csdHeader === null || !clearsCookies) return;
  if (!honoursClearSiteData(o.url)) {
    rec.csdIgnored = { at: t, request, header: csdHeader, deletes: deleted };
    return;
  }
  let cookiesPresent = 0;
  for (const _ in rec.cookies) cookiesPresent++;
  rec.csd = { at: t, url: o.url, directives, removals: 0, cookiesPresent, request, header: csdHeader };
  rec.csd.removals += reviseForClearSiteData(fold, rec, csdHeader, request, t);
}

/** Whether header `h` wrote value hash `vh` (a header from before values were kept: any value). */
function wrote(h: HeaderSeen, vh: string): boolean {
  return h.valueHash === undefined || h.valueHash === vh;
}

/**
 * A Set-Cookie header writing a live session's current value: a write of that session, counted from the
 * header because Firefox reports no cookie change when the value and attributes did not change. A Max-Age
 * in it means each write moves the expiry (expiry.ts).
 */
function noteHeaderWrite(fold: Fold, rec: SiteRecord, seen: HeaderSeen, maxAge: boolean): void {
  for (const id of rec.live) {
    const s = fold.sessions.get(id);
    if (!s || s.cookie.name !== seen.name || s.valueHash !== seen.valueHash) continue;
    s.headerWrites = (s.headerWrites ?? 0) + 1;
    if (maxAge) s.maxAgeHeader = true;
  }
}

/** The latest captured Set-Cookie of `name` within a moment of `t` that `keep` accepts. */
function headerNear(
  rec: SiteRecord,
  name: string,
  t: Millis,
  keep: (h: HeaderSeen) => boolean,
): HeaderSeen | null {
  const sets = rec.sets ?? [];
  for (let i = sets.length - 1; i >= 0; i--) {
    const h = sets[i];
    if (h && h.name === name && Math.abs(t - h.at) <= HEADER_MATCH_MS && keep(h)) return h;
  }
  return null;
}

/**
 * Whether a captured header wrote the value a session starts with at `t` before the browser reported the
 * change: that write is already counted in the session's header writes (noteHeaderWrite saw no session).
 */
export function headerWroteStart(rec: SiteRecord, name: string, vh: string, t: Millis): boolean {
  return headerNear(rec, name, t, (h) => h.valueHash === vh && h.at <= t) !== null;
}

/**
 * What a cookie written at `t` with value hash `vh` rests on: the response whose Set-Cookie wrote that
 * value, when one was captured. Another write of the same name a moment before (the login before a
 * rotation) is not it.
 */
export function writeEvidence(
  rec: SiteRecord,
  name: string,
  vh: string,
  t: Millis,
  cookieChange: NonNullable<EventEvidence['cookieChange']>,
): EventEvidence {
  const h = headerNear(rec, name, t, (x) => x.request !== undefined && wrote(x, vh));
  if (h?.request)
    return { request: h.request, header: { name: 'Set-Cookie', value: h.header ?? '' }, cookieChange };
  return {
    cookieChange,
    unknown: 'no captured response set it: a script set it, or requests on this site are not captured',
  };
}

/**
 * The response may be reported after the cookie change it caused (Firefox): a session started, or
 * rotated away, a moment before without a request gets this one.
 */
function attachToRecentWrites(fold: Fold, rec: SiteRecord, seen: HeaderSeen): void {
  // Sessions are in start order: only the last few can have started within the window.
  for (let i = rec.sessions.length - 1; i >= 0; i--) {
    const s = fold.sessions.get(rec.sessions[i] ?? '');
    if (!s) continue;
    if (s.startedAt < seen.at - HEADER_MATCH_MS) break;
    if (s.cookie.name !== seen.name || Math.abs(s.startedAt - seen.at) > HEADER_MATCH_MS) continue;
    const started = s.events[0];
    if (started?.type !== 'started') continue;
    // Only the header that wrote the value the session started with is its cause.
    if (seen.valueHash !== undefined && started.valueHash !== seen.valueHash) continue;
    attachRequest(started, seen);
    const old = s.replaces ? fold.sessions.get(s.replaces) : undefined;
    const ended = old ? endedEvent(old) : undefined;
    if (ended?.reason === 'rotated') attachRequest(ended, seen);
  }
}

/** Gives an event without a request the response that wrote its cookie. */
export function attachRequest(e: StoredEvent, seen: Pick<HeaderSeen, 'request' | 'header'>): void {
  const ev = (e.evidence ?? {}) as EventEvidence;
  if (ev.request || ev.startup || !seen.request) return;
  const { unknown: _unknown, ...rest } = ev;
  e.evidence = { ...rest, request: seen.request, header: { name: 'Set-Cookie', value: seen.header ?? '' } };
}

/** The end of a session rotated away rests on the write that started its successor. */
export function linkRotationEvidence(old: SessionRecord, started: EventEvidence): void {
  const ended = endedEvent(old);
  if (ended?.reason !== 'rotated') return;
  const prior = (ended.evidence ?? {}) as EventEvidence;
  ended.evidence = { ...prior, cookieChange: prior.cookieChange ?? { removed: true, cause: 'overwrite' } };
  if (started.request) attachRequest(ended, { request: started.request, header: started.header?.value });
  else if (!prior.request && started.unknown)
    ended.evidence = { ...(ended.evidence as EventEvidence), unknown: started.unknown };
}
