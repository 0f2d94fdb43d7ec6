/**
 * The session record the tracker folds observations into. Plain data (no Maps, no classes) so a
 * snapshot is a JSON copy of it.
 */
import type { EndReason, Framework } from './contract';
import type { CookieSnapshot, Millis } from './observation';
import type { PayloadEntry } from './payload';
import type { DecoderName, ValueKind } from './recognize';

export interface StoredEvent {
  at: Millis;
  type: string;
  [detail: string]: unknown;
}

export interface SessionRecord {
  id: string;
  site: string;
  /** cookieId(cookie): the session's cookie identity. */
  key: string;
  cookie: CookieSnapshot;
  valueHash: string;
  framework: Framework | null;
  valueKind: ValueKind;
  decoder: DecoderName | null;
  recognition: { confidence: number; evidence: string[]; pinned: boolean };
  decoded: Record<string, unknown> | null;
  /** Who is logged in, from the payload (payload.ts): another subject is another session. */
  subject: string | null;
  /** The payloads the session carried, oldest first (bounded); absent: only `decoded`, since the start. */
  payloads?: PayloadEntry[];
  payloadsDropped?: number;
  startedAt: Millis;
  lastActivityAt: Millis;
  endedAt: Millis | null;
  endReason: EndReason | null;
  endInferred: boolean;
  /**
   * An end decided on weak evidence (an explicit removal, a removal pattern) that evidence arriving a
   * moment later may still correct: a deleting Set-Cookie header, a Clear-Site-Data header, a re-set.
   */
  provisional: boolean;
  /**
   * The end is a prediction by one of the user's rules (idle-timeout, max-lifetime): the cookie was not
   * seen to go, and the same value written again resumes the session. Absent in older snapshots.
   */
  endPredicted?: boolean;
  replaces: string | null;
  replacedBy: string | null;
  restartsSurvived: number;
  restoredByBrowser: boolean;
  firstRestoredAt: Millis | null;
  events: StoredEvent[];
  eventsDropped: number;
  /** Activity signals since the session last became active (shown on the idle event). */
  activitySinceActive: number;
  /** Request-level and navigation signals while live: the base for "re-sent on every response". */
  requests: number;
  navigations: number;
  /** Writes of the same session (re-sends, in-place updates), and those that pushed the expiry forward. */
  resends: number;
  expiryPushes: number;
  /**
   * Set-Cookie headers seen writing the session's current value, the one that started it included
   * (responses.ts). Firefox reports no cookie change for a write identical to the cookie it replaces, so
   * these count the re-sends that browser does not report. Absent: none seen.
   */
  headerWrites?: number;
  /** Writes far enough after the one before that left the expiry in place (expiry.ts); absent: none. */
  expiryStayed?: number;
  /** The server was seen setting this cookie with Max-Age: a re-send moves its expiry. */
  maxAgeHeader?: boolean;
  /** Lifetime the last write gave the cookie, in seconds (expiresAt − write time). */
  maxAgeSeconds: number | null;
  lastWriteAt: Millis;
  /** The pause the latest activity ended, and the longest pause the session was seen to survive. */
  lastPauseMs?: number;
  longestPauseMs?: number;
}

/** Bounded so a chatty site (tabs, user idle) cannot grow one session without limit. */
export const MAX_EVENTS_PER_SESSION = 200;

export function pushEvent(s: SessionRecord, event: StoredEvent): void {
  if (s.events.length >= MAX_EVENTS_PER_SESSION) {
    // Keep the first event (started): it anchors the timeline.
    s.events.splice(1, 1);
    s.eventsDropped++;
  }
  const events = s.events;
  let i = events.length;
  // Moments derived late (idle, a time-based end) may precede events already recorded: keep order.
  while (i > 0 && (events[i - 1] as StoredEvent).at > event.at) i--;
  if (i === events.length) events.push(event);
  else events.splice(i, 0, event);
}

/**
 * Activity at `t` ends a pause: the pause before it, which the session outlived (it is still live), is
 * the longest survived so far if longer than those before. What an idle timeout on the server is judged by.
 */
export function notePause(s: SessionRecord, t: Millis): void {
  if (!(t > s.lastActivityAt)) return;
  if (s.lastPauseMs !== undefined && s.lastPauseMs > (s.longestPauseMs ?? 0))
    s.longestPauseMs = s.lastPauseMs;
  s.lastPauseMs = t - s.lastActivityAt;
}

/**
 * Re-sends of the session seen: the writes the browser reported, or the Set-Cookie headers that wrote the
 * same value after the one that started it, whichever shows more (both see the same writes where both
 * report them; Firefox reports no change for an identical re-send).
 */
export function resendsSeen(s: SessionRecord): number {
  return Math.max(s.resends, (s.headerWrites ?? 0) - 1);
}

/** The last `ended` event of a session, where its end's evidence is kept. */
export function endedEvent(s: SessionRecord): StoredEvent | undefined {
  for (let i = s.events.length - 1; i >= 0; i--) {
    const e = s.events[i];
    if (e?.type === 'ended') return e;
  }
  return undefined;
}

/** 64-bit FNV-1a as 16 hex digits: deterministic ids without crypto (core is synchronous). */
export function fnv64(input: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h1 >>> 15);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

export function sessionIdFor(key: string, startedAt: Millis, valueHash: string): string {
  return `s_${fnv64(`${key}\u0002${startedAt}\u0002${valueHash}`)}`;
}

const MIN_DATE = -8.64e15;
const MAX_DATE = 8.64e15;

/** ISO string for any number: clamps what Date cannot represent rather than throwing. */
export function iso(ms: Millis): string {
  const v = Number.isFinite(ms) ? Math.min(MAX_DATE, Math.max(MIN_DATE, ms)) : 0;
  return new Date(v).toISOString();
}
