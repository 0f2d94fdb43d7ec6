// PLACEHOLDER (owned by the export work): exact signatures, trivial bodies.
import type { ExportDocument, ExportSite } from '../contract';
import type { Millis } from '../observation';
import type { RuleSet } from '../rules';

export interface ExportMeta {
  now: Millis;
  browser: { name: 'chrome' | 'firefox'; version: string };
  rules: RuleSet;
  restarts: Millis[];
}

export function toExportDocument(sites: ExportSite[], meta: ExportMeta): ExportDocument {
  return {
    format: 'sessionscope-timeline',
    version: 1,
    exportedAt: new Date(meta.now).toISOString(),
    browser: meta.browser,
    rules: meta.rules,
    restarts: meta.restarts.map((at) => ({ at: new Date(at).toISOString() })),
    sites,
  };
}

/** One row per event. */
export function toCsv(_doc: ExportDocument): string {
  return '';
}

/** Chrome trace-event JSON (Perfetto, chrome://tracing): a track per session, a slice per state. */
export function toTrace(_doc: ExportDocument): object {
  return { traceEvents: [] };
}
