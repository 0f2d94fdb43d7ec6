/**
 * The server deleted a session's cookie: was it a logout, inactivity, or something the evidence cannot
 * tell? A deletion looks the same in every case (`Max-Age=0`), so the verdict rests on what surrounds it:
 * - the request that carried it: a logout URL is a logout; an ordinary page is not;
 * - how long the session sat idle before that request, against the longest pause it survived before;
 * - what the server did before: re-sending the cookie while it is used means its lifetime slides with
 *   activity (Django's SESSION_SAVE_EVERY_REQUEST), the setup under which inactivity ends a session.
 * Without the request nothing tells a logout from a timeout: the verdict says so (`server-ended`).
 */
import { SLIDE_MIN_MS } from './end-reasons';
import type { EventEvidence } from './evidence';
import type { Millis } from './observation';
import { iso, resendsSeen, type SessionRecord } from './session';
import type { RequestEvidence } from './site-record';

/** A logout response whose deletion the browser ignored (Clear-Site-Data over plain http, in Chromium). */
export interface IgnoredLogout {
  at: Millis;
  request: RequestEvidence;
}

export interface ServerVerdict {
  reason: 'logout' | 'idle-timeout' | 'server-ended';
  inferred: boolean;
  evidence: EventEvidence;
}

/** A path that names a logout: `/logout`, `/accounts/logout/`, `/auth/sign-out`, `/session/destroy`… */
const LOGOUT_PATH =
  /(^|[/_.-])(log[-_]?out|log[-_]?off|sign[-_]?out|sign[-_]?off|end[-_]?session|session\/(destroy|delete|end))([/_.;?-]|$)/i;

/** True when the request's URL names a logout (its path, not the query or the host). */
export function isLogoutUrl(url: string): boolean {
  const noQuery = url.split(/[?#]/, 1)[0] ?? '';
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(.*)$/i.exec(noQuery);
  const path = m ? (m[1] ?? '') : noQuery;
  return LOGOUT_PATH.test(path);
}

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

/**
 * How long the session sat idle before the deleting request, and the longest pause it survived before.
 * The request itself may already count as the session's latest activity (its `activity` observation
 * comes first in Chrome), or not (the removal came first, as Firefox reports it).
 */
export function pausesBefore(
  s: SessionRecord,
  requestAt: Millis,
): { idleMs: number; longestMs: number } | null {
  if (s.lastActivityAt >= requestAt) {
    if (s.lastPauseMs === undefined) return null;
    return { idleMs: s.lastPauseMs, longestMs: s.longestPauseMs ?? 0 };
  }
  return {
    idleMs: requestAt - s.lastActivityAt,
    longestMs: Math.max(s.longestPauseMs ?? 0, s.lastPauseMs ?? 0),
  };
}

/** The verdict on a server deletion of `s`'s cookie, from the response that carried it (null: not seen). */
export function serverVerdict(
  s: SessionRecord,
  deletion: { request?: RequestEvidence; header?: string } | null,
  cookieChange: EventEvidence['cookieChange'],
  ignoredLogout: IgnoredLogout | null = null,
): ServerVerdict {
  const base: EventEvidence = cookieChange ? { cookieChange } : {};
  const request = deletion?.request;
  if (deletion?.header !== undefined) base.header = { name: 'Set-Cookie', value: deletion.header };
  if (!request)
    return {
      reason: 'server-ended',
      inferred: false,
      evidence: {
        ...base,
        unknown:
          'the response that deleted the cookie was not captured (requests on this site are not captured, or it came before Sessionscope could see it): a logout cannot be told from a timeout',
      },
    };
  const evidence: EventEvidence = { ...base, request };
  const what = `${request.method ?? 'the request'} to this URL`;
  if (isLogoutUrl(request.url))
    return { reason: 'logout', inferred: false, evidence: { ...evidence, why: [`${what} is a logout URL`] } };
  if (ignoredLogout && ignoredLogout.at < request.at && s.startedAt <= ignoredLogout.at)
    return {
      reason: 'logout',
      inferred: true,
      evidence: {
        ...evidence,
        why: [
          `a logout response (${ignoredLogout.request.method ?? 'a request'} at ${iso(ignoredLogout.at)}) deleted the cookie, but the browser ignored it with its Clear-Site-Data header (plain http); this response deleted it again`,
        ],
      },
    };
  const why: string[] = [`${what} is an ordinary page, not a logout URL`];
  const pauses = pausesBefore(s, request.at);
  const resends = resendsSeen(s);
  const sliding = resends > 0;
  why.push(
    sliding
      ? `the server re-sent the cookie ${resends} time${resends === 1 ? '' : 's'} while it was in use: its lifetime slides with activity`
      : 'the server never re-sent the cookie: nothing shows its lifetime slides with activity',
  );
  if (pauses === null) {
    why.push('how long the session sat idle before it is not known');
    return { reason: 'server-ended', inferred: false, evidence: { ...evidence, why } };
  }
  const longer = pauses.idleMs >= SLIDE_MIN_MS && pauses.idleMs > pauses.longestMs;
  why.push(
    longer
      ? `idle ${seconds(pauses.idleMs)} before it, longer than any pause it survived before (${seconds(pauses.longestMs)})`
      : pauses.idleMs < SLIDE_MIN_MS
        ? 'in use until just before it: not idle'
        : `idle ${seconds(pauses.idleMs)} before it, while it survived a pause of ${seconds(pauses.longestMs)} before`,
  );
  if (longer && sliding) return { reason: 'idle-timeout', inferred: true, evidence: { ...evidence, why } };
  return { reason: 'server-ended', inferred: false, evidence: { ...evidence, why } };
}
