/**
 * Reading an event's `evidence` for display, in the shape src/core/evidence.ts records and exports
 * (`ExportEventEvidence`). What is read here may come from an imported file or a website (headers, URLs, payloads), so every
 * field is checked and anything of another shape is left out rather than trusted.
 */
import type { ExportEvent } from '../core/contract';
import { isObject, num, requestOf } from './shape';

/** On an exported event as `evidence` (times ISO strings in exports). Every field optional; absent = not observed. */
export interface EventEvidence {
  request?: { method: string | null; url: string; status: number | null; at: string };
  header?: { name: 'Set-Cookie' | 'Clear-Site-Data'; value: string };
  cookieChange?: { removed: boolean; cause: string };
  payload?: {
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    changed: string[];
  };
  rule?: { name: string; seconds: number | null; from: 'rules' | 'cookie' };
  unknown?: string;
  /** The reasoning behind an inferred verdict (the idle gap, what the server did before). */
  why?: string[];
  /** The browser-level signals that told a browser restart from an extension start. */
  startup?: string[];
}

const lines = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
const record = (v: unknown): Record<string, unknown> | null => (isObject(v) ? v : null);

/** The event's evidence, each part kept only when it has the documented shape; null when there is none. */
export function evidenceOf(event: ExportEvent): EventEvidence | null {
  const raw = event.evidence;
  if (!isObject(raw)) return null;
  const out: EventEvidence = {};
  const r = requestOf(raw.request);
  if (r) out.request = { ...r, at: r.at ?? '' };
  const h = raw.header;
  if (
    isObject(h) &&
    (h.name === 'Set-Cookie' || h.name === 'Clear-Site-Data') &&
    typeof h.value === 'string'
  ) {
    out.header = { name: h.name, value: h.value };
  }
  const c = raw.cookieChange;
  if (isObject(c) && typeof c.removed === 'boolean' && typeof c.cause === 'string') {
    out.cookieChange = { removed: c.removed, cause: c.cause };
  }
  const p = raw.payload;
  if (isObject(p)) {
    const changed = Array.isArray(p.changed)
      ? p.changed.filter((k): k is string => typeof k === 'string')
      : [];
    out.payload = { before: record(p.before), after: record(p.after), changed };
  }
  const rule = raw.rule;
  if (isObject(rule) && typeof rule.name === 'string' && (rule.from === 'rules' || rule.from === 'cookie')) {
    out.rule = { name: rule.name, seconds: num(rule.seconds), from: rule.from };
  }
  if (typeof raw.unknown === 'string') out.unknown = raw.unknown;
  const why = lines(raw.why);
  if (why.length > 0) out.why = why;
  const startup = lines(raw.startup);
  if (startup.length > 0) out.startup = startup;
  return Object.keys(out).length > 0 ? out : null;
}

/** The event's other detail fields (cause, header, reason, count, replacedBy…), in their recorded order. */
export function detailFields(event: ExportEvent): [string, unknown][] {
  return Object.entries(event).filter(
    ([key, value]) => key !== 'at' && key !== 'type' && key !== 'evidence' && value !== undefined,
  );
}
