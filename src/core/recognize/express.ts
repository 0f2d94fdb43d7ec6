import { decodeCookieSession } from '../decode/cookie-session';
import { type Candidate, candidate, hasSibling, type RecognizeContext } from './types';

const SIGNED_ID = /^s(?:%3A|:)/i;
const SIGNED_ID_FULL = /^s(?:%3A|:)[\w-]{16,}\.[\w%+/-]{16,}$/i;

export function recognizeExpress(ctx: RecognizeContext): Candidate | null {
  const { lower, value, base } = ctx;
  if (lower === 'connect.sid') {
    const evidence = ["named connect.sid, express-session's default cookie name"];
    const signed = SIGNED_ID.test(value);
    if (signed)
      evidence.push('starts with "s:" (URL-encoded "s%3A"): a session id signed with cookie-signature');
    return candidate({
      role: 'session',
      framework: 'express',
      valueKind: 'opaque-id',
      confidence: signed ? 0.97 : 0.85,
      evidence,
      hints: signed ? { signed: 'cookie-signature' } : {},
    });
  }

  if (lower.endsWith('.sig') && base.length > 4) {
    const owner = base.slice(0, -4);
    const paired = hasSibling(ctx, owner);
    return candidate({
      role: 'companion',
      framework: 'express',
      confidence: paired ? 0.9 : 0.6,
      evidence: [
        paired
          ? `named ${base}: the keygrip signature of the ${owner} cookie (cookie-session)`
          : `named ${base}: looks like a cookie-session signature cookie`,
      ],
    });
  }

  const paired = hasSibling(ctx, `${base}.sig`);
  const defaultName = lower === 'session' || lower === 'express:sess';
  if (paired || defaultName) {
    const decoded = decodeCookieSession(value);
    if (decoded.ok) {
      const evidence = ['value is base64 JSON: the whole session is in the cookie (cookie-session)'];
      evidence.unshift(
        paired
          ? `paired with a ${base}.sig signature cookie`
          : `named ${base}, cookie-session's default name`,
      );
      return candidate({
        role: 'session',
        framework: 'express',
        valueKind: 'signed-data',
        decoder: 'cookie-session',
        confidence: paired ? 0.93 : 0.6,
        evidence,
      });
    }
    if (paired) {
      return candidate({
        role: 'session',
        framework: 'express',
        valueKind: 'signed-data',
        confidence: 0.7,
        evidence: [`paired with a ${base}.sig signature cookie (cookie-session or keygrip-signed)`],
      });
    }
  }

  if (SIGNED_ID_FULL.test(value)) {
    return candidate({
      role: 'session',
      framework: 'express',
      valueKind: 'opaque-id',
      confidence: 0.75,
      evidence: [
        `named ${ctx.name}, a custom express-session name`,
        'value is "s:" + id + "." + signature: a session id signed with cookie-signature',
      ],
      hints: { signed: 'cookie-signature' },
    });
  }
  return null;
}
