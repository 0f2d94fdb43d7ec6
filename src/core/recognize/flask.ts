import { base64ToBytes } from '../decode/base64url';
import { ITSDANGEROUS } from './shapes';
import { type Candidate, candidate, type RecognizeContext } from './types';

/** The middle part must be a plausible timestamp, which tells Flask values from JWTs. */
function plausibleTimestamp(value: string): boolean {
  const sigAt = value.lastIndexOf('.');
  const ts = value.slice(value.lastIndexOf('.', sigAt - 1) + 1, sigAt);
  const bytes = base64ToBytes(ts);
  if (bytes === null || bytes.length < 4 || bytes.length > 5) return false;
  let seconds = 0;
  for (const b of bytes) seconds = seconds * 256 + b;
  // 2010-01-01 .. 2100-01-01
  return seconds >= 1_262_304_000 && seconds <= 4_102_444_800;
}

export function recognizeFlask(ctx: RecognizeContext): Candidate | null {
  const { lower, value } = ctx;
  if (lower === 'remember_token') {
    return candidate({
      role: 'companion',
      framework: 'flask',
      confidence: 0.7,
      evidence: ["named remember_token, Flask-Login's remember-me cookie"],
    });
  }
  if (!ITSDANGEROUS.test(value) || !plausibleTimestamp(value)) return null;
  const evidence = [
    'value has the itsdangerous shape (payload.timestamp.signature) that Flask uses for its signed session',
  ];
  if (value.startsWith('.')) evidence.push('the leading "." marks a zlib-compressed payload');
  if (lower === 'session') {
    return candidate({
      role: 'session',
      framework: 'flask',
      valueKind: 'signed-data',
      decoder: 'flask',
      confidence: 0.95,
      evidence: ["named session, Flask's default SESSION_COOKIE_NAME", ...evidence],
    });
  }
  if (!/^\.?eyJ|^\.eJ/.test(value)) return null;
  return candidate({
    role: 'session',
    framework: 'flask',
    valueKind: 'signed-data',
    decoder: 'flask',
    confidence: 0.7,
    evidence: [`named ${ctx.name}, a custom SESSION_COOKIE_NAME`, ...evidence],
  });
}
