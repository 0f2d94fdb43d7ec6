/**
 * The trace export as Chrome DevTools reads it: `@paulirish/trace_engine` is the trace engine of the
 * DevTools Performance panel, published from devtools-frontend, which parses a trace file loaded there.
 * Every site must come out as a process, and every session as a thread with its state slices.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { toExportDocument } from './json';
import { djangoSite, flaskSite, meta } from './test-fixtures';
import { type TraceEvent, toTrace } from './trace';

type Engine = typeof import('@paulirish/trace_engine');
let engine: Engine;

beforeAll(async () => {
  // The engine measures boxes with DOMRect, which Node lacks; its own command-line tool defines it the same way.
  const g = globalThis as { DOMRect?: unknown };
  g.DOMRect ??= class {
    constructor(
      readonly x = 0,
      readonly y = 0,
      readonly width = 0,
      readonly height = 0,
    ) {}
  };
  engine = await import('@paulirish/trace_engine');
});

async function parse(events: TraceEvent[]) {
  const model = engine.TraceModel.Model.createWithAllHandlers();
  await model.parse(events as never);
  const parsed = model.parsedTrace();
  if (!parsed) throw new Error('DevTools parsed nothing');
  return parsed.data;
}

describe('the trace export in Chrome DevTools', () => {
  test('sites are processes, sessions are threads with their slices', async () => {
    const { traceEvents } = toTrace(toExportDocument([djangoSite, flaskSite], meta));
    const data = await parse(traceEvents);

    const named = (kind: string) =>
      traceEvents.filter((e) => e.ph === 'M' && e.name === kind).map((e) => e.args?.name);
    const processNames = [...data.Meta.processNames.values()].map((e) => e.args.name);
    expect(processNames).toEqual(named('process_name'));

    const threads = [...data.Renderer.processes.entries()].flatMap(([pid, process]) =>
      [...process.threads.entries()].map(([tid, thread]) => ({
        pid,
        tid,
        name: thread.name,
        slices: thread.entries.length,
      })),
    );
    const expected = traceEvents
      .filter((e) => e.ph === 'M' && e.name === 'thread_name')
      .map((e) => ({
        pid: e.pid,
        tid: e.tid,
        name: e.args?.name,
        slices: traceEvents.filter((x) => x.ph === 'X' && x.pid === e.pid && x.tid === e.tid).length,
      }));
    expect(threads).toEqual(expected);
    expect(threads.length).toBeGreaterThan(0);
    // The rotation arrow is not checked here: DevTools keys the points of a flow by time, and in the fixtures
    // the old session ends at the very moment the new one starts, so its engine keeps one point and drops
    // the arrow. Perfetto binds each point to its enclosing slice and draws it.
  });
});
