/**
 * Flask's session cookie (itsdangerous URLSafeTimedSerializer):
 * `[.]b64url(json | zlib(json)) "." b64url(big-endian unix seconds) "." b64url(HMAC-SHA1)`.
 * The JSON is Flask's tagged JSON: tuples, bytes, UUIDs and dates are wrapped in single-key objects.
 */
import { base64ToBytes, bytesToText } from './base64url';
import { asRecord, isRecord, parseJson } from './json';
import { type Decoded, fail, secondsToMillis, tooLong } from './types';
import { inflateZlib } from './zlib';

export function decodeFlask(value: string): Decoded {
  const long = tooLong('flask', value);
  if (long) return long;
  const sigAt = value.lastIndexOf('.');
  const tsAt = sigAt > 0 ? value.lastIndexOf('.', sigAt - 1) : -1;
  if (tsAt <= 0) return fail('flask', 'not an itsdangerous value: expected payload.timestamp.signature');
  const payload = value.slice(0, tsAt);
  const ts = value.slice(tsAt + 1, sigAt);
  const signature = value.slice(sigAt + 1);
  if (!/^[\w-]+$/.test(signature)) return fail('flask', 'the signature is not base64url');

  const tsBytes = base64ToBytes(ts);
  if (tsBytes === null || tsBytes.length === 0 || tsBytes.length > 6) {
    return fail('flask', 'the timestamp is not a base64url-encoded number');
  }
  let seconds = 0;
  for (const b of tsBytes) seconds = seconds * 256 + b;

  const compressed = payload.startsWith('.');
  const bytes = base64ToBytes(compressed ? payload.slice(1) : payload);
  if (bytes === null || bytes.length === 0) return fail('flask', 'the payload is not base64url');
  const notes: string[] = [];
  let body = bytes;
  if (compressed) {
    const inflated = inflateZlib(bytes);
    if (!inflated.ok) return fail('flask', `the payload is marked compressed but is ${inflated.reason}`);
    body = inflated.bytes;
    notes.push(`zlib-compressed payload (${bytes.length} → ${body.length} bytes)`);
  }
  const parsed = parseJson(bytesToText(body));
  if (parsed === null)
    return fail('flask', 'the payload is not JSON: the app uses a custom session serializer');

  if (signature.length === 27) notes.push('HMAC-SHA1 signature (itsdangerous default)');
  notes.push('signature not verified: that needs the SECRET_KEY');
  const issuedAt = secondsToMillis(seconds);
  if (issuedAt === null) notes.push(`timestamp ${seconds} is not a plausible date`);
  const data = asRecord(untag(parsed.value, 0));
  if (data._permanent === true) {
    notes.push('permanent session: the cookie lives PERMANENT_SESSION_LIFETIME (31 days by default)');
  }
  if (typeof data._user_id === 'string' || typeof data._user_id === 'number') {
    notes.push(`logged in as user id ${String(data._user_id)} (Flask-Login)`);
  }
  return { ok: true, decoder: 'flask', data, issuedAt, expiresAt: null, notes };
}

/** Undo Flask's TaggedJSONSerializer markers so the user sees plain values. */
function untag(value: unknown, depth: number): unknown {
  if (depth > 64) return value;
  if (Array.isArray(value)) return value.map((v) => untag(v, depth + 1));
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const key = keys[0]!;
    const inner = value[key];
    switch (key) {
      case ' t': // tuple
        return Array.isArray(inner) ? inner.map((v) => untag(v, depth + 1)) : inner;
      case ' di': // a dict whose only key looks like a tag: keep its keys, untag its values
        return isRecord(inner) ? untagValues(inner, depth) : inner;
      case ' b': // bytes, base64
      case ' m': // Markup
      case ' u': // UUID
      case ' d': // datetime, HTTP date
        return inner;
    }
  }
  return untagValues(value, depth);
}

function untagValues(value: Record<string, unknown>, depth: number): Record<string, unknown> {
  // fromEntries defines own properties, so a "__proto__" key stays data and never becomes a prototype.
  return Object.fromEntries(Object.keys(value).map((k) => [k, untag(value[k], depth + 1)]));
}
