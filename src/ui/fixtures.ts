/**
 * Hand-made state for tests and development only: never imported by the shipped popup or options.
 * Shaped like a Django site after log in, idle, log out, rotation and a browser restart.
 */
import type { ExportCookie, ExportSession, ExportSite } from '../core/contract';

export const NOW = Date.parse('2026-11-26T10:00:00Z');
const iso = (msAgo: number) => new Date(NOW - msAgo).toISOString();
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

export function cookie(overrides: Partial<ExportCookie> = {}): ExportCookie {
  return {
    name: 'sessionid',
    domain: 'shop.example',
    path: '/',
    storeId: '0',
    partitionKey: null,
    session: false,
    expiresAt: new Date(NOW + 14 * DAY).toISOString(),
    httpOnly: true,
    secure: false,
    sameSite: 'lax',
    valueHash: 'a1b2c3',
    ...overrides,
  };
}

export function session(overrides: Partial<ExportSession> = {}): ExportSession {
  return {
    id: 's1',
    cookie: cookie(),
    framework: 'django',
    decoded: null,
    state: 'active',
    endReason: null,
    startedAt: iso(30 * MIN),
    lastActivityAt: iso(1 * MIN),
    endedAt: null,
    replaces: null,
    replacedBy: null,
    restartsSurvived: 0,
    restoredByBrowser: false,
    events: [
      { at: iso(30 * MIN), type: 'started' },
      { at: iso(1 * MIN), type: 'activity' },
    ],
    storeKind: 'default',
    idleAt: new Date(NOW + 4 * MIN).toISOString(),
    idleTimeoutAt: null,
    maxLifetimeAt: null,
    ...overrides,
  };
}

/** The Django story: a pre-login session rotated at login, then logged out; a signed-cookie session alive. */
export const djangoSite: ExportSite = {
  site: 'shop.example',
  lastActivityAt: iso(1 * MIN),
  sessions: [
    session({
      id: 'pre',
      state: 'ended',
      endReason: 'rotated',
      startedAt: iso(50 * MIN),
      lastActivityAt: iso(40 * MIN),
      endedAt: iso(40 * MIN),
      replacedBy: 'login',
      events: [
        { at: iso(50 * MIN), type: 'started' },
        { at: iso(40 * MIN), type: 'rotated', to: 'login' },
      ],
      idleAt: null,
    }),
    session({
      id: 'login',
      state: 'ended',
      endReason: 'logout',
      startedAt: iso(40 * MIN),
      lastActivityAt: iso(12 * MIN),
      endedAt: iso(10 * MIN),
      replaces: 'pre',
      events: [
        { at: iso(40 * MIN), type: 'started' },
        { at: iso(25 * MIN), type: 'idle' },
        { at: iso(12 * MIN), type: 'active' },
        { at: iso(10 * MIN), type: 'ended', reason: 'logout' },
      ],
      idleAt: null,
    }),
    session({
      id: 'signed',
      cookie: cookie({ session: true, expiresAt: null, httpOnly: false, valueHash: 'ffee00' }),
      decoded: { _auth_user_id: '42', _auth_user_backend: 'django.contrib.auth.backends.ModelBackend' },
      startedAt: iso(2 * DAY),
      restartsSurvived: 1,
      restoredByBrowser: true,
      events: [
        { at: iso(2 * DAY), type: 'started' },
        { at: iso(1 * DAY), type: 'restart-survived', restored: true },
        { at: iso(1 * MIN), type: 'activity' },
      ],
    }),
  ],
  inferences: [
    { kind: 'ends-at-browser-close', value: true, evidence: ['sessionid has no Expires or Max-Age'] },
    {
      kind: 'lint',
      value: 'no-httponly',
      evidence: ['sessionid is readable by page scripts (no HttpOnly)'],
    },
  ],
};

export const restarts = [{ at: iso(1 * DAY) }];

const FRAMEWORK_CYCLE = ['django', 'flask', 'express', 'php', 'java', null] as const;
const STATE_CYCLE = ['active', 'idle', 'ended'] as const;

/** Many sites for the all-sites view: `count` sites, `eventsPerSession` events each. */
export function manySites(count: number, eventsPerSession = 5): ExportSite[] {
  const sites: ExportSite[] = [];
  for (let i = 0; i < count; i++) {
    const state = STATE_CYCLE[i % 3]!;
    const last = iso(i * MIN);
    const storeId =
      i % 10 === 0 ? 'firefox-container-1' : i % 7 === 0 ? 'firefox-private' : 'firefox-default';
    const events = Array.from({ length: eventsPerSession }, (_, k) => ({
      at: iso((i + eventsPerSession - k) * MIN),
      type: k === 0 ? 'started' : 'activity',
    }));
    sites.push({
      site: `site${i}.example`,
      lastActivityAt: last,
      inferences: [],
      sessions: [
        session({
          id: `m${i}`,
          cookie: cookie({ name: i % 2 ? 'sessionid' : 'PHPSESSID', domain: `site${i}.example`, storeId }),
          framework: FRAMEWORK_CYCLE[i % FRAMEWORK_CYCLE.length] ?? null,
          state,
          endReason: state === 'ended' ? 'logout' : null,
          endedAt: state === 'ended' ? last : null,
          lastActivityAt: last,
          storeKind: undefined,
          events,
        }),
      ],
    });
  }
  return sites;
}
