// PLACEHOLDER (owned by the recognizers work): exact signatures, trivial bodies.
import type { Millis, SameSite } from './observation';

export interface ParsedSetCookie {
  name: string;
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
}

/** Parses one Set-Cookie header value; null when it has no name=value pair. Never throws. */
export function parseSetCookie(header: string, now: Millis): ParsedSetCookie | null {
  const [pair] = header.split(';');
  const eq = pair?.indexOf('=') ?? -1;
  if (!pair || eq <= 0) return null;
  return {
    name: pair.slice(0, eq).trim(),
    value: pair.slice(eq + 1).trim(),
    domain: null,
    path: null,
    expiresAt: null,
    maxAgeSeconds: null,
    deletes: /max-age=0/i.test(header),
    httpOnly: /httponly/i.test(header),
    secure: /;\s*secure/i.test(header),
    sameSite: 'unspecified',
    partitioned: false,
  };
  void now;
}

/** Directives of a Clear-Site-Data header, unquoted and lowercased ("cookies", "storage", "*"…). */
export function parseClearSiteData(header: string): string[] {
  return header
    .split(',')
    .map((d) => d.trim().replace(/^"|"$/g, '').toLowerCase())
    .filter(Boolean);
}
