/**
 * The Node part of the benchmark (run as `node --expose-gc --import tsx bench/core.ts OUT.json`): export
 * of 100,000 events as JSON and CSV, classification of 1,000,000 observations, and the 1,000 × 50 document
 * the popup benchmark imports. Prints one JSON object to OUT.json; each part fails on its own.
 */
import { writeFileSync } from 'node:fs';
import { toCsv, toExportDocument } from '../src/core/export';
import { parseImport } from '../src/core/import';
import type { Observation } from '../src/core/observation';
import { DEFAULT_RULE_SET } from '../src/core/rules';
import { Tracker } from '../src/core/tracker';
import { SYNTHETIC_END, syntheticDocument, syntheticObservations, syntheticSites } from './synthetic';

const [, , outPath, popupDocPath] = process.argv;
const quick = process.env.BENCH_QUICK === '1';
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const MB = 1024 * 1024;
const r1 = (x: number): number => Math.round(x * 10) / 10;

interface Measured<T> {
  value: T;
  ms: number;
  heapDeltaMB: number;
  rssDeltaMB: number;
  peakRssMB: number;
}

/** Time of `fn`, heap and RSS growth while it ran (its output retained), and the process's peak RSS. */
function measure<T>(fn: () => T): Measured<T> {
  gc();
  const before = process.memoryUsage();
  const t0 = performance.now();
  const value = fn();
  const ms = performance.now() - t0;
  const after = process.memoryUsage();
  return {
    value,
    ms: r1(ms),
    heapDeltaMB: r1((after.heapUsed - before.heapUsed) / MB),
    rssDeltaMB: r1((after.rss - before.rss) / MB),
    peakRssMB: r1((process.resourceUsage().maxRSS * 1024) / MB),
  };
}

const out: Record<string, unknown> = {};

function part(name: string, fn: () => unknown): void {
  try {
    out[name] = fn();
  } catch (error) {
    out[name] = { error: error instanceof Error ? error.message : String(error) };
  }
}

part('popupDocument', () => {
  if (!popupDocPath) return { skipped: 'no path given' };
  const doc = syntheticDocument(1000, 50);
  const checked = parseImport(doc);
  writeFileSync(popupDocPath, JSON.stringify(doc));
  return {
    sites: 1000,
    eventsPerSite: 50,
    valid: checked.ok,
    ...(checked.ok ? {} : { error: checked.error, errors: checked.errors?.slice(0, 3) }),
  };
});

part('export', () => {
  // 2,000 sites × 50 events = 100,000 events.
  const sites = syntheticSites(2000, 50, 3);
  const events = sites.reduce((n, s) => n + s.sessions.reduce((m, x) => m + x.events.length, 0), 0);
  const meta = {
    now: Date.UTC(2026, 11, 1),
    browser: { name: 'chrome' as const, version: '156' },
    rules: DEFAULT_RULE_SET,
    restarts: [],
  };
  const json = measure(() => JSON.stringify(toExportDocument(sites, meta)));
  const doc = toExportDocument(sites, meta);
  const csv = measure(() => toCsv(doc));
  const csvRows = csv.value.split('\n').filter((l) => l !== '').length - 1;
  return {
    events,
    json: {
      ms: json.ms,
      bytes: json.value.length,
      heapDeltaMB: json.heapDeltaMB,
      rssDeltaMB: json.rssDeltaMB,
    },
    csv: {
      ms: csv.ms,
      bytes: csv.value.length,
      rows: csvRows,
      heapDeltaMB: csv.heapDeltaMB,
      rssDeltaMB: csv.rssDeltaMB,
    },
    peakRssMB: csv.peakRssMB,
  };
});

part('classify', () => {
  const count = quick ? 100_000 : 1_000_000;
  const budgetMs = Number(process.env.BENCH_CLASSIFY_BUDGET_MS ?? 60_000);
  const tracker = new Tracker(DEFAULT_RULE_SET);
  const source = syntheticObservations(count);
  let applied = 0;
  let applyMs = 0;
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  // Generated in chunks outside the timed part (generation is not the classifier's cost), so memory
  // stays bounded at any count.
  while (applied < count && applyMs < budgetMs) {
    const chunk: Observation[] = [];
    for (let i = 0; i < 100_000; i++) {
      const next = source.next();
      if (next.done) break;
      chunk.push(next.value);
    }
    if (chunk.length === 0) break;
    const t0 = performance.now();
    for (const o of chunk) tracker.apply(o);
    applyMs += performance.now() - t0;
    applied += chunk.length;
  }
  const heapDeltaMB = r1((process.memoryUsage().heapUsed - heapBefore) / MB);
  const report = measure(() => tracker.report(SYNTHETIC_END(count)));
  const sessions = report.value.reduce((n, s) => n + s.sessions.length, 0);
  const events = report.value.reduce((n, s) => n + s.sessions.reduce((m, x) => m + x.events.length, 0), 0);
  const pruned = measure(() =>
    tracker.prune({ maxEventsPerSite: 5000, maxAgeDays: 30 }, SYNTHETIC_END(count)),
  );
  return {
    observations: applied,
    requested: count,
    ...(applied < count ? { stoppedEarly: `time budget of ${budgetMs} ms reached` } : {}),
    applyMs: r1(applyMs),
    observationsPerSecond: Math.round(applied / (applyMs / 1000)),
    heapDeltaMB,
    reportMs: report.ms,
    sites: report.value.length,
    sessions,
    events,
    pruneMs: pruned.ms,
    peakRssMB: pruned.peakRssMB,
  };
});

if (outPath) writeFileSync(outPath, JSON.stringify(out, null, 2));
else console.log(JSON.stringify(out, null, 2));
