import { JWE, JWS, jwtHeader } from './shapes';
import { type Candidate, candidate, type RecognizeContext } from './types';

/** Names that carry a login token, whatever its format. Auth.js and Supabase chunk theirs as `.0`, `.1`… */
const TOKEN_NAMES =
  /^(?:access[_-]?token|token|jwt|id[_-]?token|auth[_-]?token|(?:next-auth|authjs)\.session-token|sb-[\w-]+-auth-token)(?:\.(\d+))?$/;
const REFRESH = /^refresh[_-]?token$/;
const AUTHJS_OTHER = /^(?:next-auth|authjs)\.(csrf-token|callback-url|pkce\.code_verifier|state|nonce)$/;

export function recognizeJwt(ctx: RecognizeContext): Candidate | null {
  const { lower, value, base } = ctx;
  const authjs = AUTHJS_OTHER.exec(lower);
  if (authjs) {
    return candidate({
      role: authjs[1] === 'csrf-token' ? 'companion' : 'other',
      framework: 'jwt',
      confidence: 0.8,
      evidence: [`named ${base}: an Auth.js (NextAuth) helper cookie`],
    });
  }
  if (REFRESH.test(lower)) {
    return candidate({
      role: 'companion',
      framework: 'jwt',
      valueKind: 'token',
      confidence: 0.7,
      evidence: [`named ${base}: a refresh token, companion of the access token`],
    });
  }

  const evidence: string[] = [];
  let decoder: 'jwt' | null = null;
  let shaped = false;
  if (JWS.test(value)) {
    const header = jwtHeader(value);
    if (header && typeof header.alg === 'string') {
      shaped = true;
      decoder = 'jwt';
      evidence.push(`value is a JWT (signed with ${header.alg}): header and claims are readable`);
    }
  } else if (JWE.test(value)) {
    const header = jwtHeader(value);
    if (header && typeof header.enc === 'string') {
      shaped = true;
      evidence.push(`value is an encrypted JWT (JWE, ${header.enc}): unreadable without the key`);
    }
  } else if (value.startsWith('base64-eyJ')) {
    shaped = true;
    decoder = 'jwt';
    evidence.push('value is "base64-" + a base64 JSON session holding a JWT (Supabase)');
  }

  const named = TOKEN_NAMES.exec(lower);
  if (!named && !shaped) return null;
  const chunk = named?.[1];
  if (chunk !== undefined && chunk !== '0') {
    return candidate({
      role: 'companion',
      framework: 'jwt',
      valueKind: 'token',
      confidence: 0.85,
      evidence: [`named ${base}: chunk ${chunk} of a token split over several cookies`],
    });
  }
  if (named) evidence.unshift(`named ${base}, a usual name for a login token`);
  return candidate({
    role: 'session',
    framework: 'jwt',
    valueKind: 'token',
    decoder,
    confidence: named && shaped ? 0.92 : shaped ? 0.82 : 0.75,
    evidence,
  });
}
