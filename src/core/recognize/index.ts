// PLACEHOLDER (owned by the recognizers work): exact signatures, trivial bodies.
import type { Framework } from '../contract';

/** What a new value of the cookie means: opaque ids rotate, client-side data updates in place. */
export type ValueKind = 'opaque-id' | 'signed-data' | 'encrypted-data' | 'token' | 'unknown';
export type DecoderName = 'django-signed' | 'flask' | 'cookie-session' | 'jwt' | 'spring';

export interface Recognition {
  /** Treat this cookie as a session (recognized, or pinned by the user, and not excluded). */
  session: boolean;
  /** `companion`: belongs to a session without being one (csrftoken, XSRF-TOKEN, session.sig, chunks). */
  role: 'session' | 'companion' | 'other';
  framework: Framework | null;
  valueKind: ValueKind;
  decoder: DecoderName | null;
  /** 0..1 */
  confidence: number;
  /** Plain words, e.g. "named sessionid, Django's default SESSION_COOKIE_NAME". */
  evidence: string[];
  pinned: boolean;
  /** Extra facts read from the cookie, e.g. { djangoVersion: '<= 4.0' } from a 64-char csrftoken. */
  hints: Record<string, string>;
}

export interface RecognizeInput {
  name: string;
  value: string;
  /** Names of the other cookies of the same site, for pairs like session + session.sig. */
  siblings?: readonly string[];
  pinned?: readonly string[];
  excluded?: readonly string[];
}

export function recognize(input: RecognizeInput): Recognition {
  const pinned = input.pinned?.includes(input.name) ?? false;
  const excluded = input.excluded?.includes(input.name) ?? false;
  const isDjango = input.name === 'sessionid';
  return {
    session: !excluded && (pinned || isDjango),
    role: isDjango ? 'session' : 'other',
    framework: isDjango ? 'django' : null,
    valueKind: 'opaque-id',
    decoder: null,
    confidence: isDjango ? 0.9 : 0,
    evidence: isDjango ? ["named sessionid, Django's default SESSION_COOKIE_NAME"] : [],
    pinned,
    hints: {},
  };
}
