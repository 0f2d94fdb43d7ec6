/**
 * What a session cookie's decoded payload says: who is logged in (the subject), what changed from one
 * write to the next, and the history of payloads a session carried. A signed-cookie session (Django's
 * signed_cookies, Flask, express cookie-session) keeps its cookie across a login, a logout or a switch of
 * user; only its payload shows them.
 */
import type { ExportInference } from './contract';
import type { Millis } from './observation';
import { iso, type SessionRecord } from './session';

/**
 * Where frameworks keep the logged-in user, most specific first: a JWT's `sub`, Django's auth keys,
 * Flask-Login, Passport (express), and the names express cookie-session apps commonly use.
 */
const SUBJECT_FIELDS: readonly (readonly string[])[] = [
  ['claims', 'sub'],
  ['_auth_user_id'],
  ['_user_id'],
  ['passport', 'user'],
  ['user_id'],
  ['userId'],
  ['uid'],
  ['user'],
];

const MAX_SUBJECT = 200;

export interface Subject {
  /** Who is logged in, as text; null when the payload names no one. */
  value: string | null;
  /** The field it was read from (`_auth_user_id`, `claims.sub`…), or null. */
  field: string | null;
}

/** The logged-in user a decoded payload names, and where it says so. */
export function subjectIn(decoded: Record<string, unknown> | null): Subject {
  if (!decoded) return { value: null, field: null };
  for (const path of SUBJECT_FIELDS) {
    let v: unknown = decoded;
    for (const key of path)
      v = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
    const text = asSubject(v);
    if (text !== null) return { value: text, field: path.join('.') };
  }
  return { value: null, field: null };
}

function asSubject(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : v.slice(0, MAX_SUBJECT);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    // A serialized user object: its id names it.
    const o = v as Record<string, unknown>;
    for (const key of ['id', '_id', 'username', 'email']) {
      const inner = asSubject(o[key]);
      if (inner !== null) return inner;
    }
  }
  return null;
}

/** What a change of subject means: someone logged in, out, or another user took the session over. */
export type SubjectChange = 'login' | 'logout' | 'user-switch';

export function subjectChange(before: string | null, after: string | null): SubjectChange | null {
  if (before === after) return null;
  if (before === null) return 'login';
  if (after === null) return 'logout';
  return 'user-switch';
}

/** Keys whose values differ, one level into nested objects (`claims.exp`). */
export function changedKeys(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  depth = 0,
): string[] {
  const a = before ?? {};
  const b = after ?? {};
  const out: string[] = [];
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const x = a[key];
    const y = b[key];
    if (same(x, y)) continue;
    if (depth === 0 && isRecord(x) && isRecord(y))
      for (const inner of changedKeys(x, y, 1)) out.push(`${key}.${inner}`);
    else out.push(key);
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function same(x: unknown, y: unknown): boolean {
  return x === y || JSON.stringify(x) === JSON.stringify(y);
}

/** One payload a session carried: from `at`, seen `count` times until `lastAt`, and what changed. */
export interface PayloadEntry {
  at: Millis;
  lastAt: Millis;
  count: number;
  data: Record<string, unknown> | null;
  /** Keys that differ from the entry before (the first entry: none). */
  changed: string[];
}

/** Payloads kept per session; the first is kept, then the latest. */
export const MAX_PAYLOADS = 20;

/** Adds a payload to the session's history: identical to the last, it only counts. */
export function recordPayload(s: SessionRecord, data: Record<string, unknown> | null, t: Millis): void {
  if (!s.payloads) {
    s.payloads = [];
    if (s.decoded !== null || data !== null)
      s.payloads.push({ at: s.startedAt, lastAt: s.startedAt, count: 1, data: s.decoded, changed: [] });
  }
  const last = s.payloads[s.payloads.length - 1];
  if (last && same(last.data, data)) {
    last.count++;
    if (t > last.lastAt) last.lastAt = t;
    return;
  }
  if (s.payloads.length >= MAX_PAYLOADS) {
    s.payloads.splice(1, 1);
    s.payloadsDropped = (s.payloadsDropped ?? 0) + 1;
  }
  s.payloads.push({ at: t, lastAt: t, count: 1, data, changed: changedKeys(last?.data ?? null, data) });
}

export interface ExportPayload {
  at: string;
  lastAt: string;
  count: number;
  decoded: Record<string, unknown> | null;
  changed: string[];
}

/** The history as exported; a session never written since it started has its one payload. */
export function exportPayloads(s: SessionRecord): ExportPayload[] {
  const list =
    s.payloads ??
    (s.decoded ? [{ at: s.startedAt, lastAt: s.startedAt, count: 1, data: s.decoded, changed: [] }] : []);
  return list.map((p) => ({
    at: iso(p.at),
    lastAt: iso(p.lastAt),
    count: p.count,
    decoded: p.data,
    changed: p.changed,
  }));
}

/**
 * Whether logins and logouts can be seen in a session cookie at all. An encrypted cookie (Laravel, Rails,
 * ASP.NET Core) hides its payload: a login inside it shows only if the server issues a new session.
 */
export function loginVisibility(name: string, sessions: readonly SessionRecord[]): ExportInference | null {
  const latest = sessions[sessions.length - 1];
  if (!latest) return null;
  if (latest.valueKind === 'encrypted-data') {
    const who = latest.framework ? ` (${latest.framework})` : '';
    return {
      kind: 'logins-visible',
      value: false,
      evidence: [
        `${name} is encrypted${who}: who is logged in cannot be read from it`,
        'logins and logouts that keep the cookie cannot be seen; only a new cookie or its deletion shows',
      ],
    };
  }
  if (latest.valueKind !== 'signed-data' && latest.valueKind !== 'token') return null;
  const seen = sessions.map((s) => subjectIn(s.decoded)).find((x) => x.field !== null);
  if (seen)
    return {
      kind: 'logins-visible',
      value: true,
      evidence: [`${name} names the logged-in user in ${seen.field}: logins, logouts and user switches show`],
    };
  if (sessions.every((s) => s.decoded === null))
    return {
      kind: 'logins-visible',
      value: 'unknown',
      evidence: [`${name} is signed data that could not be decoded: who is logged in cannot be read`],
    };
  return {
    kind: 'logins-visible',
    value: 'unknown',
    evidence: [
      `${name} is readable but names no logged-in user yet (no ${SUBJECT_FIELDS.map((f) => f.join('.')).join(', ')})`,
    ],
  };
}
