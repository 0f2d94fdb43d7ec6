import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExportDocument } from '../contract';
import { toExportDocument } from './json';
import { FC_RUNS, inputArb, PROPERTY_TIMEOUT } from './test-arbitraries';
import { djangoSite, flaskSite, iso, meta, session } from './test-fixtures';
import { type Trace, type TraceEvent, toTrace } from './trace';

const S = 1_000_000; // microseconds per second

/**
 * The trace-event format rules Perfetto's and chrome://tracing's JSON importers rely on: integer
 * pids/tids, non-negative integer ts/dur, slices on one thread that do not overlap, instants with a
 * scope, flow starts and finishes paired by id and each bound inside a slice of its thread.
 */
function checkTraceFormat(trace: Trace): void {
  const text = JSON.stringify(trace);
  expect(JSON.parse(text)).toEqual(trace);
  expect(trace.displayTimeUnit).toBe('ms');
  const slicesByThread = new Map<string, TraceEvent[]>();
  const flows = new Map<number, TraceEvent[]>();
  for (const e of trace.traceEvents) {
    expect(Number.isInteger(e.pid) && Number.isInteger(e.tid)).toBe(true);
    expect(typeof e.name).toBe('string');
    if (e.ph === 'M') {
      expect(['process_name', 'process_sort_index', 'thread_name', 'thread_sort_index']).toContain(e.name);
      continue;
    }
    expect(Number.isInteger(e.ts) && e.ts! >= 0).toBe(true);
    if (e.ph === 'X') {
      expect(Number.isInteger(e.dur) && e.dur! >= 0).toBe(true);
      const k = `${e.pid}/${e.tid}`;
      slicesByThread.set(k, [...(slicesByThread.get(k) ?? []), e]);
    } else if (e.ph === 'i') {
      expect(e.s).toBe('t');
    } else if (e.ph === 's' || e.ph === 'f') {
      flows.set(e.id!, [...(flows.get(e.id!) ?? []), e]);
    }
  }
  for (const slices of slicesByThread.values()) {
    const sorted = [...slices].sort((a, b) => a.ts! - b.ts!);
    for (let i = 1; i < sorted.length; i++) {
      expect(sorted[i]!.ts!).toBeGreaterThanOrEqual(sorted[i - 1]!.ts! + sorted[i - 1]!.dur!);
    }
  }
  for (const pair of flows.values()) {
    expect(pair.map((e) => e.ph).sort()).toEqual(['f', 's']);
    for (const e of pair) {
      const slices = slicesByThread.get(`${e.pid}/${e.tid}`) ?? [];
      expect(slices.some((s) => s.ts! <= e.ts! && e.ts! <= s.ts! + s.dur!)).toBe(true);
    }
  }
}

const slicesOf = (trace: Trace, pid: number, tid: number) =>
  trace.traceEvents
    .filter((e) => e.ph === 'X' && e.pid === pid && e.tid === tid)
    .map((e) => [e.name, e.ts, e.dur]);
const instantsOf = (trace: Trace, pid: number, tid: number) =>
  trace.traceEvents.filter((e) => e.ph === 'i' && e.pid === pid && e.tid === tid).map((e) => [e.name, e.ts]);

describe('toTrace', () => {
  const doc = toExportDocument([djangoSite, flaskSite], meta);
  const trace = toTrace(doc);

  it('follows the trace-event format', () => {
    checkTraceFormat(trace);
    expect(trace.metadata).toMatchObject({ source: 'Sessionscope', origin: '2026-11-25T10:00:00.000Z' });
  });

  it('names a process per site and a thread per session (cookie name and short id)', () => {
    const names = trace.traceEvents
      .filter((e) => e.ph === 'M' && (e.name === 'process_name' || e.name === 'thread_name'))
      .map((e) => [e.name, e.pid, e.tid, e.args?.name]);
    expect(names).toEqual([
      ['process_name', 1, 0, 'example.com'],
      ['thread_name', 1, 1, 'sessionid sess-ano'],
      ['thread_name', 1, 2, 'sessionid sess-log'],
      ['process_name', 2, 0, 'localhost'],
      ['thread_name', 2, 1, 'session sess-fla'],
    ]);
  });

  it('draws a slice per state period, in microseconds from the earliest moment, up to the export', () => {
    expect(slicesOf(trace, 1, 1)).toEqual([
      ['active', 0, 300 * S],
      ['idle', 300 * S, 100 * S],
      ['active', 400 * S, 200 * S],
      ['ended', 600 * S, 3000 * S],
    ]);
    expect(slicesOf(trace, 1, 2)).toEqual([
      ['active', 600 * S, 600 * S],
      ['ended', 1200 * S, 2400 * S],
    ]);
    const ended = trace.traceEvents.find(
      (e) => e.ph === 'X' && e.pid === 1 && e.tid === 2 && e.name === 'ended',
    );
    expect(ended?.args).toMatchObject({ endReason: 'logout', replaces: 'sess-anon-0001' });
  });

  it('marks rotations, logouts and the browser restart on the sessions they concern', () => {
    expect(instantsOf(trace, 1, 1)).toEqual([
      ['rotated', 600 * S],
      ['ended: rotated', 600 * S],
    ]);
    expect(instantsOf(trace, 1, 2)).toEqual([['ended: logout', 1200 * S]]);
    // The Flask session was alive at the restart (1800 s) and ended by it; the Django ones were long gone.
    expect(instantsOf(trace, 2, 1)).toEqual([
      ['ended: browser-close', 1800 * S],
      ['browser restart', 1800 * S],
    ]);
  });

  it('links a rotated session to its successor with a flow arrow', () => {
    const flow = trace.traceEvents.filter((e) => e.ph === 's' || e.ph === 'f');
    expect(flow.map((e) => [e.ph, e.pid, e.tid, e.ts, e.id])).toEqual([
      ['s', 1, 1, 600 * S, 1],
      ['f', 1, 2, 600 * S, 1],
    ]);
  });

  it('marks Clear-Site-Data and an end with no end event', () => {
    const s = session({
      id: 'csd',
      state: 'ended',
      endReason: 'clear-site-data',
      endedAt: iso(60),
      events: [
        { at: iso(0), type: 'started' },
        { at: iso(60), type: 'clear-site-data', header: '"cookies"' },
      ],
    });
    const t = toTrace(toExportDocument([{ site: 'x.test', sessions: [s], inferences: [] }], meta));
    expect(instantsOf(t, 1, 1)).toEqual([
      ['clear-site-data', 60 * S],
      ['ended: clear-site-data', 60 * S],
    ]);
    checkTraceFormat(t);
  });

  it('shows a session reported idle without an idle event as idle from idleAfterSeconds after its last activity', () => {
    const s = session({
      id: 'quiet',
      state: 'idle',
      lastActivityAt: iso(100),
      events: [{ at: iso(0), type: 'started' }],
    });
    const t = toTrace(toExportDocument([{ site: 'example.com', sessions: [s], inferences: [] }], meta));
    expect(slicesOf(t, 1, 1)).toEqual([
      ['active', 0, 400 * S],
      ['idle', 400 * S, 3200 * S],
    ]);
  });

  it('writes an empty but valid trace for an empty export', () => {
    const t = toTrace(toExportDocument([], meta));
    expect(t.traceEvents).toEqual([]);
    checkTraceFormat(t);
  });

  it(
    'follows the format for any valid document',
    () => {
      fc.assert(
        fc.property(inputArb, ([sites, m]) => {
          const d: ExportDocument = toExportDocument(sites, m);
          checkTraceFormat(toTrace(d));
        }),
        { numRuns: Math.max(1000, Math.floor(FC_RUNS / 10)) },
      );
    },
    PROPERTY_TIMEOUT,
  );
});
