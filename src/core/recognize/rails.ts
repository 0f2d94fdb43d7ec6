import { urlUnescapeBase64 } from './shapes';
import { type Candidate, candidate, type RecognizeContext } from './types';

const NAME = /^_([\w.-]+)_session$/i;
/** 5.2+: base64(ciphertext)--base64(iv)--base64(auth tag), AES-256-GCM. */
const GCM = /^[A-Za-z0-9+/]+={0,2}--[A-Za-z0-9+/]+={0,2}--[A-Za-z0-9+/]+={0,2}$/;
/** 4.0–5.1: base64(encrypted--iv)--hex HMAC. */
const CBC = /^[A-Za-z0-9+/]+={0,2}--[0-9a-f]{40,128}$/;

export function recognizeRails(ctx: RecognizeContext): Candidate | null {
  const name = NAME.exec(ctx.base);
  const value = urlUnescapeBase64(ctx.value);
  const gcm = GCM.test(value);
  const cbc = !gcm && CBC.test(value);
  if (!name && !gcm) return null;

  const evidence: string[] = [];
  const hints: Record<string, string> = {};
  if (name) {
    evidence.push(`named ${ctx.base}: Rails names its session cookie _<app name>_session`);
    hints.appName = name[1]!;
  }
  if (gcm) evidence.push('value is data--iv--tag: the Rails 5.2+ encrypted cookie store (AES-256-GCM)');
  if (cbc) evidence.push('value is data--hmac: the Rails 4.0–5.1 encrypted and signed cookie store');
  if (gcm) hints.railsVersion = '>= 5.2';
  if (cbc) hints.railsVersion = '4.0 – 5.1';

  let confidence = 0.55;
  if (name && gcm) confidence = 0.93;
  else if (name && cbc) confidence = 0.88;
  else if (name) confidence = 0.6;
  if (!name) evidence.unshift(`named ${ctx.name}, perhaps a custom session key`);
  return candidate({
    role: 'session',
    framework: 'rails',
    valueKind: 'encrypted-data',
    confidence,
    evidence,
    hints,
  });
}
