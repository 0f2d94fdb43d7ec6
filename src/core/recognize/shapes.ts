/**
 * Value shapes shared by recognizers. Every pattern is linear-time (no nested or overlapping
 * quantifiers): recognition runs on every cookie change, on values up to 4 KB.
 */
import { base64ToText } from '../decode/base64url';

export const DJANGO_SIGNED = /^\.?[\w-]+:[0-9A-Za-z]{1,11}:(?:[\w-]{27}|[\w-]{43}|[\w-]{86})$/;
export const ITSDANGEROUS = /^\.?[\w-]+\.[\w-]{2,8}\.[\w-]{27,86}$/;
export const JWS = /^eyJ[\w-]*\.[\w-]*\.[\w-]*$/;
export const JWE = /^eyJ[\w-]*\.[\w-]*\.[\w-]*\.[\w-]*\.[\w-]*$/;
export const LARAVEL = /^eyJpdiI6/;
export const DATA_PROTECTION = /^CfDJ8/;
/** Something a server generated at random: long enough, from a URL-safe or base64 alphabet. */
export const OPAQUE = /^[\w.~%+/=,-]{16,}$/;

/** Rails URL-encodes base64's `=`, `+` and `/`; match the shapes on the decoded text. */
export function urlUnescapeBase64(value: string): string {
  return value.includes('%')
    ? value.replace(/%3D/gi, '=').replace(/%2B/gi, '+').replace(/%2F/gi, '/')
    : value;
}

/** JSON object header of a JWT, or null. */
export function jwtHeader(value: string): Record<string, unknown> | null {
  const dot = value.indexOf('.');
  if (dot <= 0) return null;
  const text = base64ToText(value.slice(0, dot));
  if (text === null) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
