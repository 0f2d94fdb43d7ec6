/**
 * Does a session cookie's expiry stay where it is, or does the server push it forward (on each write of
 * the session, or on every response)? Decided from the writes of the same session only as far as they
 * show it: a re-send that moved the expiry, or a Max-Age re-sent (relative to the moment of the write, so
 * it moves the expiry by definition), shows sliding; re-sends far enough apart that left it in place show
 * a fixed expiry; anything less leaves it `unknown`, never a guess.
 */
import type { ExportInference } from './contract';
import { SLIDE_MIN_MS } from './end-reasons';
import type { CookieSnapshot, Millis } from './observation';
import { resendsSeen, type SessionRecord } from './session';
import type { SiteRecord } from './site-record';

export type ExpiryMode = 'fixed' | 'sliding-on-write' | 'sliding-every-response' | 'unknown';

export const DJANGO_SESSION_COOKIE_AGE = 1_209_600;
/** Chrome (M104+) and Firefox cap Expires/Max-Age at 400 days. */
export const BROWSER_MAX_AGE_CAP = 34_560_000;

/** Re-sends on at least this share of the site's responses: the server writes on every response. */
const EVERY_RESPONSE_SHARE = 0.8;
/**
 * Re-sends at least this far apart that did not move the expiry show it fixed. Expires has second
 * resolution, so a sliding expiry re-sent this much later has moved by at least SLIDE_MIN_MS.
 */
export const FIXED_GAP_MS = 2 * SLIDE_MIN_MS;

export interface ExpiryEvidence {
  mode: ExpiryMode;
  resends: number;
  pushes: number;
  /** Re-sends at least FIXED_GAP_MS after the write before them that left the expiry in place. */
  stayed: number;
  /** The server sets this cookie with Max-Age: each re-send computes a new expiry. */
  maxAgeHeader: boolean;
  /** Responses (navigations when known, else requests) seen while the sessions were live. */
  responses: number;
}

/** A re-send (same value) or in-place update of a live session: what it shows about the expiry. */
export function noteWrite(s: SessionRecord, c: CookieSnapshot, t: Millis, rec: SiteRecord): void {
  const before = s.cookie.expiresAt;
  s.resends++;
  if (c.expiresAt !== null && before !== null) {
    const moved = c.expiresAt - before;
    if (moved >= SLIDE_MIN_MS) s.expiryPushes++;
    else if (Math.abs(moved) < SLIDE_MIN_MS && t - s.lastWriteAt >= FIXED_GAP_MS)
      s.expiryStayed = (s.expiryStayed ?? 0) + 1;
  }
  noteMaxAgeHeader(s, rec);
  s.lastWriteAt = t;
  if (c.expiresAt !== null) s.maxAgeSeconds = Math.round((c.expiresAt - t) / 1000);
}

/** Whether the server has been seen setting this cookie with Max-Age (remembered on the session). */
export function noteMaxAgeHeader(s: SessionRecord, rec: SiteRecord): void {
  if (!s.maxAgeHeader && rec.headerMaxAge.some((h) => h.name === s.cookie.name)) s.maxAgeHeader = true;
}

export function expiryEvidence(sessions: readonly SessionRecord[]): ExpiryEvidence {
  let resends = 0;
  let pushes = 0;
  let stayed = 0;
  let navigations = 0;
  let requests = 0;
  let maxAgeHeader = false;
  for (const s of sessions) {
    resends += resendsSeen(s);
    pushes += s.expiryPushes;
    stayed += s.expiryStayed ?? 0;
    navigations += s.navigations;
    requests += s.requests;
    if (s.maxAgeHeader) maxAgeHeader = true;
  }
  const responses = navigations > 0 ? navigations : requests;
  // Re-sends that stayed put were sent without Max-Age, whatever other writes carried.
  const sliding = pushes > 0 || (resends > 0 && maxAgeHeader && stayed === 0);
  let mode: ExpiryMode = stayed > 0 ? 'fixed' : 'unknown';
  if (sliding)
    mode =
      resends >= 2 && resends >= EVERY_RESPONSE_SHARE * responses
        ? 'sliding-every-response'
        : 'sliding-on-write';
  return { mode, resends, pushes, stayed, maxAgeHeader, responses };
}

/** The evidence behind a mode, in words. */
export function expiryReasons(ev: ExpiryEvidence, name: string): string[] {
  const out: string[] = [];
  if (ev.pushes > 0)
    out.push(`${ev.resends} re-sends of the same ${name}, ${ev.pushes} pushed its expiry forward`);
  else if (ev.mode === 'fixed')
    out.push(
      `${ev.stayed} re-sends of the same ${name} at least ${FIXED_GAP_MS / 1000} s after the write before, expiry never moved`,
    );
  else if (ev.resends > 0 && ev.maxAgeHeader)
    out.push(
      `${ev.resends} re-sends of the same ${name} with Max-Age in Set-Cookie: each re-send moves the expiry to Max-Age after it`,
    );
  else if (ev.resends > 0)
    out.push(
      `${ev.resends} re-sends of the same ${name}, each within ${FIXED_GAP_MS / 1000} s of the write before: too close together to tell whether the expiry moves`,
    );
  else out.push(`${name} not re-sent yet: whether the server moves its expiry is not known yet`);
  if (ev.mode === 'sliding-on-write' || ev.mode === 'sliding-every-response')
    out.push(`${ev.responses} responses seen while the session was live`);
  return out;
}

/** Seconds snapped to a well-known value when within clock jitter of it. */
export function snapAge(seconds: number): number {
  for (const known of [DJANGO_SESSION_COOKIE_AGE, BROWSER_MAX_AGE_CAP])
    if (Math.abs(seconds - known) <= 2) return known;
  return seconds;
}

export function cookieAgeOf(
  rec: SiteRecord,
  s: SessionRecord,
): { seconds: number; fromHeader: boolean } | null {
  const header = rec.headerMaxAge.find((h) => h.name === s.cookie.name);
  if (header) return { seconds: header.seconds, fromHeader: true };
  if (s.maxAgeSeconds !== null && !s.cookie.session)
    return { seconds: snapAge(s.maxAgeSeconds), fromHeader: false };
  return null;
}

/** The `expiry` and `cookie-age` inferences for the sessions of one cookie name (the latest last). */
export function expiryInferences(
  rec: SiteRecord,
  name: string,
  list: readonly SessionRecord[],
): ExportInference[] {
  const latest = list[list.length - 1];
  if (!latest || latest.cookie.session) return [];
  const out: ExportInference[] = [];
  const age = cookieAgeOf(rec, latest);
  const ev = expiryEvidence(list);
  out.push({
    kind: 'expiry',
    value: { mode: ev.mode, maxAgeSeconds: age?.seconds ?? null },
    evidence: expiryReasons(ev, name),
  });
  if (age) {
    const evidence: string[] = [
      age.fromHeader ? `Max-Age=${age.seconds} in Set-Cookie` : `expiry ${age.seconds} s after the write`,
    ];
    if (age.seconds === DJANGO_SESSION_COOKIE_AGE)
      evidence.push('Django default: two weeks (SESSION_COOKIE_AGE)');
    if (age.seconds >= BROWSER_MAX_AGE_CAP) evidence.push('at the browsers’ 400-day cap');
    out.push({ kind: 'cookie-age', value: age.seconds, evidence });
  }
  return out;
}
