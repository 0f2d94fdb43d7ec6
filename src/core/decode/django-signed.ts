/**
 * Django `signing.dumps` values, as used by the signed_cookies session backend:
 * `[.]b64url(json | zlib(json)) ":" base62(unix seconds) ":" b64url(HMAC)`. Readable without the
 * SECRET_KEY; the signature is only checked by the server.
 */
import { base64ToBytes, bytesToText } from './base64url';
import { asRecord, parseJson } from './json';
import { type Decoded, fail, secondsToMillis, tooLong } from './types';
import { inflateZlib } from './zlib';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Django's base62 (signing.b62_decode): digits, then upper, then lower case. Null if not base62. */
export function base62Decode(s: string): number | null {
  if (!/^-?[0-9A-Za-z]{1,11}$/.test(s)) return null;
  const negative = s.startsWith('-');
  let n = 0;
  for (const ch of negative ? s.slice(1) : s) n = n * 62 + BASE62.indexOf(ch);
  return negative ? -n : n;
}

const SIGNATURE_ALGORITHMS: Record<number, string> = {
  27: 'SHA-1 signature (Django 3.0 or older, or 3.1/3.2 with DEFAULT_HASHING_ALGORITHM="sha1")',
  43: 'SHA-256 signature (Django 3.1 and later)',
  86: 'SHA-512 signature (a custom signer algorithm)',
};

export function decodeDjangoSigned(value: string): Decoded {
  const long = tooLong('django-signed', value);
  if (long) return long;
  const sigAt = value.lastIndexOf(':');
  const tsAt = sigAt > 0 ? value.lastIndexOf(':', sigAt - 1) : -1;
  if (tsAt <= 0)
    return fail('django-signed', 'not a Django signed value: expected payload:timestamp:signature');
  const payload = value.slice(0, tsAt);
  const ts = value.slice(tsAt + 1, sigAt);
  const signature = value.slice(sigAt + 1);

  const seconds = base62Decode(ts);
  if (seconds === null) return fail('django-signed', `the timestamp "${ts.slice(0, 20)}" is not base62`);
  if (!/^[\w-]+$/.test(signature)) return fail('django-signed', 'the signature is not base64url');

  const compressed = payload.startsWith('.');
  const bytes = base64ToBytes(compressed ? payload.slice(1) : payload);
  if (bytes === null || bytes.length === 0) return fail('django-signed', 'the payload is not base64url');

  const notes: string[] = [];
  let body = bytes;
  if (compressed) {
    const inflated = inflateZlib(bytes);
    if (!inflated.ok)
      return fail('django-signed', `the payload is marked compressed but is ${inflated.reason}`);
    body = inflated.bytes;
    notes.push(`zlib-compressed payload (${bytes.length} → ${body.length} bytes)`);
  }

  // Pickle protocol 2+ starts with 0x80, then the protocol number.
  if (body[0] === 0x80 && (body[1] ?? 0) <= 5) {
    return fail(
      'django-signed',
      `the payload is pickled (PickleSerializer, protocol ${body[1]}): not decoded, never unpickled`,
    );
  }
  const parsed = parseJson(bytesToText(body));
  if (parsed === null) {
    return fail(
      'django-signed',
      'the payload is not JSON: the site uses PickleSerializer or a custom serializer',
    );
  }

  const algorithm = SIGNATURE_ALGORITHMS[signature.length];
  if (algorithm) notes.push(algorithm);
  notes.push('signature not verified: that needs the SECRET_KEY');
  const issuedAt = secondsToMillis(seconds);
  if (issuedAt === null) notes.push(`timestamp ${seconds} is not a plausible date`);
  const data = asRecord(parsed.value);
  if (typeof data._auth_user_id === 'string' || typeof data._auth_user_id === 'number') {
    notes.push(`logged in as user id ${String(data._auth_user_id)} (django.contrib.auth)`);
  }
  // The signed_cookies backend checks age against SESSION_COOKIE_AGE from the timestamp and ignores this.
  if (data._session_expiry !== undefined) {
    notes.push('has _session_expiry (set_expiry), which the signed_cookies backend ignores when verifying');
  }
  return { ok: true, decoder: 'django-signed', data, issuedAt, expiresAt: null, notes };
}
