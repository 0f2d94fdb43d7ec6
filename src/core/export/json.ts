/**
 * The JSON export (contract v1, docs/export-format.md). Keys are written in one fixed order so that two
 * exports of the same state are byte-identical and diffable.
 */
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type ExportCookie,
  type ExportDocument,
  type ExportEvent,
  type ExportSession,
  type ExportSite,
  REQUIRED_SESSION_KEYS,
} from '../contract';
import { maskEventEvidence } from '../evidence';
import type { Millis } from '../observation';
import type { RuleSet, Rules } from '../rules';

export interface ExportMeta {
  now: Millis;
  browser: { name: 'chrome' | 'firefox'; version: string };
  rules: RuleSet;
  /** Restart times, or restarts with the browser-level signals that showed them (Tracker.restartLog). */
  restarts: ReadonlyArray<Millis | { at: Millis; evidence?: string[] }>;
  /**
   * Keep `cookie.value` where the report carries it. Off unless the user opted in
   * (settings.exportIncludesValues): values are secrets, a shared export must not leak them.
   */
  includeValues?: boolean;
}

export function toExportDocument(sites: ExportSite[], meta: ExportMeta): ExportDocument {
  const includeValues = meta.includeValues === true;
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: isoOf(meta.now, 'meta.now'),
    browser: { name: meta.browser.name, version: meta.browser.version },
    rules: orderRuleSet(meta.rules),
    restarts: meta.restarts
      .map((r) => (typeof r === 'number' ? { at: r } : r))
      .sort((a, b) => a.at - b.at)
      .map((r) => ({
        at: isoOf(r.at, 'meta.restarts'),
        ...(r.evidence && r.evidence.length > 0 ? { evidence: [...r.evidence] } : {}),
      })),
    sites: sites.map((site) => orderSite(site, includeValues)),
  };
}

/**
 * The document without any cookie value: the session cookies' `value`, and a `value` inside any `cookie`
 * object an event carries. The value hash stays, so rotation is still visible.
 */
export function maskDocument(doc: ExportDocument): ExportDocument {
  return {
    ...doc,
    sites: doc.sites.map((site) => ({
      ...site,
      sessions: site.sessions.map((session) => ({
        ...session,
        cookie: withoutValue(session.cookie),
        events: session.events.map((event) => maskEventEvidence(maskCookiesIn(event) as ExportEvent)),
      })),
    })),
  };
}

function withoutValue(cookie: ExportCookie): ExportCookie {
  const { value: _value, ...rest } = cookie;
  return rest;
}

/**
 * Events are free-form; wherever one embeds a cookie object, its value goes. Event details are shallow:
 * the walk stops at MASK_DEPTH levels and at a cycle, returning what is below as it is, rather than
 * overflowing the stack on hostile nesting.
 */
const MASK_DEPTH = 16;

function maskCookiesIn(value: unknown, depth = 0, ancestors: object[] = []): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MASK_DEPTH || ancestors.includes(value)) return value;
  const path = [...ancestors, value];
  if (Array.isArray(value)) return value.map((item) => maskCookiesIn(item, depth + 1, path));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'cookie' && inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
      const { value: _value, ...rest } = inner as Record<string, unknown>;
      setOwn(out, key, maskCookiesIn(rest, depth + 1, path));
    } else {
      setOwn(out, key, maskCookiesIn(inner, depth + 1, path));
    }
  }
  return out;
}

function isoOf(ms: Millis, what: string): string {
  const date = new Date(ms);
  if (!Number.isFinite(date.getTime())) throw new RangeError(`${what} is not a valid time: ${String(ms)}`);
  return date.toISOString();
}

const RULE_KEYS = [
  'idleAfterSeconds',
  'idleTimeoutSeconds',
  'maxLifetimeSeconds',
  'activity',
  'pinned',
  'excluded',
] as const satisfies readonly (keyof Rules)[];

function orderRuleSet(ruleSet: RuleSet): RuleSet {
  const sites: Record<string, Partial<Rules>> = {};
  for (const name of Object.keys(ruleSet.sites).sort()) {
    const override = ruleSet.sites[name];
    if (override) sites[name] = ordered(override, RULE_KEYS);
  }
  return { defaults: ordered(ruleSet.defaults, RULE_KEYS), sites };
}

function orderSite(site: ExportSite, includeValues: boolean): ExportSite {
  const out = ordered(site, ['site', 'sessions', 'inferences', 'lastActivityAt']);
  out.sessions = site.sessions.map((session) => orderSession(session, includeValues));
  out.inferences = site.inferences.map((inference) => ordered(inference, ['kind', 'value', 'evidence']));
  return out;
}

const SESSION_KEYS = [
  ...REQUIRED_SESSION_KEYS,
  'recognition',
  'endInferred',
  'endPredicted',
  'idleAt',
  'idleTimeoutAt',
  'maxLifetimeAt',
  'storeKind',
] as const satisfies readonly (keyof ExportSession)[];

const COOKIE_KEYS = [
  'name',
  'domain',
  'path',
  'storeId',
  'partitionKey',
  'session',
  'expiresAt',
  'httpOnly',
  'secure',
  'sameSite',
  'valueHash',
  'value',
] as const satisfies readonly (keyof ExportCookie)[];

function orderSession(session: ExportSession, includeValues: boolean): ExportSession {
  const out = ordered(session, SESSION_KEYS);
  const cookie = ordered(session.cookie, COOKIE_KEYS);
  out.cookie = includeValues ? cookie : withoutValue(cookie);
  out.events = session.events.map((event) => {
    const orderedEvent = ordered(event, ['at', 'type']);
    return (
      includeValues ? orderedEvent : maskEventEvidence(maskCookiesIn(orderedEvent) as ExportEvent)
    ) as ExportEvent;
  });
  return out;
}

/**
 * A copy with the known keys first, in contract order, then any other keys sorted; keys whose value is
 * `undefined` are left out, as JSON would.
 */
function ordered<T extends object>(source: T, known: readonly string[]): T {
  const record = source as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of known) {
    if (Object.hasOwn(record, key) && record[key] !== undefined) out[key] = record[key];
  }
  const knownSet = new Set(known);
  for (const key of Object.keys(record).sort()) {
    if (!knownSet.has(key) && record[key] !== undefined) setOwn(out, key, record[key]);
  }
  return out as T;
}

/** Plain assignment of a key named `__proto__` would replace the object's prototype instead. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
