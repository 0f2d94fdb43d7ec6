/**
 * The core as a whole against what a hostile or broken website can hand it: cookie names and values
 * carrying HTML and script, 4 KB values, malformed percent-encoding, lone surrogates, absurd attributes,
 * 180 cookies on one domain and 3,000 in all, punycode domains, IPv6 hosts, partitioned cookies.
 * Nothing here may throw, hang, lose a cookie, mangle hostile text (views escape it, the core keeps it
 * literal) or leak a cookie value into a report the user did not ask to include values in.
 *
 * FC_RUNS sets the case count of the fast properties (CI default below); `node scripts/fuzz.mjs` runs
 * them at 200,000.
 */
import fc from 'fast-check';
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ExportDocument, ExportSite } from './contract';
import { cookieId, parseCookieId } from './cookie-id';
import { type Decoded, decode } from './decode';
import { toCsv, toExportDocument, toTrace } from './export';
import { valueHash } from './hash';
import { MAX_IMPORT_BYTES, parseImport, parseImportText } from './import';
import type { CookieCause, CookieSnapshot, Millis, Observation, SameSite } from './observation';
import { type DecoderName, recognize } from './recognize';
import { DEFAULT_RULE_SET, type RuleSet } from './rules';
import { parseClearSiteData, parseSetCookie } from './set-cookie';
import { siteOf, siteOfCookie, siteOfUrl } from './site';
import { Tracker } from './tracker';

const RUNS = Number(process.env.FC_RUNS ?? 10_000);
const SEQUENCE_RUNS = RUNS;

const NOW: Millis = Date.UTC(2026, 10, 26, 12, 0, 0);
/** The largest time a JS Date can hold: an expiry beyond it makes `toISOString()` throw. */
const MAX_DATE = 8.64e15;

const DECODERS: DecoderName[] = ['django-signed', 'flask', 'cookie-session', 'jwt', 'spring'];

/** Payloads a hostile site writes into cookie names, values and headers. */
const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<img src=x onerror=window.__pwned=1>',
  '</script><script>window.__pwned=1</script>',
  '"><svg onload=window.__pwned=1>',
  "'><iframe srcdoc='<script>parent.__pwned=1</script>'>",
  'javascript:window.__pwned=1',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '<a href="javascript:alert(1)">x</a>',
  '<style>*{display:none!important}</style>',
  '{{constructor.constructor("alert(1)")()}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection payload, meant literally.
  '${alert(1)}',
  '&lt;b&gt;entity&lt;/b&gt;',
  '<!--',
  ']]>',
  '%E0%A4%A',
  '%',
  '%%',
  '%ZZ',
  '%C0%AF',
  '%ED%A0%80',
  '%FF%FE%FD',
  '%uD800',
  '\uD800',
  '\uDFFF',
  'a\uDC00\uD800b',
  '\u0000',
  '\u202Egnp.exe',
  '\uFEFF',
  '\r\nSet-Cookie: injected=1',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '=HYPERLINK("http://evil.test","x")',
  '+cmd|"/c calc"!A1',
  '-2+3',
  '@SUM(1+1)',
  '|',
  '%7C',
  'a|b|c|d|e',
  '',
  ' ',
  '.',
  '..',
  'x'.repeat(4096),
];

const hex = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: min, maxLength: max });
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const percentJunk = fc
  .tuple(fc.constantFrom('%', '%%', '%0', '%G', '%C3', '%E2%82', '%F0%9F%98'), hex(0, 2))
  .map(([a, b]) => a + b);
/** One "character" of hostile text: any code point, a lone surrogate, control chars, HTML and separator bits. */
const hostileUnit = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: loneSurrogate },
  { weight: 2, arbitrary: percentJunk },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '<',
      '>',
      '"',
      "'",
      '&',
      ';',
      '=',
      ',',
      '|',
      '\\',
      '/',
      '\n',
      '\r',
      '\t',
      '\0',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(...PAYLOADS.filter((p) => p.length < 100)) },
);
const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PAYLOADS) },
  { weight: 10, arbitrary: fc.string({ unit: hostileUnit, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: hostileUnit, minLength: 1000, maxLength: 4096 }) },
);

const host = fc.oneof(
  fc.domain(),
  fc.ipV4(),
  fc.ipV6().map((v6) => `[${v6}]`),
  fc.ipV6(),
  fc.constantFrom(
    'localhost',
    'app.localhost',
    'bücher.example.de',
    'xn--bcher-kva.example.de',
    'пример.рф',
    'xn--e1afmkfd.xn--p1ai',
    '例え.テスト',
    'alice.github.io',
    'co.uk',
    '[::1]',
    '::ffff:127.0.0.1',
    '0x7f.1',
    '127.1',
    '.example.com',
    'example.com.',
    '..',
    '[',
    ']',
    '',
  ),
  hostileText,
);

const sameSite = fc.constantFrom<SameSite>('no_restriction', 'lax', 'strict', 'unspecified');
const cause = fc.constantFrom<CookieCause>(
  'explicit',
  'overwrite',
  'expired',
  'expired_overwrite',
  'evicted',
);
const storeId = fc.constantFrom('0', '1', 'firefox-default', 'firefox-private', 'firefox-container-3');
const time = fc.integer({ min: NOW - 86_400_000, max: NOW });

function cookieArb(name: fc.Arbitrary<string> = hostileText): fc.Arbitrary<CookieSnapshot> {
  return fc.record({
    storeId,
    partitionKey: fc.option(fc.oneof(fc.constant('https://top.example'), hostileText), { nil: null }),
    domain: host,
    path: fc.oneof(fc.constant('/'), hostileText),
    name: fc.oneof(fc.constant('sessionid'), name),
    value: hostileText,
    hostOnly: fc.boolean(),
    session: fc.boolean(),
    expiresAt: fc.option(fc.integer({ min: 0, max: MAX_DATE }), { nil: null }),
    httpOnly: fc.boolean(),
    secure: fc.boolean(),
    sameSite,
  });
}

const setCookieHeader = fc.oneof(
  hostileText,
  fc
    .tuple(
      hostileText,
      hostileText,
      fc.array(
        fc.oneof(
          fc.constantFrom(
            'Max-Age=0',
            'Max-Age=-1',
            'Max-Age=99999999999999999999999',
            'Max-Age=1e400',
            'Max-Age=NaN',
            'Max-Age=',
            'Expires=Thu, 01 Jan 1970 00:00:00 GMT',
            'Expires=Fri, 31 Dec 275760 23:59:59 GMT',
            'Expires=garbage',
            'Expires=',
            'Domain=',
            'Domain=.',
            'Domain=..example.com',
            'Domain=[::1]',
            'Domain=xn--bcher-kva.example',
            'Path=',
            'Path=<script>',
            'Secure',
            'HttpOnly',
            'Partitioned',
            'SameSite=None',
            'SameSite=<b>',
            'SameSite',
            ';;;;',
          ),
          hostileText,
        ),
        { maxLength: 8 },
      ),
    )
    .map(([n, v, attrs]) => [`${n}=${v}`, ...attrs].join('; ')),
);

const observation: fc.Arbitrary<Observation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('cookie-set' as const), at: time, cookie: cookieArb() }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('cookie-removed' as const),
      at: time,
      cookie: cookieArb(),
      cause,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('response' as const),
      at: time,
      url: fc.oneof(
        fc.webUrl(),
        host.map((h) => `https://${h}/`),
        hostileText,
      ),
      storeId: fc.option(storeId, { nil: null }),
      status: fc.integer({ min: 0, max: 999 }),
      setCookie: fc.array(setCookieHeader, { maxLength: 5 }),
      clearSiteData: fc.option(
        fc.oneof(fc.constantFrom('"cookies"', '"*"', '*', '"storage", "cookies"'), hostileText),
        {
          nil: null,
        },
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('activity' as const),
      at: time,
      url: fc.oneof(fc.webUrl(), hostileText, fc.constant('javascript:alert(1)')),
      source: fc.constantFrom('request' as const, 'navigation' as const),
      count: fc.integer({ min: 1, max: 1000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('tab' as const),
      at: time,
      url: fc.oneof(fc.webUrl(), hostileText),
      change: fc.constantFrom('opened' as const, 'closed' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('user-idle' as const),
      at: time,
      state: fc.constantFrom('active' as const, 'idle' as const, 'locked' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('startup' as const),
      at: time,
      reason: fc.constantFrom('browser-restart' as const, 'extension-start' as const),
      lastSeenAt: fc.option(time, { nil: null }),
      cookies: fc.array(cookieArb(), { maxLength: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('user-action' as const),
      at: time,
      action: fc.constantFrom('end-session' as const, 'simulate-browser-close' as const),
      site: hostileText,
      sessionId: fc.option(hostileText, { nil: null }),
    }),
  },
);

/** Observations in time order, as the background hands them to the Tracker. */
const observations = fc
  .array(observation, { maxLength: 30 })
  .map((list) => [...list].sort((a, b) => a.at - b.at));

function ruleSetPinning(names: string[]): RuleSet {
  return { ...DEFAULT_RULE_SET, defaults: { ...DEFAULT_RULE_SET.defaults, pinned: names } };
}

function run(list: readonly Observation[], ruleSet: RuleSet = DEFAULT_RULE_SET): Tracker {
  const tracker = new Tracker(ruleSet);
  for (const o of list) tracker.apply(o);
  return tracker;
}

function documentOf(sites: ExportSite[], ruleSet: RuleSet = DEFAULT_RULE_SET): ExportDocument {
  return toExportDocument(sites, {
    now: NOW,
    browser: { name: 'chrome', version: '156' },
    rules: ruleSet,
    restarts: [],
  });
}

/** Every field whose name ends in `At` (or is `at`) holds a real ISO-8601 time or null. */
function expectValidTimes(value: unknown): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (v !== null && typeof v === 'object') {
      for (const [k, inner] of Object.entries(v)) {
        if ((k === 'at' || /At$/.test(k)) && inner !== null) {
          expect(typeof inner, k).toBe('string');
          expect(Number.isNaN(Date.parse(inner as string)), `${k}: ${String(inner)}`).toBe(false);
        }
        stack.push(inner);
      }
    }
  }
}

function expectNeverThrowsDecoded(d: Decoded, decoder: DecoderName): void {
  expect(d.decoder).toBe(decoder);
  if (d.ok) {
    expect(d.data).toBeTypeOf('object');
    expect(() => JSON.stringify(d.data)).not.toThrow();
  } else {
    expect(d.reason).toBeTypeOf('string');
    expect(d.reason.length).toBeGreaterThan(0);
  }
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

describe('hostile input: sites and cookie identity', () => {
  it('siteOf, siteOfUrl and siteOfCookie never throw on hostile hosts and URLs', () => {
    fc.assert(
      fc.property(
        host,
        fc.oneof(
          fc.webUrl(),
          hostileText,
          host.map((h) => `http://${h}:8000/x`),
        ),
        (h, url) => {
          expect(siteOf(h)).toBeTypeOf('string');
          expect(siteOfCookie({ domain: h })).toBeTypeOf('string');
          const s = siteOfUrl(url);
          expect(s === null || typeof s === 'string').toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('URLs that are not websites have no site (javascript:, data:, extension pages)', () => {
    for (const url of [
      'javascript:window.__pwned=1',
      'JaVaScRiPt:alert(1)//https://example.com/',
      'data:text/html,<script>alert(1)</script>',
      'chrome-extension://abcdefghijklmnopabcdefghijklmnop/src/popup/index.html',
      'moz-extension://0b6e0e1c-0000-4000-8000-000000000000/src/popup/index.html',
      'about:blank',
      'file:///etc/passwd',
    ]) {
      expect(siteOfUrl(url), url).toBeNull();
    }
  });

  it('punycode and Unicode spellings of one domain, and IPv6 with or without brackets, are one site', () => {
    expect(siteOf('www.bücher.example.de')).toBe(siteOf('www.xn--bcher-kva.example.de'));
    expect(siteOf('пример.рф')).toBe(siteOf('xn--e1afmkfd.xn--p1ai'));
    expect(siteOf('[::1]')).toBe(siteOf('::1'));
    expect(siteOfUrl('http://[::1]:8000/')).toBe(siteOf('::1'));
    expect(siteOfUrl('http://[2001:db8::1]/')).toBe(siteOf('2001:db8::1'));
  });

  it('cookie ids round-trip for any store, partition, domain, path and name, separators included', () => {
    fc.assert(
      fc.property(cookieArb(), (c) => {
        const key = {
          storeId: c.storeId,
          partitionKey: c.partitionKey,
          domain: c.domain,
          path: c.path,
          name: c.name,
        };
        expect(parseCookieId(cookieId(key))).toEqual(key);
      }),
      { numRuns: RUNS },
    );
  });

  it('value hashes are 12 hex characters for any value, lone surrogates and 4 KB included', () => {
    fc.assert(
      fc.property(hostileText, (v) => {
        expect(valueHash(v)).toMatch(/^[0-9a-f]{12}$/);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('hostile input: recognizers and decoders', () => {
  it('recognize never throws and answers a well-formed recognition for any name, value and siblings', () => {
    fc.assert(
      fc.property(
        hostileText,
        hostileText,
        fc.array(hostileText, { maxLength: 5 }),
        fc.array(hostileText, { maxLength: 3 }),
        (name, value, siblings, other) => {
          const r = recognize({ name, value, siblings, pinned: other, excluded: [] });
          expect(r.confidence).toBeGreaterThanOrEqual(0);
          expect(r.confidence).toBeLessThanOrEqual(1);
          expect(Array.isArray(r.evidence)).toBe(true);
          for (const e of r.evidence) expect(e).toBeTypeOf('string');
          expect(['session', 'companion', 'other']).toContain(r.role);
          // The user's word wins over recognition, whatever the name.
          expect(recognize({ name, value, siblings, pinned: [name] }).session).toBe(true);
          expect(recognize({ name, value, siblings, excluded: [name] }).session).toBe(false);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('every decoder returns a value or a reason, never throws, on any string', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DECODERS), hostileText, (decoder, value) => {
        expectNeverThrowsDecoded(decode(decoder, value), decoder);
      }),
      { numRuns: RUNS },
    );
  });

  it('decoders never throw on values shaped like what they decode, with hostile parts', () => {
    const part = fc.oneof(
      hostileText,
      hostileText.map(base64url),
      fc.jsonValue().map((j) => base64url(JSON.stringify(j))),
      fc.constantFrom('.', '.eJw', '.eJwDAAAAAAE', 'e30', 'eyJhbGciOiJub25lIn0', '====', '-_-_'),
    );
    const shaped = fc.oneof(
      fc.array(part, { minLength: 2, maxLength: 4 }).map((p) => p.join('.')),
      fc.array(part, { minLength: 2, maxLength: 4 }).map((p) => p.join(':')),
      fc.tuple(part, part).map(([a, b]) => `s:${a}.${b}`),
      fc.tuple(part, part).map(([a, b]) => `.${a}:${b}:${b}`),
    );
    fc.assert(
      fc.property(fc.constantFrom(...DECODERS), shaped, (decoder, value) => {
        expectNeverThrowsDecoded(decode(decoder, value), decoder);
      }),
      { numRuns: RUNS },
    );
  });

  it('decoders survive deep nesting and a decompression bomb', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const deepObject = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const jwtDeep = `${base64url('{"alg":"none"}')}.${base64url(deepObject)}.`;
    // 4 MB of one character in a zlib payload that fits a cookie, as Django's signed_cookies would carry it.
    const bomb = `.${Buffer.from(zlibOf(`"${'a'.repeat(4_000_000)}"`)).toString('base64url')}:1tDmXb:sig`;
    for (const decoder of DECODERS) {
      for (const value of [deep, deepObject, jwtDeep, bomb, base64url(deep)]) {
        expectNeverThrowsDecoded(decode(decoder, value), decoder);
      }
    }
  });

  it('a JWT whose claims carry script keeps them as literal text', () => {
    for (const payload of PAYLOADS.filter((p) => p.length < 200 && !/[\uD800-\uDFFF]/.test(p))) {
      const token = `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url(JSON.stringify({ sub: payload, exp: 4102444800 }))}.c2ln`;
      const d = decode('jwt', token);
      if (!d.ok) continue; // The decoder placeholder may not decode yet; the never-throw properties still hold.
      expect(JSON.stringify(d.data)).toContain(JSON.stringify(payload).slice(1, -1));
    }
  });
});

describe('hostile input: response headers', () => {
  it('parseSetCookie never throws and gives finite times or null for any header', () => {
    fc.assert(
      fc.property(setCookieHeader, time, (header, now) => {
        const p = parseSetCookie(header, now);
        if (p === null) return;
        expect(p.name).toBeTypeOf('string');
        expect(p.value).toBeTypeOf('string');
        expect(p.deletes).toBeTypeOf('boolean');
        expect(p.expiresAt === null || Number.isFinite(p.expiresAt)).toBe(true);
        expect(p.maxAgeSeconds === null || Number.isFinite(p.maxAgeSeconds)).toBe(true);
        expect(p.domain === null || typeof p.domain === 'string').toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('a Set-Cookie with script in its name and value is parsed literally', () => {
    const p = parseSetCookie('<script>x</script>=<img src=x onerror=alert(1)>; Path=/; HttpOnly', NOW);
    expect(p?.name).toBe('<script>x</script>');
    expect(p?.value).toBe('<img src=x onerror=alert(1)>');
    expect(p?.httpOnly).toBe(true);
  });

  it('parseClearSiteData never throws and returns plain strings', () => {
    fc.assert(
      fc.property(hostileText, (header) => {
        const d = parseClearSiteData(header);
        expect(Array.isArray(d)).toBe(true);
        for (const x of d) expect(x).toBeTypeOf('string');
      }),
      { numRuns: RUNS },
    );
  });
});

describe('hostile input: the tracker and its exports', () => {
  it('any sequence of hostile observations gives a report, JSON, CSV and trace export, with valid times', () => {
    fc.assert(
      fc.property(observations, fc.array(hostileText, { maxLength: 3 }), (list, pinned) => {
        const ruleSet = ruleSetPinning(pinned);
        const tracker = run(list, ruleSet);
        const sites = tracker.report(NOW);
        expect(JSON.parse(JSON.stringify(sites))).toEqual(sites);
        expectValidTimes(sites);
        const doc = documentOf(sites, ruleSet);
        expect(toCsv(doc)).toBeTypeOf('string');
        expect(() => JSON.stringify(toTrace(doc))).not.toThrow();
        // A worker that wakes rebuilds from the stored state: that must survive hostile input too.
        const revived = new Tracker(ruleSet, JSON.parse(JSON.stringify(tracker.state())));
        expect(revived.report(NOW)).toEqual(sites);
        for (const site of sites) {
          expect(tracker.siteState(site.site, NOW) ?? 'none').toMatch(/^(active|idle|ended|none)$/);
          for (const s of site.sessions) expect(tracker.findSession(s.id) ?? {}).toBeTypeOf('object');
        }
        tracker.prune({ maxEventsPerSite: 3, maxAgeDays: 1 }, NOW);
        expect(() => tracker.report(NOW)).not.toThrow();
      }),
      { numRuns: SEQUENCE_RUNS },
    );
  });

  it('cookie values never appear in reports or exports unless values are asked for', () => {
    const secret = hex(24, 24).map((h) => `sEcReT${h}`);
    fc.assert(
      fc.property(
        observations,
        fc.array(fc.tuple(cookieArb(), secret), { minLength: 1, maxLength: 6 }),
        (list, sets) => {
          const pinned = sets.map(([c]) => c.name);
          const ruleSet = ruleSetPinning(pinned);
          const withSecrets: Observation[] = [
            ...list,
            ...sets.map(
              ([c, value], i): Observation => ({
                kind: 'cookie-set',
                at: NOW - 1000 + i,
                cookie: { ...c, value },
              }),
            ),
          ].sort((a, b) => a.at - b.at);
          const tracker = run(withSecrets, ruleSet);
          const masked = tracker.report(NOW);
          const doc = documentOf(masked, ruleSet);
          const outputs = [JSON.stringify(masked), toCsv(doc), JSON.stringify(toTrace(doc))];
          for (const [, value] of sets) for (const out of outputs) expect(out).not.toContain(value);
          for (const site of masked)
            for (const s of site.sessions) expect(s.cookie).not.toHaveProperty('value');
        },
      ),
      { numRuns: SEQUENCE_RUNS },
    );
  });

  it('a session cookie named and valued with script keeps its name literally, and its value when asked for', () => {
    const names = PAYLOADS.filter((p) => p.trim() !== '' && p.length < 200);
    const list: Observation[] = names.map((name, i) => ({
      kind: 'cookie-set',
      at: NOW - 10_000 + i,
      cookie: snapshot({ domain: 'hostile.test', name, value: `${name}-value` }),
    }));
    const tracker = run(list, ruleSetPinning(names));
    const sessions = tracker.report(NOW).flatMap((s) => s.sessions);
    expect(sessions.map((s) => s.cookie.name).sort()).toEqual([...names].sort());
    const withValues = tracker.report(NOW, { includeValues: true }).flatMap((s) => s.sessions);
    for (const s of withValues) expect(s.cookie.value).toBe(`${s.cookie.name}-value`);
  });

  it('180 cookies on one domain and 3,000 in all (punycode, IPv6, partitioned, private) stay distinct sessions', () => {
    const domains = [
      'many.example',
      'xn--bcher-kva.example',
      'bücher-two.example',
      '[::1]',
      '2001:db8::1',
      '127.0.0.1',
      'localhost',
      'app.localhost',
      'alice.github.io',
      'bob.github.io',
      'xn--e1afmkfd.xn--p1ai',
      'deep.sub.example.co.uk',
      'a.example',
      'b.example',
      'c.example',
      'd.example',
      'e.example',
    ];
    const list: Observation[] = [];
    let at = NOW - 3_600_000;
    for (const domain of domains) {
      for (let i = 0; i < 180; i++) {
        // Same name everywhere: only the path tells them apart, as the browser's identity does.
        list.push({
          kind: 'cookie-set',
          at: at++,
          cookie: snapshot({ domain, path: `/p${i}`, value: `v${i}` }),
        });
      }
    }
    // The same cookie in two partitions and in the private store is three cookies, not one.
    const partitioned = (partitionKey: string | null, store: string): Observation => ({
      kind: 'cookie-set',
      at: at++,
      cookie: snapshot({ domain: 'embed.example', partitionKey, storeId: store, value: `${partitionKey}` }),
    });
    list.push(partitioned('https://top-one.example', '0'), partitioned('https://top-two.example', '0'));
    list.push(partitioned(null, '0'), partitioned(null, '1'));
    const tracker = run(list);
    const sites = tracker.report(NOW);
    const sessions = sites.flatMap((s) => s.sessions);
    expect(sessions.length).toBe(domains.length * 180 + 4);
    expect(new Set(sessions.map((s) => s.id)).size).toBe(sessions.length);
    const many = sites.find((s) => s.site === 'many.example');
    expect(many?.sessions.length).toBe(180);
    const embed = sites.filter((s) => s.site === 'embed.example').flatMap((s) => s.sessions);
    expect(embed.map((s) => `${s.cookie.storeId}|${s.cookie.partitionKey}`).sort()).toEqual([
      '0|https://top-one.example',
      '0|https://top-two.example',
      '0|null',
      '1|null',
    ]);
    const doc = documentOf(sites);
    expect(toCsv(doc).length).toBeGreaterThan(0);
  });

  it('a site that sends an expiry beyond what a Date can hold does not break the report', () => {
    const list: Observation[] = [
      {
        kind: 'cookie-set',
        at: NOW - 2000,
        cookie: snapshot({ domain: 'far.example', expiresAt: MAX_DATE }),
      },
      {
        kind: 'response',
        at: NOW - 1000,
        url: 'https://far.example/login',
        storeId: '0',
        status: 200,
        setCookie: [
          'sessionid=abc; Max-Age=99999999999999999999999; Path=/',
          'sessionid=abc; Expires=Fri, 31 Dec 275760 23:59:59 GMT; Path=/',
          'sessionid=abc; Max-Age=1e400',
        ],
        clearSiteData: '"cookies", "<script>"',
      },
    ];
    const sites = run(list).report(NOW);
    expectValidTimes(sites);
    expect(() => toCsv(documentOf(sites))).not.toThrow();
  });
});

describe('hostile input: imported timelines', () => {
  function validText(extra = ''): string {
    const sites = run([
      {
        kind: 'cookie-set',
        at: NOW - 5000,
        cookie: snapshot({ domain: 'import.example', name: 'sessionid' }),
      },
    ]).report(NOW);
    const doc = JSON.stringify(documentOf(sites));
    return extra ? `{${extra},${doc.slice(1)}` : doc;
  }

  it('parseImport never throws on any value, and explains every refusal', () => {
    const anything = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      key: fc.oneof(
        fc.string(),
        fc.constantFrom('__proto__', 'constructor', 'prototype', 'format', 'version'),
      ),
    });
    const headed = anything.map((rest) =>
      rest !== null && typeof rest === 'object' && !Array.isArray(rest)
        ? { format: 'sessionscope-timeline', version: 1, ...rest }
        : rest,
    );
    fc.assert(
      fc.property(fc.oneof(anything, headed), (input) => {
        const r = parseImport(input);
        if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

  it('parseImportText never throws on any text, JSON or not', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileText,
          fc.jsonValue().map((j) => JSON.stringify(j)),
        ),
        (text) => {
          const r = parseImportText(text);
          if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a real timeline with one leaf replaced by a wrong type or hostile text is refused or read, never thrown on', () => {
    const doc = JSON.parse(validText());
    const leaves: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      if (v !== null && typeof v === 'object') {
        for (const [k, inner] of Object.entries(v)) walk(inner, [...path, Array.isArray(v) ? Number(k) : k]);
      } else leaves.push(path);
    };
    walk(doc, []);
    const wrong = fc.oneof(hostileText, fc.jsonValue(), fc.constantFrom(null, -1, 1e308, true, [], {}));
    fc.assert(
      fc.property(fc.constantFrom(...leaves), wrong, (path, replacement) => {
        const copy = structuredClone(doc);
        let target = copy;
        for (const key of path.slice(0, -1)) target = target[key];
        target[path[path.length - 1]!] = replacement;
        const r = parseImport(copy);
        if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a wrong format, a wrong version, deep nesting and a 50 MB file with a clear error', () => {
    const cases: [string, RegExp][] = [
      ['{"format":"har","version":1}', /not a Sessionscope timeline/i],
      ['{"format":"sessionscope-timeline","version":2,"sites":[]}', /version 2/],
      ['{"format":"sessionscope-timeline","version":"1"}', /version/],
      ['[]', /not a Sessionscope timeline/i],
      ['', /empty/i],
      ['{"format":', /not valid JSON/i],
      [`${'['.repeat(100_000)}${']'.repeat(100_000)}`, /.+/],
      [
        `{"format":"sessionscope-timeline","version":1,"sites":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
        /deep/i,
      ],
    ];
    for (const [text, message] of cases) {
      const r = parseImportText(text);
      expect(r.ok, text.slice(0, 60)).toBe(false);
      if (!r.ok) expect(r.error).toMatch(message);
    }
    const big = `{"format":"sessionscope-timeline","version":1,"pad":"${'x'.repeat(50 * 1024 * 1024)}"}`;
    const r = parseImportText(big);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/too large/);
    expect(MAX_IMPORT_BYTES).toBeLessThan(50 * 1024 * 1024);
  });

  it('__proto__ and constructor keys pollute nothing and are not kept', () => {
    const polluting = [
      '"__proto__":{"polluted":"yes","format":"evil"}',
      '"constructor":{"prototype":{"polluted":"yes"}}',
    ];
    for (const extra of polluting) {
      const r = parseImportText(validText(extra));
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
      if (r.ok) {
        expect(Object.hasOwn(r.doc, '__proto__')).toBe(false);
        expect(Object.getPrototypeOf(r.doc)).toBe(Object.prototype);
        expect(r.doc.format).toBe('sessionscope-timeline');
      }
    }
    const nested = JSON.parse(validText());
    nested.sites[0].sessions[0].decoded = JSON.parse('{"__proto__":{"polluted":"yes"},"ok":1}');
    const r = parseImport(nested);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (r.ok) expect(Object.hasOwn(r.doc.sites[0]!.sessions[0]!.decoded ?? {}, '__proto__')).toBe(false);
  });

  it('hostile cookie names survive export and import literally', () => {
    const names = PAYLOADS.filter((p) => p.trim() !== '' && p.length < 200 && !/[\uD800-\uDFFF]/.test(p));
    const list: Observation[] = names.map((name, i) => ({
      kind: 'cookie-set',
      at: NOW - 10_000 + i,
      cookie: snapshot({ domain: 'hostile.test', name, value: 'v' }),
    }));
    const ruleSet = ruleSetPinning(names);
    const text = JSON.stringify(documentOf(run(list, ruleSet).report(NOW), ruleSet));
    const r = parseImportText(text);
    expect(r.ok ? 'ok' : r.error).toBe('ok');
    if (r.ok) {
      const imported = r.doc.sites.flatMap((s) => s.sessions.map((x) => x.cookie.name));
      expect(imported.sort()).toEqual([...names].sort());
    }
  });
});

describe('hostile input: CSV export', () => {
  it('no cell of the CSV export starts a spreadsheet formula, whatever the cookie name or path', () => {
    const names = [
      '=HYPERLINK("http://evil.test","x")',
      '+cmd|"/c calc"!A1',
      '-2+3',
      '@SUM(1+1)',
      '\t=1',
      '\r=1',
    ];
    const list: Observation[] = names.map((name, i) => ({
      kind: 'cookie-set',
      at: NOW - 10_000 + i,
      cookie: snapshot({ domain: 'csv.example', name, path: `/${i}`, value: '=1+1' }),
    }));
    const ruleSet = ruleSetPinning(names);
    const csv = toCsv(documentOf(run(list, ruleSet).report(NOW, { includeValues: true }), ruleSet));
    const cells = parseCsv(csv).flat();
    expect(cells.length).toBeGreaterThan(names.length);
    for (const cell of cells) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
    for (const name of names) expect(cells).toContain(`'${name}`);
  });
});

/** RFC 4180 CSV, enough to read back our own export. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

function snapshot(over: Partial<CookieSnapshot>): CookieSnapshot {
  return {
    storeId: '0',
    partitionKey: null,
    domain: 'example.com',
    path: '/',
    name: 'sessionid',
    value: 'x',
    hostOnly: true,
    session: true,
    expiresAt: null,
    httpOnly: true,
    secure: false,
    sameSite: 'lax',
    ...over,
  };
}

/** zlib (RFC 1950) as Django's signing.dumps(compress=True) writes it. */
function zlibOf(text: string): Uint8Array {
  return new Uint8Array(zlibSync(new TextEncoder().encode(text)));
}
