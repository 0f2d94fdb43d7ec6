/** Would the browser send this cookie with this request: each rule, and what a partial request may claim. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  pathKey,
  pathMatches,
  type RequestScope,
  type SendableCookie,
  wouldSend,
  wouldSendAny,
} from './cookie-sendable';

const RUNS = Number(process.env.FC_RUNS ?? 10000);

const APP = 'http://app.example.test:8000';
const base: SendableCookie = {
  storeId: '0',
  partitionKey: null,
  domain: 'app.example.test',
  path: '/',
  hostOnly: true,
  secure: false,
  sameSite: 'lax',
};
const cookie = (over: Partial<SendableCookie> = {}): SendableCookie => ({ ...base, ...over });
/** A same-site subresource of an app.example.test page in Chrome's normal store: everything known. */
const req = (over: Partial<RequestScope> = {}): RequestScope => ({
  url: `${APP}/read`,
  storeId: '0',
  initiator: APP,
  type: 'xmlhttprequest',
  method: 'GET',
  topLevel: `${APP}/`,
  ...over,
});
const verdict = (c: SendableCookie, r: RequestScope) => wouldSend(c, r).verdict;

describe('store, host and path', () => {
  test('a host-only cookie is not sent to a sibling host of its site', () => {
    const v = wouldSend(cookie(), req({ url: 'http://static.example.test:8000/app.css' }));
    expect(v).toMatchObject({ verdict: 'no', rule: 'domain' });
    expect(v.reason).toMatch(/host-only/);
  });

  test('a domain cookie is sent to every host under its domain, and to no other', () => {
    const c = cookie({ domain: '.example.test', hostOnly: false });
    expect(verdict(c, req({ url: 'http://static.example.test:8000/x' }))).toBe('yes');
    expect(verdict(c, req({ url: 'http://example.test/x' }))).toBe('yes');
    expect(verdict(c, req({ url: 'http://notexample.test/x' }))).toBe('no');
  });

  test('another cookie store (a container, a private window) never gets it', () => {
    const v = wouldSend(cookie({ storeId: 'firefox-default' }), req({ storeId: 'firefox-container-1' }));
    expect(v).toMatchObject({ verdict: 'no', rule: 'store' });
    expect(verdict(cookie(), req({ storeId: '1' }))).toBe('no');
  });

  test('a request that does not say its store decides nothing about it', () => {
    const { storeId: _omit, ...rest } = req();
    expect(wouldSend(cookie(), rest)).toMatchObject({ verdict: 'unknown', rule: 'store' });
  });

  test('path-match as RFC 6265 defines it', () => {
    expect(pathMatches('/app', '/app')).toBe('yes');
    expect(pathMatches('/app/x', '/app')).toBe('yes');
    expect(pathMatches('/app/x', '/app/')).toBe('yes');
    expect(pathMatches('/application', '/app')).toBe('no');
    expect(pathMatches('/', '/app')).toBe('no');
    expect(verdict(cookie({ path: '/admin' }), req())).toBe('no');
  });

  test('a path cut short decides only for cookie paths no deeper than what was kept', () => {
    expect(pathKey('/static/css/site.css')).toBe('/static/css/…');
    expect(pathKey('/static/css/')).toBe('/static/css/');
    expect(pathKey('/a')).toBe('/a');
    expect(pathKey('/static/css/…', 1)).toBe('/static/…');
    expect(pathKey('/a.js', 0)).toBe('/…');
    expect(pathKey('/', 0)).toBe('/');
    expect(pathMatches('/static/css/…', '/static')).toBe('yes');
    expect(pathMatches('/static/css/…', '/static/css/deep')).toBe('unknown');
    expect(pathMatches('/static/css/…', '/media')).toBe('no');
  });

  test('several paths: sent when any one is', () => {
    const c = cookie({ path: '/app' });
    expect(wouldSendAny(c, req(), ['/static/x', '/app/y']).verdict).toBe('yes');
    expect(wouldSendAny(c, req(), ['/static/x', '/media/y'])).toMatchObject({ verdict: 'no', rule: 'path' });
  });
});

describe('Secure', () => {
  test('not sent over plain http to a host that is not local', () => {
    expect(wouldSend(cookie({ secure: true }), req())).toMatchObject({ verdict: 'no', rule: 'secure' });
    const https = 'https://app.example.test';
    expect(
      verdict(cookie({ secure: true }), req({ url: `${https}/read`, initiator: https, topLevel: https })),
    ).toBe('yes');
  });

  test('sent over plain http to localhost and loopback addresses', () => {
    for (const host of ['localhost', '127.0.0.1', '[::1]']) {
      const url = `http://${host}:8000/x`;
      const c = cookie({ secure: true, domain: host.replace(/[[\]]/g, '') });
      expect(verdict(c, req({ url, initiator: `http://${host}:8000`, topLevel: url }))).toBe('yes');
    }
  });
});

describe('SameSite', () => {
  const OTHER = 'https://elsewhere.test';
  test('Strict: not sent when another site starts the navigation; sent when the user typed the address', () => {
    const strict = cookie({ sameSite: 'strict' });
    const nav = { type: 'main_frame', url: `${APP}/`, topLevel: `${APP}/` } as const;
    expect(verdict(strict, req({ ...nav, initiator: OTHER }))).toBe('no');
    expect(verdict(strict, req({ ...nav, initiator: null }))).toBe('yes');
    const { initiator: _omit, ...unknownInitiator } = req(nav);
    expect(wouldSend(strict, unknownInitiator)).toMatchObject({ verdict: 'unknown', rule: 'same-site' });
  });

  test('Lax: sent on a cross-site GET navigation, not on a cross-site POST or subresource', () => {
    const lax = cookie();
    const nav = { type: 'main_frame', url: `${APP}/`, topLevel: `${APP}/`, initiator: OTHER } as const;
    expect(verdict(lax, req({ ...nav, method: 'GET' }))).toBe('yes');
    expect(verdict(lax, req({ ...nav, method: 'POST' }))).toBe('no');
    expect(verdict(lax, req({ initiator: OTHER, topLevel: OTHER, type: 'image' }))).toBe('no');
    expect(verdict(lax, req({ initiator: OTHER, topLevel: OTHER, type: 'sub_frame' }))).toBe('no');
  });

  test('a same-site frame inside another site is a cross-site context', () => {
    expect(verdict(cookie(), req({ topLevel: OTHER }))).toBe('no');
    expect(
      verdict(
        cookie({ sameSite: 'no_restriction', secure: true }),
        req({ url: 'https://app.example.test/', topLevel: OTHER, initiator: 'https://app.example.test' }),
      ),
    ).toBe('yes');
  });

  test('no SameSite: Lax in Chrome, not known in Firefox (a preference decides)', () => {
    const cross = { initiator: OTHER, topLevel: OTHER, type: 'image' } as const;
    expect(verdict(cookie({ sameSite: 'unspecified' }), req(cross))).toBe('no');
    const ff = cookie({ sameSite: 'unspecified', storeId: 'firefox-default' });
    const v = wouldSend(ff, req({ ...cross, storeId: 'firefox-default' }));
    expect(v.verdict).toBe('unknown');
    expect(v.reason).toMatch(/no SameSite: whether the browser treats it as Lax or None is not known/);
  });

  test('http and https of one site: cross-site in Chrome, not known in Firefox', () => {
    const strict = cookie({ sameSite: 'strict', domain: '.example.test', hostOnly: false });
    const r = req({ url: 'https://app.example.test/x', initiator: APP, topLevel: APP });
    expect(verdict(strict, r)).toBe('no');
    const ff = { ...strict, storeId: 'firefox-default' };
    expect(verdict(ff, { ...r, storeId: 'firefox-default' })).toBe('unknown');
  });
});

describe('partitions', () => {
  const chips = cookie({
    partitionKey: 'https://example.test',
    secure: true,
    sameSite: 'no_restriction',
    domain: 'widget.test',
  });
  const embedded = (top: string) =>
    req({ url: 'https://widget.test/w', initiator: top, topLevel: top, type: 'sub_frame' });

  test('a partitioned cookie is sent only under its own top-level site', () => {
    expect(verdict(chips, embedded('https://app.example.test'))).toBe('yes');
    expect(wouldSend(chips, embedded('https://other.test'))).toMatchObject({
      verdict: 'no',
      rule: 'partition',
    });
    const { topLevel: _omit, ...unknownTop } = embedded('https://app.example.test');
    expect(wouldSend(chips, unknownTop)).toMatchObject({ verdict: 'unknown', rule: 'partition' });
  });

  test('an unpartitioned cookie in a third-party frame: Chrome sends it, Firefox only with storage access', () => {
    const none = cookie({ domain: 'widget.test', secure: true, sameSite: 'no_restriction' });
    expect(verdict(none, embedded('https://other.test'))).toBe('yes');
    const ff = { ...none, storeId: 'firefox-default' };
    expect(wouldSend(ff, { ...embedded('https://other.test'), storeId: 'firefox-default' })).toMatchObject({
      verdict: 'unknown',
      rule: 'third-party',
    });
    expect(verdict({ ...none, storeId: '1' }, { ...embedded('https://other.test'), storeId: '1' })).toBe(
      'unknown',
    );
  });
});

// ── properties ────────────────────────────────────────────────────────────

const HOSTS = [
  'app.example.test',
  'static.example.test',
  'example.test',
  'other.test',
  'localhost',
  '127.0.0.1',
];
const PATHS = ['/', '/app', '/app/', '/app/x', '/application', '/a/b/c/d', '/static/css/x.css'];
const STORES = ['0', '1', 'firefox-default', 'firefox-container-1'];
const origin = fc
  .tuple(fc.constantFrom('http', 'https'), fc.constantFrom(...HOSTS))
  .map(([s, h]) => `${s}://${h}`);

const cookieArb: fc.Arbitrary<SendableCookie> = fc
  .record({
    host: fc.constantFrom(...HOSTS),
    domainCookie: fc.boolean(),
    path: fc.constantFrom('/', '/app', '/app/', '/a/b/c', '/static'),
    storeId: fc.constantFrom(...STORES),
    partitionKey: fc.constantFrom(null, 'https://example.test', 'https://other.test', 'http://example.test'),
    secure: fc.boolean(),
    sameSite: fc.constantFrom('no_restriction', 'lax', 'strict', 'unspecified'),
  })
  .map(({ host, domainCookie, ...rest }) => {
    const dot = domainCookie && !/^\d/.test(host);
    return { ...rest, domain: dot ? `.${host}` : host, hostOnly: !dot } as SendableCookie;
  });

/** A request with everything known, consistent: a navigation's top level is itself. */
const fullRequest: fc.Arbitrary<Required<RequestScope>> = fc
  .record({
    origin,
    path: fc.constantFrom(...PATHS),
    storeId: fc.constantFrom(...STORES),
    initiator: fc.option(fc.oneof(origin, fc.constant('null')), { nil: null }),
    type: fc.constantFrom('main_frame', 'sub_frame', 'image', 'xmlhttprequest'),
    method: fc.constantFrom('GET', 'POST'),
    topLevel: origin,
  })
  .map(({ origin: o, path, ...rest }) => {
    const url = `${o}${path}`;
    return { ...rest, url, topLevel: rest.type === 'main_frame' ? url : rest.topLevel };
  });

const OPTIONAL = ['storeId', 'initiator', 'type', 'method', 'topLevel'] as const;

describe('properties', () => {
  test('knowing less never changes an answer, it only makes it unknown', () => {
    fc.assert(
      fc.property(cookieArb, fullRequest, fc.subarray([...OPTIONAL]), (c, full, drop) => {
        const partial: RequestScope = { ...full };
        for (const key of drop) delete partial[key];
        const known = verdict(c, full);
        const guessed = verdict(c, partial);
        expect([known, 'unknown']).toContain(guessed);
      }),
      { numRuns: RUNS },
    );
  });

  test('a path cut short never changes an answer, it only makes it unknown', () => {
    fc.assert(
      fc.property(cookieArb, fullRequest, (c, full) => {
        const path = new URL(full.url).pathname;
        for (const depth of [2, 1, 0]) {
          const cut = wouldSendAny(c, full, [pathKey(path, depth)]).verdict;
          expect([verdict(c, full), 'unknown']).toContain(cut);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('never sent to another store, to a host outside its domain, or over http when Secure and not local', () => {
    fc.assert(
      fc.property(cookieArb, fullRequest, (c, r) => {
        const u = new URL(r.url);
        const host = u.hostname;
        const inDomain = c.hostOnly
          ? host === c.domain
          : host === c.domain.slice(1) || host.endsWith(c.domain);
        const insecure = c.secure && u.protocol === 'http:' && host !== 'localhost' && host !== '127.0.0.1';
        if (r.storeId !== c.storeId || !inDomain || insecure) expect(verdict(c, r)).toBe('no');
      }),
      { numRuns: RUNS },
    );
  });

  test('every answer but yes gives its rule and a reason', () => {
    fc.assert(
      fc.property(cookieArb, fullRequest, fc.subarray([...OPTIONAL]), (c, full, drop) => {
        const partial: RequestScope = { ...full };
        for (const key of drop) delete partial[key];
        const v = wouldSend(c, partial);
        if (v.verdict === 'yes') expect(v.rule).toBeNull();
        else {
          expect(v.rule).not.toBeNull();
          expect(v.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
