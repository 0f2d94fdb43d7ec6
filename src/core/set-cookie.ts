/**
 * Set-Cookie parsing as browsers do it (RFC 6265bis §5.7, cookie dates §5.1.1), so what we infer from a
 * header matches what the browser stored: last attribute wins, Max-Age beats Expires, unknown or
 * malformed attributes are ignored rather than rejecting the cookie.
 */
import { getPublicSuffix } from 'tldts';
import { isLoopbackHost } from './cookie-sendable';
import type { Millis, SameSite } from './observation';

export interface ParsedSetCookie {
  name: string;
  /** The value as the browser stores it: surrounding double quotes are kept (Django deletes with `sessionid=""`). */
  value: string;
  /** Domain attribute without its leading dot, or null for a host-only cookie. */
  domain: string | null;
  path: string | null;
  /** Absolute expiry from Max-Age (preferred) or Expires, resolved against `now`; null: a session cookie. */
  expiresAt: Millis | null;
  maxAgeSeconds: number | null;
  /** The header asks the browser to delete the cookie (Max-Age <= 0 or an Expires in the past). */
  deletes: boolean;
  httpOnly: boolean;
  secure: boolean;
  sameSite: SameSite;
  partitioned: boolean;
  /** The value is empty once quotes are removed: the usual shape of a deletion (`""`, or nothing). */
  emptyValue?: boolean;
  /** Why browsers would refuse or mistreat this cookie, in plain words (e.g. SameSite=None without Secure). */
  problems?: string[];
  /** The same, with the rule each breaks (whatever the request; `refusalsOf` adds the request's own). */
  refusals?: CookieRefusal[];
}

/** A browser rule a Set-Cookie header breaks, so that no cookie is stored. */
export type RefusalRule =
  | 'control-character'
  | 'too-large'
  | 'secure-prefix'
  | 'host-prefix'
  | 'samesite-none-insecure'
  | 'partitioned-insecure'
  | 'secure-from-insecure-origin'
  | 'domain-mismatch'
  | 'domain-public-suffix';

export interface CookieRefusal {
  rule: RefusalRule;
  /** In plain words. */
  reason: string;
}

/** Browsers clamp persistent cookies to 400 days (RFC 6265bis; Chrome since M104, Firefox too). */
export const MAX_COOKIE_LIFETIME_MS = 400 * 24 * 3600 * 1000;

// CTLs other than HTAB make browsers drop the whole header.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const FORBIDDEN = /[\x00-\x08\x0a-\x1f\x7f]/;
const MAX_NAME_VALUE = 4096;
const MAX_ATTRIBUTE_VALUE = 1024;

function trimWsp(s: string): string {
  return s.replace(/^[ \t]+|[ \t]+$/g, '');
}

/** Parses one Set-Cookie header value; null when a browser would ignore it. Never throws. */
export function parseSetCookie(header: string, now: Millis): ParsedSetCookie | null {
  try {
    return parse(String(header), now);
  } catch {
    return null;
  }
}

function parse(header: string, now: Millis): ParsedSetCookie | null {
  if (FORBIDDEN.test(header)) return null;
  const semi = header.indexOf(';');
  const pair = semi === -1 ? header : header.slice(0, semi);
  const eq = pair.indexOf('=');
  // A pair without "=" is a nameless cookie whose value is the whole pair (RFC 6265bis).
  const name = eq === -1 ? '' : trimWsp(pair.slice(0, eq));
  const value = trimWsp(eq === -1 ? pair : pair.slice(eq + 1));
  if (name === '' && value === '') return null;
  if (name.length + value.length > MAX_NAME_VALUE) return null;

  let domain: string | null = null;
  let path: string | null = null;
  let expires: Millis | null = null;
  let maxAgeSeconds: number | null = null;
  let httpOnly = false;
  let secure = false;
  let sameSite: SameSite = 'unspecified';
  let partitioned = false;

  const attributes = semi === -1 ? [] : header.slice(semi + 1).split(';');
  for (const raw of attributes) {
    const aeq = raw.indexOf('=');
    const key = trimWsp(aeq === -1 ? raw : raw.slice(0, aeq)).toLowerCase();
    const val = aeq === -1 ? '' : trimWsp(raw.slice(aeq + 1));
    if (val.length > MAX_ATTRIBUTE_VALUE) continue;
    switch (key) {
      case 'expires': {
        const t = parseCookieDate(val);
        if (t !== null) expires = t;
        break;
      }
      case 'max-age':
        if (/^-?\d+$/.test(val)) maxAgeSeconds = Number(val);
        break;
      case 'domain':
        if (val !== '') domain = val.replace(/^\./, '').toLowerCase();
        break;
      case 'path':
        // A path that is empty or relative means "the default path", like no attribute at all.
        path = val.startsWith('/') ? val : null;
        break;
      case 'secure':
        secure = true;
        break;
      case 'httponly':
        httpOnly = true;
        break;
      case 'samesite': {
        const s = val.toLowerCase();
        sameSite =
          s === 'none' ? 'no_restriction' : s === 'lax' ? 'lax' : s === 'strict' ? 'strict' : 'unspecified';
        break;
      }
      case 'partitioned':
        partitioned = true;
        break;
    }
  }

  let expiresAt: Millis | null = null;
  if (maxAgeSeconds !== null) {
    expiresAt = maxAgeSeconds <= 0 ? now + Math.max(maxAgeSeconds, -1e12) * 1000 : now + maxAgeSeconds * 1000;
  } else if (expires !== null) {
    expiresAt = expires;
  }
  if (expiresAt !== null && expiresAt > now + MAX_COOKIE_LIFETIME_MS)
    expiresAt = now + MAX_COOKIE_LIFETIME_MS;
  const deletes = expiresAt !== null && expiresAt <= now;

  const refusals: CookieRefusal[] = [];
  const lower = name.toLowerCase();
  if (lower.startsWith('__secure-') && !secure)
    refusals.push({ rule: 'secure-prefix', reason: '__Secure- cookie without Secure: browsers reject it' });
  if (lower.startsWith('__host-') && (!secure || domain !== null || path !== '/')) {
    refusals.push({
      rule: 'host-prefix',
      reason: '__Host- cookie needs Secure, Path=/ and no Domain: browsers reject it',
    });
  }
  if (sameSite === 'no_restriction' && !secure)
    refusals.push({
      rule: 'samesite-none-insecure',
      reason: 'SameSite=None without Secure: browsers reject it',
    });
  if (partitioned && !secure)
    refusals.push({ rule: 'partitioned-insecure', reason: 'Partitioned without Secure: browsers reject it' });
  const problems = refusals.map((r) => r.reason);

  const unquoted =
    value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  return {
    name,
    value,
    domain,
    path,
    expiresAt,
    maxAgeSeconds,
    deletes,
    httpOnly,
    secure,
    sameSite,
    partitioned,
    emptyValue: unquoted === '',
    problems,
    refusals,
  };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DELIMITER = /[\t\x20-\x2f\x3b-\x40\x5b-\x60\x7b-\x7e]+/;

/**
 * A cookie date as browsers read it (RFC 6265 §5.1.1): tokens in any order, so RFC 1123
 * (`Thu, 01 Jan 1970 00:00:00 GMT`), RFC 850 (`Thursday, 01-Jan-70 …`) and asctime
 * (`Thu Jan  1 00:00:00 1970`) all parse. Null when it is not a date.
 */
export function parseCookieDate(input: string): Millis | null {
  let time: [number, number, number] | null = null;
  let day: number | null = null;
  let month: number | null = null;
  let year: number | null = null;
  for (const token of input.split(DELIMITER)) {
    if (token === '') continue;
    if (time === null) {
      const m = /^(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\D|$)/.exec(token);
      if (m) {
        time = [Number(m[1]), Number(m[2]), Number(m[3])];
        continue;
      }
    }
    if (day === null) {
      const m = /^(\d{1,2})(?:\D|$)/.exec(token);
      if (m) {
        day = Number(m[1]);
        continue;
      }
    }
    if (month === null) {
      const i = MONTHS.indexOf(token.slice(0, 3).toLowerCase());
      if (i !== -1) {
        month = i;
        continue;
      }
    }
    if (year === null) {
      const m = /^(\d{2,4})(?:\D|$)/.exec(token);
      if (m) {
        year = Number(m[1]);
      }
    }
  }
  if (time === null || day === null || month === null || year === null) return null;
  if (year >= 70 && year <= 99) year += 1900;
  else if (year >= 0 && year <= 69) year += 2000;
  const [h, mi, s] = time;
  if (day < 1 || day > 31 || year < 1601 || h > 23 || mi > 59 || s > 59) return null;
  const t = Date.UTC(year, month, day, h, mi, s);
  // Date.UTC rolls Feb 31 over into March; browsers reject such dates instead.
  if (new Date(t).getUTCDate() !== day) return null;
  return t;
}

/**
 * The individual Set-Cookie headers in what webRequest handed us. Firefox joins several headers with
 * "\n"; Chrome gives one entry per header. Never split on commas: Expires contains one.
 */
export function splitSetCookieHeader(raw: string): string[] {
  return String(raw)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Directives of a Clear-Site-Data header, unquoted and lowercased ("cookies", "storage", "*"…). */
export function parseClearSiteData(header: string): string[] {
  return String(header)
    .split(',')
    .map((d) => d.trim().replace(/^"|"$/g, '').toLowerCase())
    .filter(Boolean);
}

/** The name and value of a Set-Cookie header as written, even one a browser would ignore. */
export function rawNameValue(header: string): { name: string; value: string } | null {
  const text = String(header);
  const semi = text.indexOf(';');
  const pair = semi === -1 ? text : text.slice(0, semi);
  const eq = pair.indexOf('=');
  const name = eq === -1 ? '' : trimWsp(pair.slice(0, eq));
  const value = trimWsp(eq === -1 ? pair : pair.slice(eq + 1));
  return name === '' && value === '' ? null : { name, value };
}

/**
 * Every browser rule this Set-Cookie header breaks when a response from `requestUrl` carries it: its own
 * (a prefix without Secure, SameSite=None without Secure, over 4 KB, a control character) and the
 * request's (Secure from plain http, a Domain the host is not within or that is a public suffix). Null
 * when the header has no cookie at all; `refusals` is empty when browsers would store it.
 */
export function refusalsOf(
  header: string,
  requestUrl: string,
  now: Millis,
): { name: string; value: string; deletes: boolean; refusals: CookieRefusal[] } | null {
  const raw = rawNameValue(header);
  if (raw === null) return null;
  if (FORBIDDEN.test(String(header)))
    return {
      ...raw,
      deletes: false,
      refusals: [
        { rule: 'control-character', reason: 'a control character in the header: browsers ignore it' },
      ],
    };
  const bytes = new TextEncoder().encode(raw.name + raw.value).length;
  if (bytes > MAX_NAME_VALUE)
    return {
      ...raw,
      deletes: false,
      refusals: [
        {
          rule: 'too-large',
          reason: `name and value are ${bytes} bytes, over the browsers' 4096-byte limit`,
        },
      ],
    };
  const parsed = parseSetCookie(header, now);
  if (parsed === null) return null;
  const refusals = [...(parsed.refusals ?? [])];
  let url: URL | null = null;
  try {
    url = new URL(requestUrl);
  } catch {
    url = null;
  }
  if (url) {
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const secureOrigin = url.protocol === 'https:' || url.protocol === 'wss:' || isLoopbackHost(host);
    if (parsed.secure && !secureOrigin)
      refusals.push({
        rule: 'secure-from-insecure-origin',
        reason: `a Secure cookie set over plain ${url.protocol.slice(0, -1)} by ${host}: browsers accept Secure cookies only from https (or localhost)`,
      });
    const d = parsed.domain;
    if (d !== null && d !== host) {
      const ip = host.includes(':') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
      if (ip || !host.endsWith(`.${d}`))
        refusals.push({
          rule: 'domain-mismatch',
          reason: `Domain=${d} does not contain the host ${host}: browsers reject it`,
        });
      else if (getPublicSuffix(d, { allowPrivateDomains: true }) === d)
        refusals.push({
          rule: 'domain-public-suffix',
          reason: `Domain=${d} is a public suffix: browsers reject it`,
        });
    }
  }
  return { name: parsed.name, value: parsed.value, deletes: parsed.deletes, refusals };
}
