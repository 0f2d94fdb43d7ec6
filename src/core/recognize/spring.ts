import { decodeSpring } from '../decode/spring';
import { type Candidate, candidate, type RecognizeContext } from './types';

/** base64 of a 36-character UUID is exactly 48 characters. */
const BASE64_UUID = /^[A-Za-z0-9+/]{48}(?:[A-Za-z0-9+/]{4,}={0,2})?$/;

export function recognizeSpring(ctx: RecognizeContext): Candidate | null {
  // Spring's default is upper-case SESSION; lower-case "session" belongs to Flask and cookie-session.
  const named = ctx.base === 'SESSION';
  const shaped = BASE64_UUID.test(ctx.value);
  if (!named && !shaped) return null;
  const decoded = shaped ? decodeSpring(ctx.value) : null;
  const uuid = decoded?.ok === true && !decoded.notes.some((n) => n.includes('not a UUID'));
  if (!named && !uuid) return null;
  const evidence: string[] = [];
  if (named) evidence.push("named SESSION, Spring Session's default cookie name");
  else evidence.push(`named ${ctx.name}, perhaps a custom Spring Session cookie name`);
  if (uuid) evidence.push('value is base64 of a UUID: the Spring Session id (DefaultCookieSerializer)');
  return candidate({
    role: 'session',
    framework: 'spring',
    valueKind: 'opaque-id',
    decoder: uuid ? 'spring' : null,
    confidence: named ? (uuid ? 0.95 : 0.75) : 0.6,
    evidence,
  });
}
