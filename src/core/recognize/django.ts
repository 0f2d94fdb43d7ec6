import { DJANGO_SIGNED } from './shapes';
import { type Candidate, candidate, type RecognizeContext } from './types';

const OPAQUE_KEY = /^[a-z0-9]{32}$/;
/** A Django signing payload is base64 JSON (`eyJ…` for `{"`, `e30` for `{}`) or zlib (`.eJ…`). */
const SESSION_PAYLOAD = /^(?:\.eJ|eyJ|e30:)/;

function signedEvidence(value: string): { evidence: string[]; hints: Record<string, string> } {
  const evidence = [
    'value has the signed_cookies shape (payload:base62 timestamp:signature): the session data is in the cookie (SESSION_ENGINE signed_cookies)',
  ];
  const hints: Record<string, string> = { backend: 'signed_cookies' };
  if (value.startsWith('.')) evidence.push('the leading "." marks a zlib-compressed payload');
  const signature = value.slice(value.lastIndexOf(':') + 1);
  if (signature.length === 27) {
    evidence.push(
      '27-character signature: HMAC-SHA1, so Django 3.0 or older, or 3.1/3.2 still in transition',
    );
    hints.signature = 'sha1';
    hints.djangoVersion = '<= 3.2';
  } else if (signature.length === 43) {
    hints.signature = 'sha256';
  }
  return { evidence, hints };
}

export function recognizeDjango(ctx: RecognizeContext): Candidate | null {
  const { lower, value } = ctx;
  if (lower === 'csrftoken') {
    const hints: Record<string, string> = {};
    const evidence = ["named csrftoken, Django's default CSRF_COOKIE_NAME"];
    if (/^[A-Za-z0-9]{64}$/.test(value)) {
      hints.djangoVersion = '<= 4.0';
      evidence.push('64 characters (mask + masked secret): Django 4.0 or older');
    } else if (/^[A-Za-z0-9]{32}$/.test(value)) {
      hints.djangoVersion = '>= 4.1';
      evidence.push('32 characters (the unmasked secret): Django 4.1 or newer');
    }
    return candidate({
      role: 'companion',
      framework: 'django',
      valueKind: 'opaque-id',
      confidence: hints.djangoVersion ? 0.95 : 0.85,
      evidence,
      hints,
    });
  }
  if (lower === 'django_language') {
    return candidate({
      role: 'other',
      framework: 'django',
      confidence: 0.9,
      evidence: ["named django_language, Django's language preference cookie: not a session"],
    });
  }

  const signed = DJANGO_SIGNED.test(value);
  if (lower === 'sessionid') {
    const evidence = ["named sessionid, Django's default SESSION_COOKIE_NAME"];
    if (signed) {
      const s = signedEvidence(value);
      return candidate({
        role: 'session',
        framework: 'django',
        valueKind: 'signed-data',
        decoder: 'django-signed',
        confidence: 0.97,
        evidence: [...evidence, ...s.evidence],
        hints: s.hints,
      });
    }
    if (OPAQUE_KEY.test(value)) {
      evidence.push(
        '32 lowercase letters and digits: a session key of the db, cache or file backend; the data stays on the server',
      );
      return candidate({
        role: 'session',
        framework: 'django',
        valueKind: 'opaque-id',
        confidence: 0.97,
        evidence,
        hints: { backend: 'db, cache or file' },
      });
    }
    evidence.push(
      value === ''
        ? 'empty value, as in Django\'s deletion (sessionid="")'
        : 'value in no known Django shape',
    );
    return candidate({
      role: 'session',
      framework: 'django',
      valueKind: 'opaque-id',
      confidence: 0.8,
      evidence,
    });
  }

  if (signed && SESSION_PAYLOAD.test(value)) {
    const s = signedEvidence(value);
    return candidate({
      role: 'session',
      framework: 'django',
      valueKind: 'signed-data',
      decoder: 'django-signed',
      confidence: 0.75,
      evidence: [`named ${ctx.name}, a custom SESSION_COOKIE_NAME`, ...s.evidence],
      hints: s.hints,
    });
  }
  return null;
}
