/**
 * What a timeline event rests on (`evidence` on `started`, `ended`, `rotated` and startup events), and
 * the masking that keeps its secrets out of reports: a password-reset link or a session id in a URL is
 * as good as the cookie itself, so URLs and cookie values are masked unless the user chose to include
 * values. Stored evidence keeps what was observed; the projection masks it.
 */
import type { Millis } from './observation';
import { iso } from './session';

/** What a timeline event rests on. Every field optional; absent = not observed. */
export interface EventEvidence {
  /** The response that carried the change, when requests on the site are captured. */
  request?: { method: string | null; url: string; status: number | null; at: Millis };
  /** The header that decided it, as sent (cookie values masked unless values are included in the report). */
  header?: { name: 'Set-Cookie' | 'Clear-Site-Data'; value: string };
  /** The browser's own report of the cookie change (cookies.onChanged cause, or 'set'). */
  cookieChange?: { removed: boolean; cause: string };
  /** Decoded payload before and after, for signed cookies, and the keys that changed. */
  payload?: {
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    changed: string[];
  };
  /** The rule or expiry that decided a state change. */
  rule?: { name: string; seconds: number | null; from: 'rules' | 'cookie' };
  /** Why the cause cannot be told, in plain words, e.g. "requests on this site are not captured". */
  unknown?: string;
  /** The reasoning behind an inferred verdict, in plain words (the idle gap, what the server did before). */
  why?: string[];
  /** The browser-level signals that told a browser restart from an extension start. */
  startup?: string[];
}

/** Evidence as reports carry it: `request.at` as an ISO time, like every other time. */
export type ExportEventEvidence = Omit<EventEvidence, 'request'> & {
  request?: { method: string | null; url: string; status: number | null; at: string };
};

export const MASKED = '[masked]';

/** Word separators inside a path segment or value: a token is one long word, a slug many short ones. */
const WORD_SEPARATORS = /[-_.;=,:~+%!$&'()*@]/;

/**
 * True for a path segment that looks like a secret: a long random id, a token, a hash (a password-reset
 * link's token, a session id in the path). Slugs, dates and short numeric ids are left readable.
 */
export function looksSecret(segment: string): boolean {
  if (segment.length < 12) return false;
  for (const word of segment.split(WORD_SEPARATORS)) {
    if (word.length >= 24) return true;
    if (/^\d{12,}$/.test(word)) return true;
    if (word.length >= 12 && /\d/.test(word) && /[A-Za-z]/.test(word)) return true;
  }
  return false;
}

/**
 * A URL with what may be secret masked: every query value, the fragment, credentials, and path segments
 * that look like secrets (`looksSecret`). Works on the text as sent, so the rest reads as it was.
 */
export function maskUrl(url: string): string {
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const fragment = hashAt >= 0 ? (hashAt === url.length - 1 ? '#' : `#${MASKED}`) : '';
  const q = beforeHash.indexOf('?');
  const base = q >= 0 ? beforeHash.slice(0, q) : beforeHash;
  const query = q >= 0 ? `?${maskQuery(beforeHash.slice(q + 1))}` : '';
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/]*)(.*)$/i.exec(base);
  let head = '';
  let path = base;
  if (m) {
    const authority = m[2] ?? '';
    const at = authority.lastIndexOf('@');
    head = (m[1] ?? '') + (at >= 0 ? `${MASKED}@${authority.slice(at + 1)}` : authority);
    path = m[3] ?? '';
  }
  const maskedPath = path
    .split('/')
    .map((segment) => (looksSecret(segment) ? MASKED : segment))
    .join('/');
  return head + maskedPath + query + fragment;
}

function maskQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return looksSecret(pair) ? MASKED : pair;
      const value = pair.slice(eq + 1);
      return value === '' ? pair : `${pair.slice(0, eq)}=${MASKED}`;
    })
    .join('&');
}

/**
 * A Set-Cookie header with its value masked: `sessionid=[masked]; Path=/`. An empty value (a deletion,
 * `sessionid=""`) is evidence, not a secret, and stays. Attributes stay.
 */
export function maskSetCookie(header: string): string {
  const semi = header.indexOf(';');
  const pair = semi >= 0 ? header.slice(0, semi) : header;
  const rest = semi >= 0 ? header.slice(semi) : '';
  const eq = pair.indexOf('=');
  if (eq < 0) return header;
  const value = pair.slice(eq + 1).trim();
  if (value === '' || value === '""' || value === MASKED) return header;
  return `${pair.slice(0, eq)}=${MASKED}${rest}`;
}

/**
 * Evidence as a report carries it: times as ISO, and unless values are included, URLs and cookie values
 * masked. Pure and idempotent: masking masked evidence changes nothing.
 */
export function exportEvidence(
  e: EventEvidence | ExportEventEvidence,
  includeValues: boolean,
): ExportEventEvidence {
  const out: ExportEventEvidence = { ...e } as ExportEventEvidence;
  if (e.request) {
    const at = typeof e.request.at === 'number' ? iso(e.request.at) : e.request.at;
    out.request = { ...e.request, url: includeValues ? e.request.url : maskUrl(e.request.url), at };
  }
  if (e.header && !includeValues && e.header.name === 'Set-Cookie')
    out.header = { name: e.header.name, value: maskSetCookie(e.header.value) };
  return out;
}

/** Masks the evidence of an exported event, wherever a report built with values is shared without them. */
export function maskEventEvidence<T extends object>(event: T): T {
  const e = (event as { evidence?: unknown }).evidence;
  if (!e || typeof e !== 'object' || Array.isArray(e)) return event;
  return { ...event, evidence: exportEvidence(e as ExportEventEvidence, false) };
}
