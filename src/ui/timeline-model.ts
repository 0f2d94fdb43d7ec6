import type { EndReason, ExportSession, SessionState } from '../core/contract';
import { parseTime } from './format';

export interface Segment {
  from: number;
  to: number;
  state: SessionState;
}

export type MarkKind = 'restart' | 'rotation' | 'logout' | 'clear-site-data' | 'end';

export interface Mark {
  at: number;
  kind: MarkKind;
  /** Lane index, or -1 for a site-wide mark (a browser restart). */
  lane: number;
  /** For a rotation: the lane of the new session, joined to the old one by a connector. */
  toLane?: number;
  endReason?: EndReason | null;
}

export interface Lane {
  session: ExportSession;
  segments: Segment[];
}

export interface TimelineModel {
  from: number;
  to: number;
  lanes: Lane[];
  marks: Mark[];
}

/** Events that change the state shown on a lane; anything else (activity, updates) leaves it as it is. */
const STATE_OF_EVENT: Record<string, SessionState> = { idle: 'idle', active: 'active' };

function laneSegments(s: ExportSession, now: number): Segment[] {
  const start = parseTime(s.startedAt) ?? now;
  const end = s.state === 'ended' ? (parseTime(s.endedAt) ?? parseTime(s.lastActivityAt) ?? start) : now;
  const segments: Segment[] = [];
  let state: SessionState = 'active';
  let since = start;
  const events = [...s.events].sort((a, b) => (parseTime(a.at) ?? 0) - (parseTime(b.at) ?? 0));
  for (const e of events) {
    const next = STATE_OF_EVENT[e.type];
    const at = parseTime(e.at);
    if (!next || at === null || next === state || at < since || at > end) continue;
    if (at > since) segments.push({ from: since, to: at, state });
    state = next;
    since = at;
  }
  // The background's current state is the truth when it has not (yet) recorded the transition as an event.
  if (s.state !== 'ended' && s.state !== state) {
    const switchAt = Math.max(since, Math.min(end, parseTime(s.lastActivityAt) ?? since));
    if (switchAt > since) segments.push({ from: since, to: switchAt, state });
    state = s.state;
    since = switchAt;
  }
  if (end > since || segments.length === 0) segments.push({ from: since, to: Math.max(end, since), state });
  return segments;
}

function endMarkKind(reason: EndReason | null): MarkKind {
  if (reason === 'logout') return 'logout';
  if (reason === 'clear-site-data') return 'clear-site-data';
  return 'end';
}

/** Lanes, segments and marks for a site's sessions, oldest session on top. */
export function buildTimeline(
  sessions: readonly ExportSession[],
  restarts: readonly number[],
  now: number,
): TimelineModel {
  const ordered = [...sessions].sort(
    (a, b) => (parseTime(a.startedAt) ?? 0) - (parseTime(b.startedAt) ?? 0) || a.id.localeCompare(b.id),
  );
  const laneOf = new Map(ordered.map((s, i) => [s.id, i]));
  const lanes = ordered.map((session) => ({ session, segments: laneSegments(session, now) }));
  let from = Math.min(now, ...lanes.map((l) => l.segments[0]?.from ?? now));
  const to = now;
  const marks: Mark[] = [];
  for (const [i, lane] of lanes.entries()) {
    const s = lane.session;
    if (s.state !== 'ended') continue;
    const at = parseTime(s.endedAt) ?? lane.segments.at(-1)?.to ?? now;
    const toLane = s.replacedBy ? laneOf.get(s.replacedBy) : undefined;
    if (s.endReason === 'rotated' || toLane !== undefined) {
      marks.push({ at, kind: 'rotation', lane: i, toLane: toLane ?? i, endReason: s.endReason });
    } else {
      marks.push({ at, kind: endMarkKind(s.endReason), lane: i, endReason: s.endReason });
    }
  }
  for (const at of restarts) {
    if (at >= from && at <= to) marks.push({ at, kind: 'restart', lane: -1 });
  }
  // A span of zero cannot be drawn; show at least a minute so a brand-new session has a visible bar.
  if (to - from < 60_000) from = to - 60_000;
  return { from, to, lanes, marks };
}

export interface Tick {
  at: number;
  /** 'time' (hh:mm), 'seconds' (hh:mm:ss) or 'day' (25 Nov): how the label should be written. */
  style: 'seconds' | 'time' | 'day';
}

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const STEPS = [
  1 * S,
  5 * S,
  15 * S,
  30 * S,
  M,
  2 * M,
  5 * M,
  10 * M,
  15 * M,
  30 * M,
  H,
  2 * H,
  3 * H,
  6 * H,
  12 * H,
  D,
  2 * D,
  7 * D,
  14 * D,
  30 * D,
];

/**
 * Axis ticks on round local times, at most `maxTicks`: minutes on a 30-minute span, days on a two-week one.
 * `tzOffsetMinutes` is `Date#getTimezoneOffset()`, passed in so the choice is testable.
 */
export function axisTicks(from: number, to: number, maxTicks: number, tzOffsetMinutes: number): Tick[] {
  const span = Math.max(1, to - from);
  const step = STEPS.find((s) => span / s <= maxTicks) ?? STEPS.at(-1)!;
  const shift = -tzOffsetMinutes * M;
  const first = Math.ceil((from + shift) / step) * step - shift;
  const style: Tick['style'] = step >= D ? 'day' : step < M ? 'seconds' : 'time';
  const ticks: Tick[] = [];
  for (let at = first; at <= to; at += step) ticks.push({ at, style });
  return ticks;
}
