/**
 * The trace export: Chrome trace-event JSON, which Perfetto (ui.perfetto.dev) and chrome://tracing open.
 * A process per site, a thread per session, a slice per state period, instants for the moments that
 * explain an end (restarts, rotations, logouts, Clear-Site-Data), and a flow arrow from a rotated
 * session to its successor. Times are microseconds from the earliest moment in the document.
 */
import type { ExportDocument, ExportEvent, ExportSession, SessionState } from '../contract';
import { rulesFor } from '../rules';

export interface TraceEvent {
  name: string;
  cat?: string;
  /** X complete slice, i instant, M metadata, s/f flow start/finish. */
  ph: 'X' | 'i' | 'M' | 's' | 'f';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  /** Instant scope: thread. */
  s?: 't';
  id?: number;
  /** Flow finish binds to the slice that encloses it rather than the next one. */
  bp?: 'e';
  /** chrome://tracing's reserved colour names; Perfetto picks its own. */
  cname?: string;
  args?: Record<string, unknown>;
}

export interface Trace {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms';
  metadata: Record<string, unknown>;
}

/** Events that are state changes or plain activity: shown as slices, not as marks. */
const QUIET_EVENTS = new Set(['started', 'updated', 'activity', 'active', 'idle', 'user-idle']);

const STATE_COLOUR: Record<SessionState, string> = { active: 'good', idle: 'yellow', ended: 'grey' };

interface Segment {
  state: SessionState;
  from: number;
  to: number;
}

export function toTrace(doc: ExportDocument): Trace {
  // Loops, not Math.min(...times): a large export would overflow the argument list.
  let origin = Number.POSITIVE_INFINITY;
  let traceEnd = Number.NEGATIVE_INFINITY;
  const note = (ms: number) => {
    if (!Number.isFinite(ms)) return;
    if (ms < origin) origin = ms;
    if (ms > traceEnd) traceEnd = ms;
  };
  const exportedAt = msOf(doc.exportedAt);
  note(exportedAt);
  for (const restart of doc.restarts) note(msOf(restart.at));
  for (const site of doc.sites) {
    for (const session of site.sessions) {
      note(msOf(session.startedAt));
      note(msOf(session.endedAt));
      for (const event of session.events) note(msOf(event.at));
    }
  }
  if (!Number.isFinite(origin)) {
    origin = 0;
    traceEnd = 0;
  }
  const ts = (ms: number) => Math.round((ms - origin) * 1000);

  const restarts = doc.restarts.map((r) => msOf(r.at)).filter(Number.isFinite);
  const metadataEvents: TraceEvent[] = [];
  const timed: TraceEvent[] = [];
  const where = new Map<string, { pid: number; tid: number; start: number }>();
  const rotations: { from: ExportSession; pid: number; tid: number; at: number }[] = [];

  doc.sites.forEach((site, siteIndex) => {
    const pid = siteIndex + 1;
    metadataEvents.push(
      { name: 'process_name', ph: 'M', pid, tid: 0, args: { name: site.site } },
      { name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: siteIndex } },
    );
    const idleAfterMs = rulesFor(doc.rules, site.site).idleAfterSeconds * 1000;
    site.sessions.forEach((session, sessionIndex) => {
      const tid = sessionIndex + 1;
      metadataEvents.push(
        {
          name: 'thread_name',
          ph: 'M',
          pid,
          tid,
          args: { name: `${session.cookie.name} ${session.id.slice(0, 8)}` },
        },
        { name: 'thread_sort_index', ph: 'M', pid, tid, args: { sort_index: sessionIndex } },
      );
      const segments = segmentsOf(session, traceEnd, idleAfterMs);
      const first = segments[0];
      if (!first) return;
      where.set(session.id, { pid, tid, start: first.from });
      const sessionArgs = {
        session: session.id,
        cookie: session.cookie.name,
        framework: session.framework,
        replaces: session.replaces,
        replacedBy: session.replacedBy,
      };
      for (const segment of segments) {
        timed.push({
          name: segment.state,
          cat: 'state',
          ph: 'X',
          pid,
          tid,
          ts: ts(segment.from),
          dur: ts(segment.to) - ts(segment.from),
          cname: STATE_COLOUR[segment.state],
          args:
            segment.state === 'ended'
              ? { ...sessionArgs, state: segment.state, endReason: session.endReason }
              : { ...sessionArgs, state: segment.state },
        });
      }
      const last = segments[segments.length - 1] ?? first;
      const lifeEnd = last.state === 'ended' ? last.from : last.to;
      const instant = (name: string, at: number, args: Record<string, unknown>) =>
        timed.push({ name, cat: 'event', ph: 'i', s: 't', pid, tid, ts: ts(at), args });

      let endMarked = false;
      for (const event of session.events) {
        const at = msOf(event.at);
        if (!Number.isFinite(at) || QUIET_EVENTS.has(event.type)) continue;
        const { at: _at, type: _type, ...detail } = event;
        const reason = reasonOf(event) ?? (event.type === 'ended' ? session.endReason : null);
        if (event.type === 'ended') endMarked = true;
        instant(reason && event.type === 'ended' ? `ended: ${reason}` : event.type, at, detail);
      }
      if (!endMarked && last.state === 'ended') {
        instant(`ended: ${session.endReason ?? 'unknown'}`, last.from, { endReason: session.endReason });
      }
      for (const restart of restarts) {
        if (restart >= first.from && restart <= lifeEnd) instant('browser restart', restart, {});
      }
      if (session.replacedBy !== null && last.state === 'ended') {
        rotations.push({ from: session, pid, tid, at: last.from });
      }
    });
  });

  let flowId = 0;
  for (const rotation of rotations) {
    const next = rotation.from.replacedBy === null ? undefined : where.get(rotation.from.replacedBy);
    if (!next) continue;
    flowId += 1;
    // The slices' own category: Chrome DevTools binds a flow point to the slice of the same ts, pid, tid
    // and category (trace-devtools.test.ts).
    const common = { name: 'rotated', cat: 'state', id: flowId };
    timed.push(
      { ...common, ph: 's', pid: rotation.pid, tid: rotation.tid, ts: ts(rotation.at) },
      { ...common, ph: 'f', bp: 'e', pid: next.pid, tid: next.tid, ts: ts(next.start) },
    );
  }

  return {
    traceEvents: [...metadataEvents, ...timed],
    displayTimeUnit: 'ms',
    metadata: {
      source: 'Sessionscope',
      format: doc.format,
      version: doc.version,
      exportedAt: doc.exportedAt,
      browser: doc.browser,
      // What ts 0 is, so a reader can turn trace times back into wall-clock times.
      origin: new Date(origin).toISOString(),
    },
  };
}

/**
 * A session's state periods: active from its start, switching on `idle`/`active`/`activity` events
 * (or an event carrying a `state`), then ended from `endedAt` to the end of the trace. A session
 * reported idle without an idle event turned idle at `idleAt`, or `idleAfterSeconds` after its last activity.
 */
export function segmentsOf(session: ExportSession, traceEnd: number, idleAfterMs: number): Segment[] {
  const start = msOf(session.startedAt);
  if (!Number.isFinite(start)) return [];
  const events = session.events
    .map((event) => ({ event, at: msOf(event.at) }))
    .filter((e) => Number.isFinite(e.at))
    .sort((a, b) => a.at - b.at);
  let end: number | null = msOf(session.endedAt);
  if (!Number.isFinite(end)) {
    end = session.state === 'ended' ? events.reduce((latest, e) => Math.max(latest, e.at), start) : null;
  }
  const segments: Segment[] = [];
  let state: SessionState = 'active';
  let from = start;
  const close = (to: number) => {
    segments.push({ state, from, to: Math.max(from, to) });
    from = Math.max(from, to);
  };
  for (const { event, at } of events) {
    if (at < start || (end !== null && at >= end)) continue;
    const next = stateAfter(event);
    if (next && next !== state) {
      close(at);
      state = next;
    }
  }
  if (end !== null) {
    close(end);
    state = 'ended';
    close(Math.max(end, traceEnd));
  } else {
    if (session.state === 'idle' && state === 'active') {
      const idleAt = msOf(session.idleAt ?? null);
      const guess = Number.isFinite(idleAt) ? idleAt : msOf(session.lastActivityAt) + idleAfterMs;
      if (Number.isFinite(guess)) {
        close(Math.min(Math.max(guess, from), traceEnd));
        state = 'idle';
      }
    }
    close(traceEnd);
  }
  // A zero-length period is a state that was replaced at once: keep only the last one (the current state).
  return segments.filter((s, i) => s.to > s.from || i === segments.length - 1);
}

function stateAfter(event: ExportEvent): 'active' | 'idle' | null {
  if (event.state === 'active' || event.state === 'idle') return event.state;
  if (event.type === 'idle') return 'idle';
  if (event.type === 'active' || event.type === 'activity') return 'active';
  return null;
}

function reasonOf(event: ExportEvent): string | null {
  const reason = event.endReason ?? event.reason;
  return typeof reason === 'string' ? reason : null;
}

function msOf(iso: string | null | undefined): number {
  return typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
}
