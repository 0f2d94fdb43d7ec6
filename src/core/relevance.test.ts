import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { CookieSnapshot, Observation } from './observation';
import { cookieMatters, relevanceOf, responseMatters } from './relevance';
import { DEFAULT_RULE_SET, type RuleSet } from './rules';

type Response = Extract<Observation, { kind: 'response' }>;

const AT = Date.UTC(2026, 10, 25, 12);

function response(
  setCookie: string[],
  clearSiteData: string | null = null,
  url = 'http://127.0.0.1:8000/',
): Response {
  return { kind: 'response', at: AT, url, storeId: '0', status: 200, setCookie, clearSiteData };
}

// Byte for byte as Django 3.2 sends them (shared/reference/django-set-cookie.md).
const DJANGO_LOGIN = [
  ' csrftoken=2JNuBa9iPlpiQ3S6QbTzxvWmMbS5nQhLjvms8u7BV2wyfKY4dtnf1zegEAK8VmAU; expires=Wed, 24 Nov 2027 12:00:00 GMT; Max-Age=31449600; Path=/; SameSite=Lax',
  ' sessionid=dfyy5zla1c6ejqvh1p9l9w1ddbu25k6r; expires=Wed, 09 Dec 2026 12:00:00 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax',
];
const DJANGO_LOGOUT = ' sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax';

describe('which responses the tracker needs', () => {
  test('a Django login, a logout and Clear-Site-Data are kept', () => {
    expect(responseMatters(response(DJANGO_LOGIN), DEFAULT_RULE_SET)).toBe(true);
    expect(responseMatters(response([DJANGO_LOGOUT]), DEFAULT_RULE_SET)).toBe(true);
    expect(responseMatters(response([], '"cookies"'), DEFAULT_RULE_SET)).toBe(true);
  });

  test('analytics, preference and load-balancer cookies are dropped', () => {
    const headers = [
      '_ga=GA1.1.1234567890.1764000000; Max-Age=63072000; Path=/; Domain=example.com',
      'theme=dark; Path=/',
      'AWSALB=Yd7xkQ3e; Expires=Wed, 02 Dec 2026 12:00:00 GMT; Path=/',
      'hi0=5f2c9a0d1e7b3c4a8f6e2d1c; Path=/; Max-Age=3600; SameSite=Lax',
    ];
    expect(responseMatters(response(headers, null, 'https://example.com/'), DEFAULT_RULE_SET)).toBe(false);
    expect(responseMatters(response([]), DEFAULT_RULE_SET)).toBe(false);
  });

  test('a session cookie browsers ignore (over 4 KB) is kept: it is the evidence of a refused login', () => {
    const big = `sessionid=${'x'.repeat(4200)}; Path=/`;
    expect(responseMatters(response([big]), DEFAULT_RULE_SET)).toBe(true);
    expect(responseMatters(response([`theme=${'x'.repeat(4200)}`]), DEFAULT_RULE_SET)).toBe(false);
  });

  test('any deletion is kept, whatever the name: the cookie may be pinned later', () => {
    expect(responseMatters(response(['theme=; Max-Age=0; Path=/']), DEFAULT_RULE_SET)).toBe(true);
  });

  test("the site's own pinned and excluded names decide", () => {
    const rules: RuleSet = {
      defaults: DEFAULT_RULE_SET.defaults,
      sites: { '127.0.0.1': { pinned: ['theme'], excluded: ['sessionid', 'csrftoken'] } },
    };
    expect(responseMatters(response(['theme=dark; Path=/']), rules)).toBe(true);
    expect(responseMatters(response(DJANGO_LOGIN), rules)).toBe(false);
    expect(responseMatters(response(DJANGO_LOGIN, null, 'http://localhost/'), rules)).toBe(true);
  });

  test('a cookie-session pair (the value and its .sig) is kept', () => {
    const pair = [
      'app=eyJ1c2VyIjoiYWxpY2UifQ==; Path=/; HttpOnly',
      'app.sig=Qm9iYnlUYWJsZXM; Path=/; HttpOnly',
    ];
    expect(responseMatters(response(pair), DEFAULT_RULE_SET)).toBe(true);
  });

  test('never throws on any header text or URL', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string()),
        fc.option(fc.string(), { nil: null }),
        fc.string(),
        (headers, csd, url) => {
          expect(typeof responseMatters(response(headers, csd, url), DEFAULT_RULE_SET)).toBe('boolean');
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('cookie changes are session evidence for session cookies and companions only', () => {
    const cookie = (name: string, value: string, domain = '127.0.0.1'): CookieSnapshot => ({
      storeId: '0',
      partitionKey: null,
      domain,
      path: '/',
      name,
      value,
      hostOnly: true,
      session: false,
      expiresAt: null,
      httpOnly: false,
      secure: false,
      sameSite: 'lax',
    });
    expect(cookieMatters(cookie('sessionid', 'dfyy5zla1c6ejqvh1p9l9w1ddbu25k6r'), DEFAULT_RULE_SET)).toBe(
      true,
    );
    expect(cookieMatters(cookie('csrftoken', 'jvms8u7BV2wyfKY4dtnf1zegEAK8VmAU'), DEFAULT_RULE_SET)).toBe(
      true,
    );
    expect(
      cookieMatters(cookie('_ga', 'GA1.1.1234567890.1764000000', '.example.com'), DEFAULT_RULE_SET),
    ).toBe(false);
    const rules: RuleSet = {
      defaults: DEFAULT_RULE_SET.defaults,
      sites: { 'example.com': { pinned: ['_ga'] } },
    };
    expect(cookieMatters(cookie('_ga', 'GA1.1.1234567890.1764000000', '.example.com'), rules)).toBe(true);
  });
});

describe('what the background does with an observation as it arrives', () => {
  const cookie = (name: string, value: string): CookieSnapshot => ({
    storeId: '0',
    partitionKey: null,
    domain: '127.0.0.1',
    path: '/',
    name,
    value,
    hostOnly: true,
    session: false,
    expiresAt: null,
    httpOnly: true,
    secure: false,
    sameSite: 'lax',
  });

  test('a session cookie change is evidence, an analytics cookie change only inventory', () => {
    const session = cookie('sessionid', 'dfyy5zla1c6ejqvh1p9l9w1ddbu25k6r');
    const ga = cookie('_ga', 'GA1.1.1234567890.1764000000');
    expect(relevanceOf({ kind: 'cookie-set', at: AT, cookie: session }, DEFAULT_RULE_SET)).toBe('evidence');
    expect(
      relevanceOf({ kind: 'cookie-removed', at: AT, cookie: session, cause: 'explicit' }, DEFAULT_RULE_SET),
    ).toBe('evidence');
    expect(relevanceOf({ kind: 'cookie-set', at: AT, cookie: ga }, DEFAULT_RULE_SET)).toBe('inventory');
  });

  test('a response that teaches nothing is dropped, a login is evidence', () => {
    expect(relevanceOf(response(DJANGO_LOGIN), DEFAULT_RULE_SET)).toBe('evidence');
    expect(relevanceOf(response(['theme=dark; Path=/']), DEFAULT_RULE_SET)).toBe('nothing');
  });

  test('everything else is evidence', () => {
    const activity: Observation = { kind: 'activity', at: AT, url: 'http://x/', source: 'request', count: 3 };
    expect(relevanceOf(activity, DEFAULT_RULE_SET)).toBe('evidence');
    expect(relevanceOf({ kind: 'user-idle', at: AT, state: 'idle' }, DEFAULT_RULE_SET)).toBe('evidence');
  });
});
