import { describe, expect, it } from 'vitest';
import { recognize } from './index';

// Values captured from Django 3.2.25 (db and signed_cookies backends).
const OPAQUE = 'dfyy5zla1c6ejqvh1p9l9w1ddbu25k6r';
const SIGNED = 'eyJjb3VudGVyIjoxfQ:1xWHJv:wXcQxTUXpCKyysZa-25FcGbf4iv8nqQwSBfoZ0UIj7E';
const SIGNED_LOGIN =
  '.eJxVjDsOwjAQBe_iGln4g3eXkj5niNb2ggPIluKkQtwdIqWA9s3Me6mR16WMa5d5nLI6K6MOv1vk9JC6gXznems6tbrMU9Sbonfa9dCyPC-7-3dQuJdvTUBEELw4PLpgHSbOPifwhsFdDXDAU6aYUJiFgYmSRXTGRiC2Lqj3B8eCN2U:1xWHJv:On9exRiSguS24podi92edWU6-gx4mshdF_GPMA__oU8';
const SIGNED_SHA1 = 'eyJjb3VudGVyIjoxfQ:1xWHLB:bdrdDoFBql-hKwsY59N_ICwhWd4';
const EMPTY_SIGNED = 'e30:1xWHJv:m-CwhHgl2-Jgp2VYLaYCiOrxGVfP3IdvX6PVWVL8-qI';
const CSRF_32_IN_64 = '2JNuBa9iTWuUk1b3szmZtaCKFJ1Tf5h2b4ZMzu6JEOQipBZXvSz4kzGQ99BR0hHM';

describe('Django', () => {
  it('sessionid with a 32-char key: an opaque id of the db/cache/file backend', () => {
    const r = recognize({ name: 'sessionid', value: OPAQUE });
    expect(r).toMatchObject({
      session: true,
      role: 'session',
      framework: 'django',
      valueKind: 'opaque-id',
      decoder: null,
    });
    expect(r.confidence).toBeGreaterThanOrEqual(0.9);
    expect(r.evidence.join(' ')).toMatch(/sessionid.*SESSION_COOKIE_NAME/);
    expect(r.evidence.join(' ')).toMatch(/db, cache or file backend/);
  });

  it.each([SIGNED, SIGNED_LOGIN, EMPTY_SIGNED])(
    'sessionid with a signed_cookies value is signed data: %s',
    (value) => {
      const r = recognize({ name: 'sessionid', value });
      expect(r).toMatchObject({
        session: true,
        framework: 'django',
        valueKind: 'signed-data',
        decoder: 'django-signed',
      });
      expect(r.evidence.join(' ')).toMatch(/signed_cookies/);
    },
  );

  it('notes zlib compression', () => {
    expect(recognize({ name: 'sessionid', value: SIGNED_LOGIN }).evidence.join(' ')).toMatch(/zlib/);
  });

  it('a 27-char signature hints at SHA-1 and an older Django', () => {
    const r = recognize({ name: 'sessionid', value: SIGNED_SHA1 });
    expect(r.hints).toMatchObject({ signature: 'sha1', djangoVersion: '<= 3.2' });
  });

  it('a custom SESSION_COOKIE_NAME with the signed shape is still Django', () => {
    const r = recognize({ name: 'myapp_sess', value: SIGNED_LOGIN });
    expect(r).toMatchObject({ session: true, framework: 'django', decoder: 'django-signed' });
    expect(r.confidence).toBeLessThan(recognize({ name: 'sessionid', value: SIGNED_LOGIN }).confidence);
  });

  it('the deletion value sessionid="" is still the Django session cookie', () => {
    expect(recognize({ name: 'sessionid', value: '""' })).toMatchObject({
      session: true,
      framework: 'django',
    });
  });

  it('csrftoken is a companion; 64 chars means Django <= 4.0', () => {
    const r = recognize({ name: 'csrftoken', value: CSRF_32_IN_64 });
    expect(r).toMatchObject({
      session: false,
      role: 'companion',
      framework: 'django',
      hints: { djangoVersion: '<= 4.0' },
    });
  });

  it('a 32-char csrftoken means Django >= 4.1', () => {
    const r = recognize({ name: 'csrftoken', value: 'jvms8u7BV2wyfKY4dtnf1zegEAK8VmAU' });
    expect(r.hints.djangoVersion).toBe('>= 4.1');
  });

  it('__Host- prefixed names are recognized', () => {
    const r = recognize({ name: '__Host-sessionid', value: OPAQUE });
    expect(r).toMatchObject({ session: true, framework: 'django' });
    expect(r.evidence.join(' ')).toMatch(/__Host- prefix/);
  });

  it('django_language is not a session', () => {
    expect(recognize({ name: 'django_language', value: 'fr' })).toMatchObject({
      session: false,
      framework: 'django',
    });
  });
});
