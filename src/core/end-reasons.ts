/**
 * The time-based part of a session's state: idle, and the ends nothing reports (expiry passing,
 * the idle-timeout and max-lifetime rules). Derived from stored timestamps at any `now`, so the
 * report and the fold agree on when they happened.
 */
import type { EndReason, ExportSession, SessionState } from './contract';
import type { Millis } from './observation';
import type { Rules } from './rules';
import type { SessionRecord } from './session';

/** A removal this close to a deleting Set-Cookie header for the same name is the server logging out. */
export const HEADER_MATCH_MS = 5_000;
/** Removals this soon after a Clear-Site-Data header are that header honoured. */
export const CSD_WINDOW_MS = 5_000;
/** Several explicit removals of one site within this window, with no header seen: Clear-Site-Data. */
export const BURST_WINDOW_MS = 1_000;
/** A removal followed this soon by a new value for the same cookie is a rotation, not an end. */
export const RESET_WINDOW_MS = 2_000;
/** Removals this soon after the user asked Sessionscope to act are that action's. */
export const USER_ACTION_WINDOW_MS = 10_000;
/** A companion (csrftoken) and a session id changing this close together changed in one response. */
export const LOGIN_MATCH_MS = 1_500;
/** An expiry that moved less than this did not slide (same-second re-sends); an end this much before the
 * cookie's expiry was not the expiry. */
export const SLIDE_MIN_MS = 1_000;
/** The longest any later evidence may come after an end and still revise it. */
export const REVISION_WINDOW_MS = Math.max(HEADER_MATCH_MS, CSD_WINDOW_MS, BURST_WINDOW_MS, RESET_WINDOW_MS);

/**
 * True while a reported end may still be revised: a removal is recorded at once as 'removed' (or an
 * inferred Clear-Site-Data), then corrected when the deleting header arrives (Firefox reports the removal
 * before the response), or undone when the same cookie is set again. Whoever announces ends waits for it.
 */
export function endMayBeRevised(
  session: Pick<ExportSession, 'state' | 'endedAt' | 'endReason' | 'endInferred' | 'endPredicted'>,
  now: Millis,
): boolean {
  if (session.state !== 'ended' || session.endedAt === null) return false;
  // A prediction is announced as one; it is taken back only if the server writes the cookie again.
  if (session.endPredicted === true) return false;
  if (session.endReason !== 'removed' && session.endReason !== 'server-ended' && session.endInferred !== true)
    return false;
  return now - Date.parse(session.endedAt) < REVISION_WINDOW_MS;
}

export interface SessionTiming {
  state: SessionState;
  endReason: EndReason | null;
  endedAt: Millis | null;
  /** The end was inferred rather than seen; predicted by a rule of the user's (see predictions.ts). */
  endInferred: boolean;
  endPredicted: boolean;
  /** When the session became (or becomes) idle; null once ended by an observation. */
  idleAt: Millis | null;
}

/** The earliest time-based end of a live session, whether or not it has passed. */
export function timeEnd(s: SessionRecord, rules: Rules): { at: Millis; reason: EndReason } | null {
  let best: { at: Millis; reason: EndReason } | null = null;
  const consider = (at: Millis, reason: EndReason) => {
    if (Number.isFinite(at) && (!best || at < best.at)) best = { at, reason };
  };
  if (s.cookie.expiresAt !== null) consider(s.cookie.expiresAt, 'expired');
  if (rules.maxLifetimeSeconds !== null)
    consider(s.startedAt + rules.maxLifetimeSeconds * 1000, 'max-lifetime');
  if (rules.idleTimeoutSeconds !== null)
    consider(s.lastActivityAt + rules.idleTimeoutSeconds * 1000, 'idle-timeout');
  return best;
}

export function timingOf(s: SessionRecord, rules: Rules, now: Millis): SessionTiming {
  if (s.endedAt !== null)
    return {
      state: 'ended',
      endReason: s.endReason,
      endedAt: s.endedAt,
      endInferred: s.endInferred,
      endPredicted: s.endPredicted === true,
      idleAt: null,
    };
  const idleAt = s.lastActivityAt + rules.idleAfterSeconds * 1000;
  const end = timeEnd(s, rules);
  if (end && end.at <= now) {
    // Not folded yet, it reads as the fold will record it: a rule's end is a prediction.
    const predicted = end.reason === 'idle-timeout' || end.reason === 'max-lifetime';
    return {
      state: 'ended',
      endReason: end.reason,
      endedAt: end.at,
      endInferred: predicted,
      endPredicted: predicted,
      idleAt,
    };
  }
  const state = now >= idleAt ? 'idle' : 'active';
  return { state, endReason: null, endedAt: null, endInferred: false, endPredicted: false, idleAt };
}
