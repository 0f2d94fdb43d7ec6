/**
 * Express `cookie-session`: the whole session is base64 (standard alphabet, padded) JSON in the cookie;
 * the sibling `<name>.sig` cookie holds the keygrip signature.
 */
import { base64ToText } from './base64url';
import { isRecord, parseJson } from './json';
import { type Decoded, fail, tooLong } from './types';

export function decodeCookieSession(value: string): Decoded {
  const long = tooLong('cookie-session', value);
  if (long) return long;
  let raw = value;
  // Browsers store what the server sent; some servers percent-encode the padding.
  if (raw.includes('%')) raw = raw.replace(/%3D/gi, '=').replace(/%2B/gi, '+').replace(/%2F/gi, '/');
  const text = raw === '' ? null : base64ToText(raw);
  if (text === null) return fail('cookie-session', 'not base64');
  const parsed = parseJson(text);
  if (parsed === null) return fail('cookie-session', 'base64, but not JSON');
  if (!isRecord(parsed.value)) return fail('cookie-session', 'JSON, but not a session object');
  return {
    ok: true,
    decoder: 'cookie-session',
    data: parsed.value,
    issuedAt: null,
    expiresAt: null,
    notes: ['signature (the .sig cookie) not verified: that needs the keys'],
  };
}
