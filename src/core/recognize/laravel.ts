import { LARAVEL } from './shapes';
import { type Candidate, candidate, type RecognizeContext } from './types';

const ENVELOPE = 'value starts eyJpdiI6 (base64 of {"iv":): a Laravel EncryptCookies envelope';

export function recognizeLaravel(ctx: RecognizeContext): Candidate | null {
  const { lower, value } = ctx;
  const encrypted = LARAVEL.test(value);
  if (lower === 'xsrf-token' && encrypted) {
    return candidate({
      role: 'companion',
      framework: 'laravel',
      valueKind: 'encrypted-data',
      confidence: 0.92,
      evidence: ["named XSRF-TOKEN, Laravel's CSRF cookie for JavaScript clients", ENVELOPE],
    });
  }
  if (lower.startsWith('remember_web_')) {
    return candidate({
      role: 'companion',
      framework: 'laravel',
      valueKind: 'encrypted-data',
      confidence: 0.85,
      evidence: [`named ${ctx.base}, Laravel's remember-me cookie`],
    });
  }
  if (lower === 'laravel_session') {
    return candidate({
      role: 'session',
      framework: 'laravel',
      valueKind: 'encrypted-data',
      confidence: encrypted ? 0.97 : 0.85,
      evidence: ["named laravel_session, Laravel's default session cookie", ...(encrypted ? [ENVELOPE] : [])],
    });
  }
  if (!encrypted) return null;
  if (lower.endsWith('_session')) {
    return candidate({
      role: 'session',
      framework: 'laravel',
      valueKind: 'encrypted-data',
      confidence: 0.93,
      evidence: [`named ${ctx.base}: Laravel names its session cookie <app name>_session`, ENVELOPE],
      hints: { appName: ctx.base.slice(0, -'_session'.length) },
    });
  }
  return candidate({
    role: 'other',
    framework: 'laravel',
    valueKind: 'encrypted-data',
    confidence: 0.5,
    evidence: [ENVELOPE, 'Laravel encrypts all its cookies; this name is not its session cookie'],
  });
}
