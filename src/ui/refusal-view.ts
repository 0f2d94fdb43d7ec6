/**
 * The session cookies a browser refused (src/core/refusals.ts `cookie-refused` inferences), read for the
 * site view: the cookie, the browser rule it broke, and each attempt's header and request. What is read
 * here came from a website or an imported file, so each part is kept only when it has the documented shape.
 */
import type { ExportInference } from '../core/contract';
import { isObject, requestOf, str } from './shape';

export interface RefusalAttempt {
  at: string | null;
  /** The browser rule, in plain words. */
  reason: string | null;
  header: string | null;
  request: { method: string | null; url: string; status: number | null } | null;
}

export interface RefusalView {
  cookie: string;
  /** The rule's id (`samesite-none-without-secure`, `secure-over-http`…). */
  rule: string;
  attempts: RefusalAttempt[];
  /** What shows the cookie was refused, e.g. that no such cookie appeared in any store. */
  notes: string[];
}

function attemptOf(e: Record<string, unknown>): RefusalAttempt {
  const h = e.header;
  const r = requestOf(e.request);
  return {
    at: str(e.at),
    reason: str(e.reason),
    header: isObject(h) && typeof h.value === 'string' ? `${str(h.name) ?? 'Set-Cookie'}: ${h.value}` : null,
    request: r ? { method: r.method, url: r.url, status: r.status } : null,
  };
}

/** Every refusal the site's inferences report, one per cookie and rule. */
export function refusalsIn(inferences: readonly ExportInference[]): RefusalView[] {
  const out: RefusalView[] = [];
  for (const inf of inferences) {
    if (inf.kind !== 'cookie-refused' || !isObject(inf.value)) continue;
    const cookie = str(inf.value.cookie);
    const rule = str(inf.value.rule);
    if (cookie === null || rule === null) continue;
    const evidence = Array.isArray(inf.evidence) ? inf.evidence : [];
    out.push({
      cookie,
      rule,
      attempts: evidence.filter(isObject).map(attemptOf),
      notes: evidence.filter((e): e is string => typeof e === 'string'),
    });
  }
  return out;
}
