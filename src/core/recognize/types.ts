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

/** One recognizer's opinion; the highest confidence among all of them wins. */
export type Candidate = Omit<Recognition, 'session' | 'pinned'>;

export interface RecognizeContext {
  /** The name as the browser reports it. */
  name: string;
  /** The name without a `__Host-`/`__Secure-` prefix: frameworks add those on top of their own names. */
  base: string;
  /** `base`, lowercased, for case-insensitive name matching. */
  lower: string;
  /** The value without surrounding double quotes. */
  value: string;
  /**
   * Whether a cookie of this name (raw, or without its prefix) sits beside this one on the site. The only
   * way a recognizer sees the siblings: asking by name lets recognize() remember which names an answer
   * rested on (memo.ts).
   */
  sibling: (name: string) => boolean;
}

export type Recognizer = (ctx: RecognizeContext) => Candidate | null;

export function candidate(
  fields: Pick<Candidate, 'role' | 'framework' | 'confidence' | 'evidence'> & Partial<Candidate>,
): Candidate {
  return { valueKind: 'unknown', decoder: null, hints: {}, ...fields };
}

export function hasSibling(ctx: RecognizeContext, name: string): boolean {
  return ctx.sibling(name);
}
