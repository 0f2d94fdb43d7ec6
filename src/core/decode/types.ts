import type { DecoderName } from '../recognize/types';

export type Decoded =
  | {
      ok: true;
      decoder: DecoderName;
      /** The readable content (session dict, JWT { header, claims }, Spring { id }). */
      data: Record<string, unknown>;
      /** When the value was signed/issued, if it says (Django/Flask timestamp, JWT iat). */
      issuedAt: number | null;
      /** When the value itself stops being valid, if it says (JWT exp). */
      expiresAt: number | null;
      notes: string[];
    }
  | { ok: false; decoder: DecoderName; reason: string };

/**
 * Cookies are capped near 4 KB by browsers; a value far beyond that is not a cookie, and refusing it
 * keeps every decoder's cost bounded.
 */
export const MAX_DECODE_INPUT = 16 * 1024;

/** Seconds since the epoch → ms, or null when it is not a plausible date (before 1970 or after 2286). */
export function secondsToMillis(seconds: unknown): number | null {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > 9_999_999_999)
    return null;
  return Math.round(seconds * 1000);
}

export function fail(decoder: DecoderName, reason: string): Decoded {
  return { ok: false, decoder, reason };
}

export function tooLong(decoder: DecoderName, value: string): Decoded | null {
  return value.length > MAX_DECODE_INPUT
    ? fail(decoder, `value is ${value.length} characters, longer than any cookie: not decoded`)
    : null;
}
