import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExportSession, ExportSite } from './contract';
import type { CookieSnapshot, Observation } from './observation';
import { nextChangeAt, projectSession, projectSites } from './project';
import { DEFAULT_RULES, type Rules } from './rules';
import { Tracker } from './tracker';

const runs = Number(process.env.FC_RUNS ?? 10_000);
const T0 = Date.UTC(2026, 10, 25, 18, 0, 0);
const S = 1000;

function sessionid(value: string, at: number, maxAgeSeconds: number | null): CookieSnapshot {
  return {
    storeId: '0',
    partitionKey: null,
    domain: '127.0.0.1',
    path: '/',
    name: 'sessionid',
    value,
    hostOnly: true,
    session: maxAgeSeconds === null,
    expiresAt: maxAgeSeconds === null ? null : at + maxAgeSeconds * S,
    httpOnly: true,
    secure: false,
    sameSite: 'lax',
  };
}

const request = (at: number): Observation => ({
  kind: 'activity',
  at,
  url: 'http://127.0.0.1:8000/read',
  source: 'request',
  count: 1,
});

/** What a view shows of a session; a derived idle event's request count is not in a report to project. */
function shown(s: ExportSession) {
  return {
    state: s.state,
    endReason: s.endReason,
    endedAt: s.endedAt,
    idleAt: s.idleAt,
    idleTimeoutAt: s.idleTimeoutAt,
    maxLifetimeAt: s.maxLifetimeAt,
    endsBy: s.endsBy,
    events: s.events.map(({ requests: _requests, ...e }) => e),
  };
}

function trackerWith(rules: Rules, observations: Observation[]): Tracker {
  const tracker = new Tracker({ defaults: rules, sites: {} });
  for (const o of observations) tracker.apply(o);
  return tracker;
}

describe('a report projected to a later moment', () => {
  it('reads as the classifier’s own report at that moment', () => {
    fc.assert(
      fc.property(
        fc.record({
          idleAfter: fc.integer({ min: 1, max: 600 }),
          idleTimeout: fc.option(fc.integer({ min: 1, max: 1200 })),
          maxLifetime: fc.option(fc.integer({ min: 1, max: 3600 })),
          maxAge: fc.option(fc.integer({ min: 1, max: 3600 })),
          requests: fc.array(fc.integer({ min: 1, max: 2000 }), { maxLength: 6 }),
          first: fc.integer({ min: 0, max: 4000 }),
          later: fc.integer({ min: 0, max: 4000 }),
          withEvents: fc.boolean(),
        }),
        (c) => {
          const rules: Rules = {
            ...DEFAULT_RULES,
            idleAfterSeconds: c.idleAfter,
            idleTimeoutSeconds: c.idleTimeout === null ? null : Math.max(c.idleTimeout, c.idleAfter + 1),
            maxLifetimeSeconds: c.maxLifetime,
          };
          const observations: Observation[] = [
            { kind: 'cookie-set', at: T0, cookie: sessionid('a'.repeat(32), T0, c.maxAge) },
          ];
          let at = T0;
          for (const gap of [...c.requests].sort((a, b) => a - b)) {
            at = T0 + gap * S;
            observations.push(request(at));
          }
          const tracker = trackerWith(rules, observations);
          const t0 = at + c.first * S;
          const t1 = t0 + c.later * S;
          const before = tracker.report(t0, { events: c.withEvents });
          const projected = projectSites(before, t1);
          const truth = tracker.report(t1, { events: c.withEvents });
          expect(projected.flatMap((site) => site.sessions.map(shown))).toEqual(
            truth.flatMap((site) => site.sessions.map(shown)),
          );
        },
      ),
      { numRuns: runs },
    );
  });

  it('goes idle, then ends by the idle timeout, with the events a timeline draws', () => {
    const rules: Rules = { ...DEFAULT_RULES, idleAfterSeconds: 60, idleTimeoutSeconds: 300 };
    const tracker = trackerWith(rules, [
      { kind: 'cookie-set', at: T0, cookie: sessionid('b'.repeat(32), T0, 3600) },
    ]);
    const [site] = tracker.report(T0 + 10 * S) as [ExportSite];
    const session = site.sessions[0]!;
    expect(session.state).toBe('active');
    expect(projectSession(session, T0 + 30 * S)).toBe(session);
    expect(projectSession(session, T0 + 61 * S).state).toBe('idle');
    const ended = projectSession(session, T0 + 301 * S);
    expect(ended.state).toBe('ended');
    expect(ended.endReason).toBe('idle-timeout');
    expect(ended.events.map((e) => e.type)).toEqual(['started', 'idle', 'ended']);
  });

  it('knows the next moment anything changes, and that an ended session never does', () => {
    const rules: Rules = { ...DEFAULT_RULES, idleAfterSeconds: 60, idleTimeoutSeconds: 300 };
    const tracker = trackerWith(rules, [
      { kind: 'cookie-set', at: T0, cookie: sessionid('c'.repeat(32), T0, 3600) },
    ]);
    const sites = tracker.report(T0);
    expect(nextChangeAt(sites, T0)).toBe(T0 + 60 * S);
    expect(nextChangeAt(sites, T0 + 60 * S)).toBe(T0 + 300 * S);
    expect(nextChangeAt(projectSites(sites, T0 + 400 * S), T0 + 400 * S)).toBe(Number.POSITIVE_INFINITY);
  });
});
