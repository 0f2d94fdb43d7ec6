/**
 * A session cookie the browser refused: a Set-Cookie for a session cookie that breaks a browser rule
 * (set-cookie.ts `refusalsOf`) and after which no cookie with that name and value appeared, in any store
 * or partition, within REFUSAL_WINDOW_MS on either side (Firefox may report the cookie before the
 * response). One of the most common reasons a login "does not stick". Reported as an inference on the
 * site, with the header, the request and the rule; until the window has passed, nothing is claimed.
 */
import type { ExportInference } from './contract';
import { maskUrl } from './evidence';
import { valueHash } from './hash';
import type { CookieSnapshot, Millis, Observation } from './observation';
import { recognize } from './recognize';
import { iso } from './session';
import { type CookieRefusal, parseClearSiteData, refusalsOf } from './set-cookie';
import { pushBounded, type SiteRecord } from './site-record';
import type { Fold } from './tracker';

/** How long after (or before) the response a cookie may appear and show the header was accepted. */
export const REFUSAL_WINDOW_MS = 5_000;
const RECENT_WRITES_MAX = 50;
const HEADER_SHOWN_MAX = 300;
const EVIDENCE_PER_RULE = 5;

export interface RefusalRecord {
  at: Millis;
  name: string;
  valueHash: string;
  refusal: CookieRefusal | { rule: 'clear-site-data'; reason: string };
  request: { method: string | null; url: string; status: number | null };
  /** The header with the cookie's value hidden: it is a secret. */
  header: string;
}

type Response = Extract<Observation, { kind: 'response' }>;

/** The Set-Cookie headers of a response that browsers would refuse, for session cookies. */
export function noteRefusals(fold: Fold, o: Response, t: Millis): void {
  const site = fold.where.siteOfUrl(o.url);
  if (site === null || !Array.isArray(o.setCookie)) return;
  const rules = fold.rulesOf(site);
  const headers = o.setCookie.filter((h): h is string => typeof h === 'string');
  const candidates = headers.map((h) => ({ header: h, found: refusalsOf(h, o.url, t) }));
  const siblings = candidates.flatMap((c) => (c.found ? [c.found.name] : []));
  const clears =
    typeof o.clearSiteData === 'string' &&
    parseClearSiteData(o.clearSiteData).some((d) => d === 'cookies' || d === '*');
  let rec: SiteRecord | null = null;
  for (const { header, found } of candidates) {
    if (!found || found.deletes) continue;
    const refusal =
      found.refusals[0] ??
      (clears
        ? {
            rule: 'clear-site-data' as const,
            reason:
              'the same response clears cookies (Clear-Site-Data): browsers ignore its Set-Cookie; Chromium does so even over plain http, where it ignores the clearing itself',
          }
        : null);
    if (!refusal) continue;
    const r = recognize({
      name: found.name,
      value: found.value,
      siblings,
      pinned: rules.pinned,
      excluded: rules.excluded,
    });
    if (!r.session) continue;
    rec ??= fold.siteRecord(site);
    const vh = valueHash(found.value);
    if ((rec.recentWrites ?? []).some((w) => matches(w, found.name, vh) && t - w.at <= REFUSAL_WINDOW_MS))
      continue;
    rec.refusals ??= [];
    pushBounded(rec.refusals, {
      at: t,
      name: found.name,
      valueHash: vh,
      refusal,
      request: {
        method: methodOf(o),
        url: o.url,
        status: Number.isFinite(o.status) ? o.status : null,
      },
      header: masked(header, found.name, found.value),
    });
  }
}

/** A cookie was written: a refusal of the same name and value just before was not one after all. */
export function noteWriteForRefusals(rec: SiteRecord, c: CookieSnapshot, t: Millis): void {
  const vh = valueHash(c.value);
  const unquoted = c.value.length >= 2 && c.value.startsWith('"') && c.value.endsWith('"');
  const alt = unquoted ? valueHash(c.value.slice(1, -1)) : null;
  if (rec.refusals?.length)
    rec.refusals = rec.refusals.filter(
      (x) =>
        !(x.name === c.name && (x.valueHash === vh || x.valueHash === alt) && t - x.at <= REFUSAL_WINDOW_MS),
    );
  const recent = (rec.recentWrites ?? []).filter((w) => t - w.at <= REFUSAL_WINDOW_MS);
  if (recent.length >= RECENT_WRITES_MAX) recent.shift();
  recent.push({ name: c.name, valueHash: vh, at: t });
  rec.recentWrites = recent;
}

function matches(w: { name: string; valueHash: string }, name: string, vh: string): boolean {
  return w.name === name && w.valueHash === vh;
}

/** One inference per refused cookie name and rule, once the window for the cookie to appear has passed. */
export function refusalInferences(rec: SiteRecord, now: Millis): ExportInference[] {
  const groups = new Map<string, RefusalRecord[]>();
  for (const x of rec.refusals ?? []) {
    if (now - x.at < REFUSAL_WINDOW_MS) continue;
    const key = `${x.name}\u0000${x.refusal.rule}`;
    const list = groups.get(key);
    if (list) list.push(x);
    else groups.set(key, [x]);
  }
  const out: ExportInference[] = [];
  for (const list of groups.values()) {
    const first = list[0] as RefusalRecord;
    out.push({
      kind: 'cookie-refused',
      value: { cookie: first.name, rule: first.refusal.rule },
      evidence: [
        ...list.slice(-EVIDENCE_PER_RULE).map((x) => ({
          at: iso(x.at),
          rule: x.refusal.rule,
          reason: x.refusal.reason,
          // Site inferences are shown whether or not values are included: the URL is always masked.
          request: { ...x.request, url: maskUrl(x.request.url), at: iso(x.at) },
          header: { name: 'Set-Cookie', value: x.header },
        })),
        `no ${first.name} cookie with that value appeared within ${REFUSAL_WINDOW_MS / 1000} s, in any cookie store or partition`,
      ],
    });
  }
  return out;
}

/** Whether a site has refusals to report, so that a site whose login never stuck is listed at all. */
export function hasRefusals(rec: SiteRecord): boolean {
  return (rec.refusals?.length ?? 0) > 0;
}

/** Drops refusals older than `maxAgeMs` (and writes too old to match one); returns how many are left. */
export function pruneRefusals(rec: SiteRecord, now: Millis, maxAgeMs: number): number {
  if (rec.recentWrites) rec.recentWrites = rec.recentWrites.filter((w) => now - w.at <= REFUSAL_WINDOW_MS);
  if (!rec.refusals) return 0;
  rec.refusals = rec.refusals.filter((x) => now - x.at <= maxAgeMs);
  return rec.refusals.length;
}

function masked(header: string, name: string, value: string): string {
  const semi = header.indexOf(';');
  const rest = semi === -1 ? '' : header.slice(semi).trim();
  const shown = `${name}=<value hidden, ${value.length} characters>${rest}`;
  return shown.length > HEADER_SHOWN_MAX ? `${shown.slice(0, HEADER_SHOWN_MAX - 1)}…` : shown;
}

/** The request's method: responses recorded before it was observed do not say. */
function methodOf(o: Response): string | null {
  const method = (o as { method?: unknown }).method;
  return typeof method === 'string' ? method : null;
}
