import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_COOKIE_LIFETIME_MS,
  parseClearSiteData,
  parseCookieDate,
  parseSetCookie,
  refusalsOf,
  splitSetCookieHeader,
} from './set-cookie';

const RUNS = Number(process.env.FC_RUNS ?? 10000);

/** The capture's clock: the Django responses below were sent at 2026-11-25T18:02:08Z. */
const NOW = Date.UTC(2026, 10, 25, 18, 2, 8);

// Header values captured from Django 3.2.25 (curl -D -), without the "Set-Cookie:" name.
const DJANGO = {
  csrf: 'csrftoken=2JNuBa9iTWuUk1b3szmZtaCKFJ1Tf5h2b4ZMzu6JEOQipBZXvSz4kzGQ99BR0hHM; expires=Wed, 24 Nov 2027 18:02:08 GMT; Max-Age=31449600; Path=/; SameSite=Lax',
  session:
    'sessionid=dfyy5zla1c6ejqvh1p9l9w1ddbu25k6r; expires=Wed, 09 Dec 2026 18:02:08 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax',
  deletion: 'sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax',
  browserClose: 'sessionid=2lwbzzzftv2o86nctz4jctovnxjeb42m; HttpOnly; Path=/; SameSite=Lax',
  signed:
    'sessionid=eyJjb3VudGVyIjoxfQ:1xWHJv:wXcQxTUXpCKyysZa-25FcGbf4iv8nqQwSBfoZ0UIj7E; expires=Wed, 09 Dec 2026 18:02:15 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax',
};

describe('parseSetCookie on Django headers', () => {
  it('csrftoken: persistent for 52 weeks, readable by scripts', () => {
    const c = parseSetCookie(DJANGO.csrf, NOW)!;
    expect(c).toMatchObject({
      name: 'csrftoken',
      value: '2JNuBa9iTWuUk1b3szmZtaCKFJ1Tf5h2b4ZMzu6JEOQipBZXvSz4kzGQ99BR0hHM',
      path: '/',
      domain: null,
      maxAgeSeconds: 31449600,
      httpOnly: false,
      secure: false,
      sameSite: 'lax',
      deletes: false,
    });
    // curl's jar recorded the same expiry: 1827079328.
    expect(c.expiresAt).toBe(1827079328 * 1000);
  });

  it('sessionid: two weeks, HttpOnly', () => {
    const c = parseSetCookie(DJANGO.session, NOW)!;
    expect(c.name).toBe('sessionid');
    expect(c.value).toBe('dfyy5zla1c6ejqvh1p9l9w1ddbu25k6r');
    expect(c.maxAgeSeconds).toBe(1209600);
    expect(c.expiresAt).toBe(NOW + 1209600 * 1000);
    expect(c.httpOnly).toBe(true);
    expect(c.deletes).toBe(false);
  });

  it('logout: sessionid="" with Max-Age=0 deletes; the quotes are kept as the browser keeps them', () => {
    const c = parseSetCookie(DJANGO.deletion, NOW)!;
    expect(c.name).toBe('sessionid');
    expect(c.value).toBe('""');
    expect(c.emptyValue).toBe(true);
    expect(c.maxAgeSeconds).toBe(0);
    expect(c.deletes).toBe(true);
    expect(c.httpOnly).toBe(false);
  });

  it('SESSION_EXPIRE_AT_BROWSER_CLOSE: no expiry, a session cookie', () => {
    const c = parseSetCookie(DJANGO.browserClose, NOW)!;
    expect(c.expiresAt).toBeNull();
    expect(c.maxAgeSeconds).toBeNull();
    expect(c.deletes).toBe(false);
  });

  it('signed_cookies value survives intact (colons, dashes)', () => {
    const c = parseSetCookie(DJANGO.signed, NOW)!;
    expect(c.value).toBe('eyJjb3VudGVyIjoxfQ:1xWHJv:wXcQxTUXpCKyysZa-25FcGbf4iv8nqQwSBfoZ0UIj7E');
  });
});

describe('parseSetCookie on other frameworks’ deletions', () => {
  it('PHP: PHPSESSID=deleted with a 1970 date and Max-Age=0', () => {
    const c = parseSetCookie('PHPSESSID=deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0', NOW)!;
    expect(c.value).toBe('deleted');
    expect(c.deletes).toBe(true);
    expect(c.emptyValue).toBe(false);
  });

  it('Express clearCookie: empty value, past Expires, no Max-Age', () => {
    const c = parseSetCookie('connect.sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT', NOW)!;
    expect(c.name).toBe('connect.sid');
    expect(c.value).toBe('');
    expect(c.maxAgeSeconds).toBeNull();
    expect(c.expiresAt).toBe(0);
    expect(c.deletes).toBe(true);
  });

  it('Flask/Werkzeug deletion', () => {
    const c = parseSetCookie(
      'session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/',
      NOW,
    )!;
    expect(c.deletes).toBe(true);
    expect(c.httpOnly).toBe(true);
  });

  it('PHP session start: a session cookie', () => {
    const c = parseSetCookie('PHPSESSID=bok6i9d74gmmt6opvhldknthct; path=/', NOW)!;
    expect(c).toMatchObject({ name: 'PHPSESSID', path: '/', expiresAt: null, deletes: false });
  });
});

describe('parseSetCookie rules', () => {
  it('Max-Age wins over Expires, whatever the order', () => {
    const future = 'Wed, 09 Dec 2026 18:02:08 GMT';
    expect(parseSetCookie(`a=1; Max-Age=0; Expires=${future}`, NOW)!.deletes).toBe(true);
    expect(parseSetCookie(`a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60`, NOW)!.expiresAt).toBe(
      NOW + 60_000,
    );
  });

  it('a negative Max-Age deletes; a malformed one is ignored', () => {
    expect(parseSetCookie('a=1; Max-Age=-1', NOW)!.deletes).toBe(true);
    const c = parseSetCookie('a=1; Max-Age=1e3', NOW)!;
    expect(c.maxAgeSeconds).toBeNull();
    expect(c.expiresAt).toBeNull();
  });

  it('attribute names are case-insensitive and the last one wins', () => {
    const c = parseSetCookie('a=1; PATH=/x; path=/y; HTTPONLY; sEcUrE; samesite=STRICT', NOW)!;
    expect(c).toMatchObject({ path: '/y', httpOnly: true, secure: true, sameSite: 'strict' });
  });

  it.each([
    ['None', 'no_restriction'],
    ['lax', 'lax'],
    ['Strict', 'strict'],
    ['bogus', 'unspecified'],
    ['', 'unspecified'],
  ] as const)('SameSite=%s → %s', (attr, expected) => {
    expect(parseSetCookie(`a=1; Secure; SameSite=${attr}`, NOW)!.sameSite).toBe(expected);
  });

  it('Domain loses its leading dot; an empty Domain is ignored', () => {
    expect(parseSetCookie('a=1; Domain=.Example.com', NOW)!.domain).toBe('example.com');
    expect(parseSetCookie('a=1; Domain=', NOW)!.domain).toBeNull();
  });

  it('a relative Path means the default path', () => {
    expect(parseSetCookie('a=1; Path=admin', NOW)!.path).toBeNull();
  });

  it('Partitioned (CHIPS)', () => {
    const c = parseSetCookie('__Host-a=1; Secure; Path=/; SameSite=None; Partitioned', NOW)!;
    expect(c.partitioned).toBe(true);
    expect(c.problems).toEqual([]);
  });

  it('names what browsers would reject', () => {
    expect(parseSetCookie('a=1; SameSite=None', NOW)!.problems).toContain(
      'SameSite=None without Secure: browsers reject it',
    );
    expect(parseSetCookie('__Host-a=1; Secure; Path=/; Domain=example.com', NOW)!.problems!.length).toBe(1);
    expect(parseSetCookie('__Secure-a=1', NOW)!.problems!.length).toBe(1);
  });

  describe('refusalsOf: what keeps a Set-Cookie from becoming a cookie, for a response from a URL', () => {
    const rules = (header: string, url = 'https://app.example.test/login') =>
      refusalsOf(header, url, NOW)?.refusals.map((r) => r.rule);

    it('nothing for a cookie browsers store', () => {
      expect(rules('sessionid=abc; HttpOnly; Path=/; SameSite=Lax')).toEqual([]);
      expect(rules('__Host-sid=abc; Secure; Path=/')).toEqual([]);
      expect(rules('sid=abc; Domain=example.test; Secure')).toEqual([]);
      expect(rules('sid=abc; Secure', 'http://localhost:8000/')).toEqual([]);
      expect(rules('sid=abc; Secure', 'http://127.0.0.1:8000/')).toEqual([]);
    });

    it('the header’s own rules', () => {
      expect(rules('__Host-sid=abc; Path=/')).toEqual(['host-prefix']);
      expect(rules('__Secure-sid=abc')).toEqual(['secure-prefix']);
      expect(rules('sid=abc; SameSite=None')).toEqual(['samesite-none-insecure']);
      expect(rules(`sid=${'x'.repeat(4100)}`)).toEqual(['too-large']);
      expect(rules('sid=a\u0001b')).toEqual(['control-character']);
    });

    it('the request’s rules: Secure over plain http, a Domain the host is not within', () => {
      expect(rules('sid=abc; Secure', 'http://app.example.test/')).toEqual(['secure-from-insecure-origin']);
      expect(rules('sid=abc; Domain=other.test')).toEqual(['domain-mismatch']);
      expect(rules('sid=abc; Domain=ample.test', 'https://example.test/')).toEqual(['domain-mismatch']);
      expect(rules('sid=abc; Domain=github.io', 'https://amy.github.io/')).toEqual(['domain-public-suffix']);
      expect(rules('sid=abc; Domain=127.0.0.2', 'http://127.0.0.1/')).toEqual(['domain-mismatch']);
    });

    it('keeps the name and value, and says whether the header deletes', () => {
      expect(refusalsOf('sessionid=""; Max-Age=0; Secure', 'http://app.example.test/', NOW)).toMatchObject({
        name: 'sessionid',
        value: '""',
        deletes: true,
      });
      expect(refusalsOf('', 'https://a.test/', NOW)).toBeNull();
    });
  });

  it('caps lifetimes at 400 days like browsers', () => {
    const c = parseSetCookie('a=1; Max-Age=999999999', NOW)!;
    expect(c.expiresAt).toBe(NOW + MAX_COOKIE_LIFETIME_MS);
    expect(c.maxAgeSeconds).toBe(999999999);
  });

  it('ignores what browsers ignore', () => {
    expect(parseSetCookie('', NOW)).toBeNull();
    expect(parseSetCookie('=', NOW)).toBeNull();
    expect(parseSetCookie('a=1\u0001', NOW)).toBeNull();
    expect(parseSetCookie(`a=${'x'.repeat(5000)}`, NOW)).toBeNull();
  });

  it('a pair without "=" is a nameless cookie', () => {
    expect(parseSetCookie('justavalue; Path=/', NOW)).toMatchObject({ name: '', value: 'justavalue' });
  });

  it('never throws, on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.integer(), (header, now) => {
        const c = parseSetCookie(header, now);
        if (c) expect(typeof c.deletes).toBe('boolean');
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on header-shaped strings, and Max-Age decides deletion', () => {
    const attr = fc.constantFrom(
      'Expires',
      'Max-Age',
      'Domain',
      'Path',
      'SameSite',
      'Secure',
      'HttpOnly',
      'x',
    );
    const header = fc
      .tuple(fc.string(), fc.string(), fc.array(fc.tuple(attr, fc.string()), { maxLength: 6 }))
      .map(([n, v, attrs]) => [`${n}=${v}`, ...attrs.map(([a, x]) => `${a}=${x}`)].join('; '));
    fc.assert(
      fc.property(header, fc.integer({ min: -1e6, max: 1e6 }), (h, maxAge) => {
        const c = parseSetCookie(`${h}; Max-Age=${maxAge}`, NOW);
        if (c && c.maxAgeSeconds === maxAge) expect(c.deletes).toBe(maxAge <= 0);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('parseCookieDate', () => {
  it.each([
    ['Thu, 01 Jan 1970 00:00:01 GMT', 1000],
    ['Wed, 09 Dec 2026 18:02:08 GMT', Date.UTC(2026, 11, 9, 18, 2, 8)],
    ['Wednesday, 09-Dec-26 18:02:08 GMT', Date.UTC(2026, 11, 9, 18, 2, 8)],
    ['Wed Dec  9 18:02:08 2026', Date.UTC(2026, 11, 9, 18, 2, 8)],
    ['Thursday, 01-Jan-99 00:00:00 GMT', Date.UTC(1999, 0, 1)],
    ['09 December 2026 18:02:08', Date.UTC(2026, 11, 9, 18, 2, 8)],
  ])('%s', (text, expected) => {
    expect(parseCookieDate(text)).toBe(expected);
  });

  it.each([
    '',
    'tomorrow',
    'Wed, 31 Feb 2026 00:00:00 GMT',
    'Wed, 09 Dec 2026 25:00:00 GMT',
    '09 Dec 1500 00:00:00',
  ])('%j is not a date', (text) => {
    expect(parseCookieDate(text)).toBeNull();
  });
});

describe('splitSetCookieHeader', () => {
  it('splits what Firefox joins with newlines, never on the comma of a date', () => {
    const joined = `${DJANGO.csrf}\n${DJANGO.session}`;
    expect(splitSetCookieHeader(joined)).toEqual([DJANGO.csrf, DJANGO.session]);
    expect(splitSetCookieHeader(DJANGO.deletion)).toEqual([DJANGO.deletion]);
    expect(splitSetCookieHeader('a=1\r\n\r\nb=2\n')).toEqual(['a=1', 'b=2']);
  });
});

describe('parseClearSiteData', () => {
  it('reads quoted directives', () => {
    expect(parseClearSiteData('"cookies"')).toEqual(['cookies']);
    expect(parseClearSiteData('"cache", "Cookies", "storage"')).toEqual(['cache', 'cookies', 'storage']);
    expect(parseClearSiteData('"*"')).toEqual(['*']);
    expect(parseClearSiteData('')).toEqual([]);
  });
});
