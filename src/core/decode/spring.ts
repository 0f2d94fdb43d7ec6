/**
 * Spring Session's `SESSION` cookie (DefaultCookieSerializer, useBase64Encoding): base64 of the session
 * id, a UUID, optionally followed by ".<jvmRoute>". Only the opaque id is readable.
 */
import { base64ToText } from './base64url';
import { type Decoded, fail, tooLong } from './types';

const UUID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\.([\w.-]+))?$/i;

export function decodeSpring(value: string): Decoded {
  const long = tooLong('spring', value);
  if (long) return long;
  const text = value === '' ? null : base64ToText(value.replace(/%3D/gi, '='));
  if (text === null) return fail('spring', 'not base64');
  const m = UUID.exec(text);
  if (m) {
    const data: Record<string, unknown> = { id: m[1]!.toLowerCase() };
    if (m[2]) data.jvmRoute = m[2];
    const notes = ['session id (a UUID): the session data stays on the server'];
    if (m[2]) notes.push(`routed to node "${m[2]}" (jvmRoute)`);
    return { ok: true, decoder: 'spring', data, issuedAt: null, expiresAt: null, notes };
  }
  if (/^[\w.-]{8,256}$/.test(text)) {
    return {
      ok: true,
      decoder: 'spring',
      data: { id: text },
      issuedAt: null,
      expiresAt: null,
      notes: ['session id, not a UUID: a custom session id generator'],
    };
  }
  return fail('spring', 'base64, but not a session id');
}
