/**
 * Properties of the classifier on arbitrary well-typed observation sequences: it never throws, the
 * report is a pure function of (observations, rules, now), and a snapshot taken anywhere changes nothing.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { END_REASONS, type ExportSession, type ExportSite, SESSION_STATES } from './contract';
import { endMayBeRevised } from './end-reasons';
import type { CookieCause, CookieSnapshot, Observation } from './observation';
import { responseMatters } from './relevance';
import type { RuleSet } from './rules';
import { classify, Tracker } from './tracker';
import { jwt, SIGNED_1, SIGNED_2, T0 } from './tracker.fixtures';

const NUM_RUNS = Number(process.env.FC_RUNS ?? 10_000);

const domains = fc.constantFrom('127.0.0.1', 'example.com', '.example.com', 'app.example.com', 'localhost');
const names = fc.constantFrom('sessionid', 'csrftoken', 'PHPSESSID', 'session', 'access_token', 'other');
const values = fc.oneof(
  fc.constantFrom(
    'dfyy5zla1c6ejqvh1p9l9w1ddbu25k6r',
    '7vdd6mbo5ynwt9jjxzme2qibrcyuzlba',
    SIGNED_1,
    SIGNED_2,
    jwt('alice'),
    jwt('bob'),
    '',
  ),
  fc.string({ maxLength: 40 }),
);
const urls = fc.oneof(
  fc.constantFrom(
    'http://127.0.0.1:8000/read',
    'https://example.com/',
    'https://app.example.com/x',
    'http://localhost/',
    'http://127.0.0.1:8000/logout',
    'http://app.example.com/accounts/logout/',
    'https://example.com/read?token=3f2a9c0b1d4e5f60718293a4',
    'chrome://settings',
  ),
  fc.string({ maxLength: 30 }),
);
const times = fc.integer({ min: 0, max: 4_000_000 });

const cookieArb: fc.Arbitrary<CookieSnapshot> = fc.record({
  storeId: fc.constantFrom('0', '1', 'firefox-container-1'),
  partitionKey: fc.constantFrom(null, 'https://top.example'),
  domain: domains,
  path: fc.constantFrom('/', '/app'),
  name: names,
  value: values,
  hostOnly: fc.boolean(),
  session: fc.boolean(),
  expiresAt: fc.option(
    times.map((t) => T0 + t),
    { nil: null },
  ),
  httpOnly: fc.boolean(),
  secure: fc.boolean(),
  sameSite: fc.constantFrom('no_restriction', 'lax', 'strict', 'unspecified'),
});

/** An observation without its time: times are assigned in order afterwards. */
const bodyArb: fc.Arbitrary<Observation> = fc.oneof(
  { weight: 4, arbitrary: cookieArb.map((cookie) => ({ kind: 'cookie-set', at: 0, cookie }) as Observation) },
  {
    weight: 3,
    arbitrary: fc
      .record({
        cookie: cookieArb,
        cause: fc.constantFrom<CookieCause>(
          'explicit',
          'overwrite',
          'expired',
          'expired_overwrite',
          'evicted',
        ),
      })
      .map(({ cookie, cause }) => ({ kind: 'cookie-removed', at: 0, cookie, cause }) as Observation),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        url: urls,
        setCookie: fc.array(
          fc.oneof(
            fc.constantFrom(
              'sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/',
              'sessionid=abc; Max-Age=1209600; Path=/',
              'csrftoken=2JNuBa9iPlpiQ3S6; Max-Age=31449600; Path=/',
              '_ga=GA1.1.1234.5678; Max-Age=63072000; Path=/',
              'theme=dark; Path=/',
              'other=1; Max-Age=60',
            ),
            fc.string({ maxLength: 30 }),
          ),
          { maxLength: 3 },
        ),
        clearSiteData: fc.option(fc.constantFrom('"cookies"', '"*"', '"cache"', 'garbage'), { nil: null }),
      })
      .map((r) => ({ kind: 'response', at: 0, storeId: '0', status: 200, ...r }) as Observation)
      .chain((o) =>
        fc
          .constantFrom(undefined, 'GET', 'POST')
          .map((method) => (method ? { ...o, method } : o) as Observation),
      ),
  },
  {
    weight: 4,
    arbitrary: fc
      .record({
        url: urls,
        source: fc.constantFrom<'request' | 'navigation'>('request', 'navigation'),
        count: fc.integer({ min: 0, max: 5 }),
      })
      .map((r) => ({ kind: 'activity', at: 0, ...r }) as Observation),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ url: urls, change: fc.constantFrom<'opened' | 'closed'>('opened', 'closed') })
      .map((r) => ({ kind: 'tab', at: 0, ...r }) as Observation),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom<'active' | 'idle' | 'locked'>('active', 'idle', 'locked')
      .map((state) => ({ kind: 'user-idle', at: 0, state }) as Observation),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        reason: fc.constantFrom<'browser-restart' | 'extension-start'>('browser-restart', 'extension-start'),
        lastSeenAt: fc.option(
          times.map((t) => T0 + t),
          { nil: null },
        ),
        cookies: fc.array(cookieArb, { maxLength: 4 }),
      })
      .map((r) => ({ kind: 'startup', at: 0, ...r }) as Observation),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        action: fc.constantFrom<'end-session' | 'simulate-browser-close'>(
          'end-session',
          'simulate-browser-close',
        ),
        site: fc.constantFrom('127.0.0.1', 'example.com', 'localhost'),
        sessionId: fc.constant(null),
      })
      .map((r) => ({ kind: 'user-action', at: 0, ...r }) as Observation),
  },
);

/** Small gaps mostly (the windows are seconds), sometimes minutes or hours. */
const gapArb = fc.oneof(
  fc.integer({ min: 0, max: 3_000 }),
  fc.integer({ min: 0, max: 600_000 }),
  fc.integer({ min: 0, max: 20_000_000 }),
);

/**
 * A session's whole life on one site, as browsers report it: the login response and its cookie, requests,
 * then a deleting response (a logout or an ordinary page, sometimes with Clear-Site-Data, over https,
 * loopback http or plain http) and the removal, in Chrome's order or Firefox's. Random observations alone
 * almost never line these up, and they are what responses are kept for.
 */
const lifecycleArb: fc.Arbitrary<[Observation, number][]> = fc
  .record({
    origin: fc.constantFrom('http://127.0.0.1:8000', 'https://example.com', 'http://app.example.com'),
    base: cookieArb,
    value: fc.constantFrom('dfyy5zla1c6ejqvh1p9l9w1ddbu25k6r', SIGNED_1, jwt('alice')),
    resends: fc.integer({ min: 0, max: 3 }),
    pause: fc.integer({ min: 0, max: 900_000 }),
    path: fc.constantFrom('/logout', '/read', '/accounts/sign-out'),
    method: fc.constantFrom('GET', 'POST'),
    clearSiteData: fc.option(fc.constant('"cookies"'), { nil: null }),
    cause: fc.constantFrom<CookieCause>('explicit', 'expired_overwrite', 'expired'),
    removalFirst: fc.boolean(),
  })
  .map(({ origin, base, value, resends, pause, path, method, clearSiteData, cause, removalFirst }) => {
    const host = origin.replace(/^[a-z]+:\/\//, '').replace(/:\d+$/, '');
    const cookie: CookieSnapshot = { ...base, name: 'sessionid', value, domain: host, path: '/' };
    const header = `sessionid=${value}; Max-Age=1209600; Path=/`;
    const res = (url: string, setCookie: string[], csd: string | null = null): Observation => ({
      kind: 'response',
      at: 0,
      url,
      storeId: cookie.storeId,
      status: 200,
      method,
      setCookie,
      clearSiteData: csd,
    });
    const activity = (url: string): Observation => ({
      kind: 'activity',
      at: 0,
      url,
      source: 'request',
      count: 1,
    });
    const out: [Observation, number][] = [
      [activity(`${origin}/login`), 0],
      [res(`${origin}/login`, [header]), 0],
      [{ kind: 'cookie-set', at: 0, cookie }, 5],
    ];
    for (let i = 0; i < resends; i++)
      out.push(
        [activity(`${origin}/read`), 1_000],
        [res(`${origin}/read`, [header]), 0],
        [{ kind: 'cookie-set', at: 0, cookie }, 5],
      );
    const deleting = res(
      `${origin}${path}`,
      ['sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/'],
      clearSiteData,
    );
    const removal: Observation = { kind: 'cookie-removed', at: 0, cookie, cause };
    out.push([activity(`${origin}${path}`), pause]);
    if (removalFirst) out.push([removal, 0], [deleting, 20]);
    else out.push([deleting, 0], [removal, 20]);
    return out;
  });

const sequenceArb = fc
  .array(
    fc.oneof(
      { weight: 12, arbitrary: fc.tuple(bodyArb, gapArb).map((x) => [x]) },
      { weight: 1, arbitrary: lifecycleArb },
    ),
    { maxLength: 25 },
  )
  .map((chunks) => {
    let at = T0;
    return chunks.flat().map(([o, gap]) => {
      at += gap;
      return { ...o, at } as Observation;
    });
  });

const ruleSetArb: fc.Arbitrary<RuleSet> = fc.record({
  defaults: fc.record({
    idleAfterSeconds: fc.integer({ min: 1, max: 900 }),
    idleTimeoutSeconds: fc.option(fc.integer({ min: 901, max: 7200 }), { nil: null }),
    maxLifetimeSeconds: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: null }),
    activity: fc.constantFrom<'any-request' | 'navigation'>('any-request', 'navigation'),
    pinned: fc.constantFrom([], ['other']),
    excluded: fc.constantFrom([], ['PHPSESSID']),
  }),
  sites: fc.constant({}),
});

const lastAt = (obs: Observation[]) => obs.at(-1)?.at ?? T0;

function checkInvariants(sites: ExportSite[]): void {
  const ids = new Set(sites.flatMap((x) => x.sessions.map((s) => s.id)));
  expect(ids.size).toBe(sites.reduce((n, x) => n + x.sessions.length, 0));
  for (const site of sites)
    for (const s of site.sessions) {
      expect(SESSION_STATES).toContain(s.state);
      if (s.state === 'ended') {
        expect(END_REASONS).toContain(s.endReason);
        expect(s.endedAt).not.toBeNull();
      } else expect(s.endReason).toBeNull();
      if (s.replacedBy !== null) expect(ids.has(s.replacedBy)).toBe(true);
      for (const e of s.events) expect(Number.isNaN(Date.parse(e.at))).toBe(false);
    }
}

describe('classifier properties', () => {
  test('never throws, and the report is a pure function of (observations, rules, now)', () => {
    fc.assert(
      fc.property(sequenceArb, ruleSetArb, fc.integer({ min: 0, max: 20_000_000 }), (obs, ruleSet, later) => {
        const now = lastAt(obs) + later;
        const a = classify(obs, ruleSet, now);
        const b = classify(obs, ruleSet, now);
        expect(b).toEqual(a);
        checkInvariants(a);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('a snapshot taken anywhere gives the same report as replaying everything', () => {
    fc.assert(
      fc.property(
        sequenceArb,
        ruleSetArb,
        fc.nat(),
        fc.integer({ min: 0, max: 20_000_000 }),
        (obs, ruleSet, cutSeed, later) => {
          const now = lastAt(obs) + later;
          const cut = obs.length === 0 ? 0 : cutSeed % (obs.length + 1);
          const first = new Tracker(ruleSet);
          for (const o of obs.slice(0, cut)) first.apply(o);
          const restored = new Tracker(ruleSet, JSON.parse(JSON.stringify(first.state())));
          for (const o of obs.slice(cut)) restored.apply(o);
          expect(restored.report(now)).toEqual(classify(obs, ruleSet, now));
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  test('a report is the same whether or not reports were asked in between', () => {
    fc.assert(
      fc.property(sequenceArb, ruleSetArb, (obs, ruleSet) => {
        const t = new Tracker(ruleSet);
        for (const o of obs) {
          t.apply(o);
          t.report(o.at + 1);
          t.siteState('example.com', o.at);
        }
        const now = lastAt(obs) + 1;
        expect(t.report(now)).toEqual(classify(obs, ruleSet, now));
      }),
      { numRuns: Math.max(1000, Math.floor(NUM_RUNS / 10)) },
    );
  });

  // The tracker reads every response it is given (it picks the headers it learns from itself), so this
  // compares what it concludes from every response with what it concludes from those the adapter keeps.
  test('dropping the responses that do not matter changes no report', () => {
    fc.assert(
      fc.property(sequenceArb, ruleSetArb, fc.integer({ min: 0, max: 20_000_000 }), (obs, ruleSet, later) => {
        // As header capture records them: every response's request is also activity of its own.
        const all = obs.flatMap((o): Observation[] =>
          o.kind === 'response'
            ? [{ kind: 'activity', at: o.at, url: o.url, source: 'request', count: 1 }, o]
            : [o],
        );
        const now = lastAt(all) + later;
        const kept = all.filter((o) => o.kind !== 'response' || responseMatters(o, ruleSet));
        const report = (list: Observation[]) => {
          const t = new Tracker(ruleSet);
          for (const o of list) t.apply(o);
          return { sites: t.report(now, { includeValues: true }), restarts: t.restartLog() };
        };
        expect(report(kept)).toEqual(report(all));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  // A rule's end is a prediction (endPredicted): it is not revised, but the session it predicted the end of
  // resumes when the same value is written again. Anything else changing an end needs endMayBeRevised.
  test('an end is only ever revised while endMayBeRevised says it may be, or a predicted end resumed', () => {
    fc.assert(
      fc.property(sequenceArb, ruleSetArb, (obs, ruleSet) => {
        const t = new Tracker(ruleSet);
        let before = new Map<string, ExportSession>();
        let now = Number.NEGATIVE_INFINITY;
        for (const o of obs) {
          t.apply(o);
          now = Math.max(now, o.at);
          const after = new Map(t.report(now).flatMap((x) => x.sessions.map((s) => [s.id, s] as const)));
          for (const [id, old] of before) {
            const next = after.get(id);
            if (old.state !== 'ended' || next === undefined) continue;
            if (
              next.state !== old.state ||
              next.endReason !== old.endReason ||
              next.endedAt !== old.endedAt
            ) {
              const resumed =
                old.endPredicted === true &&
                next.state !== 'ended' &&
                next.events.some((e) => e.type === 'resumed' && e.predictedAt === old.endedAt) &&
                next.events.some((e) => e.type === 'ended' && e.at === old.endedAt);
              if (!resumed)
                expect({ id, revisable: endMayBeRevised(old, now) }).toEqual({ id, revisable: true });
            }
          }
          before = after;
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
