/**
 * JWT in a cookie. JWS (`header.claims.signature`) is readable: the claims say who and until when,
 * independently of the cookie's own expiry. JWE (5 segments, Auth.js's default) is encrypted.
 * Supabase stores `base64-` + base64(JSON session) whose `access_token` is a JWS.
 */
import { base64ToText } from './base64url';
import { isRecord, parseJson } from './json';
import { type Decoded, fail, secondsToMillis, tooLong } from './types';

function segmentJson(segment: string): Record<string, unknown> | null {
  const text = segment === '' ? null : base64ToText(segment);
  if (text === null) return null;
  const parsed = parseJson(text);
  return parsed && isRecord(parsed.value) ? parsed.value : null;
}

export function decodeJwt(value: string): Decoded {
  const long = tooLong('jwt', value);
  if (long) return long;
  if (value.startsWith('base64-')) return decodeSupabase(value.slice('base64-'.length));
  const parts = value.split('.');
  if (parts.length === 5) {
    const header = segmentJson(parts[0]!);
    const how = header ? `, alg ${String(header.alg)}, enc ${String(header.enc)}` : '';
    return fail('jwt', `encrypted (JWE${how}), needs the key`);
  }
  if (parts.length !== 3) return fail('jwt', `not a JWT: ${parts.length} dot-separated parts instead of 3`);
  const header = segmentJson(parts[0]!);
  if (header === null) return fail('jwt', 'not a JWT: the header is not base64url JSON');
  if (typeof header.alg !== 'string') return fail('jwt', 'not a JWT: the header has no "alg"');
  const claims = segmentJson(parts[1]!);
  if (claims === null) return fail('jwt', 'the payload is not JSON claims (a JWS over other data)');

  const notes: string[] = [];
  if (header.alg === 'none') notes.push('alg "none": the token is unsigned');
  else notes.push(`signed with ${header.alg}; signature not verified (needs the key)`);
  const issuedAt = secondsToMillis(claims.iat);
  const expiresAt = secondsToMillis(claims.exp);
  if (claims.exp !== undefined && expiresAt === null) notes.push('"exp" is not a valid time');
  const notBefore = secondsToMillis(claims.nbf);
  if (notBefore !== null) notes.push(`not valid before ${new Date(notBefore).toISOString()}`);
  if (typeof claims.sub === 'string' || typeof claims.sub === 'number')
    notes.push(`subject ${String(claims.sub)}`);
  return { ok: true, decoder: 'jwt', data: { header, claims }, issuedAt, expiresAt, notes };
}

function decodeSupabase(encoded: string): Decoded {
  const text = base64ToText(encoded);
  const parsed = text === null ? null : parseJson(text);
  if (parsed === null) return fail('jwt', 'a "base64-" value whose content is not base64 JSON');
  const session = parsed.value;
  const token = isRecord(session) ? session.access_token : undefined;
  if (typeof token !== 'string') return fail('jwt', 'a "base64-" session without an access_token');
  const inner = decodeJwt(token);
  if (!inner.ok) return inner;
  return { ...inner, notes: ['Supabase session: the access_token JWT', ...inner.notes] };
}
