/**
 * One row per end reason: the observation sequence a browser produces for it (causes as Chrome and
 * Firefox report them, headers as Django sends them), and the reason the classifier must conclude.
 */
import { describe, expect, test } from 'vitest';
import type { EndReason, ExportSession } from './contract';
import type { Observation } from './observation';
import type { RuleSet } from './rules';
import { classify } from './tracker';
import {
  cookie,
  DELETE_SESSIONID,
  firstVisit,
  login,
  ORIGIN,
  removed,
  request,
  response,
  rules,
  SESSIONID,
  SESSIONID_CYCLED,
  SITE,
  sessionCookie,
  sessionHeader,
  set,
  T0,
} from './tracker.fixtures';

const s = (sec: number) => T0 + sec * 1000;
const sid = (at: number, over = {}) => sessionCookie(SESSIONID, at, over);

interface Row {
  name: string;
  reason: EndReason;
  observations: Observation[];
  now: number;
  ruleSet?: RuleSet;
  endedAt?: number;
  inferred?: boolean;
  /** Expected fields on the session's `ended` event. */
  detail?: Record<string, unknown>;
}

const rows: Row[] = [
  {
    name: 'logout: Chrome reports a Max-Age=0 deletion as expired_overwrite',
    reason: 'logout',
    observations: [
      ...login(s(1)),
      response(s(10), '/logout', [DELETE_SESSIONID]),
      removed(sid(s(1)), s(10), 'expired_overwrite'),
    ],
    now: s(20),
    endedAt: s(10),
  },
  {
    name: 'logout: Firefox reports it as explicit; the deleting header seen just before decides',
    reason: 'logout',
    observations: [
      ...login(s(1)),
      response(s(10), '/logout', [DELETE_SESSIONID]),
      removed(sid(s(1)), s(10) + 5, 'explicit'),
    ],
    now: s(20),
  },
  {
    name: 'logout: the header observed after the removal still decides',
    reason: 'logout',
    observations: [
      ...login(s(1)),
      removed(sid(s(1)), s(10), 'explicit'),
      response(s(10) + 40, '/logout', [DELETE_SESSIONID]),
    ],
    now: s(20),
    endedAt: s(10),
  },
  {
    name: 'expired: the browser reports the expiry',
    reason: 'expired',
    observations: [
      response(s(1), '/touch', [sessionHeader(SESSIONID, 5)]),
      set(sid(s(1), { expiresAt: s(6) }), s(1)),
      removed(sid(s(1), { expiresAt: s(6) }), s(6), 'expired'),
    ],
    now: s(20),
    endedAt: s(6),
  },
  {
    name: 'expired: computed from expiresAt with no event at all (SESSION_COOKIE_AGE=5)',
    reason: 'expired',
    observations: [set(sid(s(1), { expiresAt: s(6) }), s(1))],
    now: s(7),
    endedAt: s(6),
  },
  {
    name: 'idle-timeout: your rule predicts the end at last activity + timeout',
    reason: 'idle-timeout',
    observations: [...login(s(1)), request(s(30)), request(s(40))],
    now: s(40 + 3600),
    ruleSet: rules({ idleAfterSeconds: 60, idleTimeoutSeconds: 600 }),
    endedAt: s(40 + 600),
    inferred: true,
    detail: { evidence: { rule: { name: 'idle-timeout', seconds: 600, from: 'rules' } } },
  },
  {
    name: 'idle-timeout: the server deleted it on the first ordinary request after a long idle',
    reason: 'idle-timeout',
    observations: [
      ...login(s(1)),
      response(s(2), '/read', [sessionHeader(SESSIONID)]),
      set(sid(s(2)), s(2)),
      response(s(900), '/read', [DELETE_SESSIONID]),
      removed(sid(s(2)), s(900), 'expired_overwrite'),
    ],
    now: s(901),
    endedAt: s(900),
    inferred: true,
  },
  {
    name: 'max-lifetime: your rule predicts the end at start + max whatever the activity',
    reason: 'max-lifetime',
    observations: [...login(s(1)), request(s(50)), request(s(100)), request(s(130))],
    now: s(140),
    ruleSet: rules({ maxLifetimeSeconds: 120 }),
    endedAt: s(121),
    inferred: true,
    detail: { evidence: { rule: { name: 'max-lifetime', seconds: 120, from: 'rules' } } },
  },
  {
    name: 'browser-close: a session cookie missing after a browser restart, ended when last seen',
    reason: 'browser-close',
    observations: [
      set(sid(s(1), { session: true, expiresAt: null }), s(1)),
      request(s(5)),
      { kind: 'startup', at: s(500), reason: 'browser-restart', lastSeenAt: s(60), cookies: [] },
    ],
    now: s(600),
    endedAt: s(60),
  },
  {
    name: 'browser-close: simulated from Sessionscope, marked simulated',
    reason: 'browser-close',
    observations: [
      set(sid(s(1), { session: true, expiresAt: null }), s(1)),
      { kind: 'user-action', at: s(10), action: 'simulate-browser-close', site: SITE, sessionId: null },
      removed(sid(s(1), { session: true, expiresAt: null }), s(10) + 20, 'explicit'),
    ],
    now: s(20),
    detail: { simulated: true },
  },
  {
    name: 'rotated: /cycle overwrites the opaque id with a new one',
    reason: 'rotated',
    observations: [
      ...login(s(1)),
      response(s(10), '/cycle', [sessionHeader(SESSIONID_CYCLED)]),
      removed(sid(s(1)), s(10), 'overwrite'),
      set(sessionCookie(SESSIONID_CYCLED, s(10)), s(10)),
    ],
    now: s(20),
    endedAt: s(10),
  },
  {
    name: 'rotated: removed then re-set with a new value a moment later',
    reason: 'rotated',
    observations: [
      ...login(s(1)),
      removed(sid(s(1)), s(10), 'explicit'),
      set(sessionCookie(SESSIONID_CYCLED, s(10) + 300), s(10) + 300),
    ],
    now: s(20),
  },
  {
    name: 'clear-site-data: the header, then the removals',
    reason: 'clear-site-data',
    observations: [
      ...firstVisit(s(0)),
      ...login(s(1)),
      response(s(10), '/clear-site-data', [], '"cookies"', 'https://127.0.0.1:8000'),
      removed(sid(s(1)), s(10) + 10, 'explicit'),
      removed(cookie('csrftoken', 'x', s(1)), s(10) + 11, 'explicit'),
    ],
    now: s(20),
    inferred: false,
  },
  {
    name: 'clear-site-data: inferred from a burst of explicit removals with no header seen',
    reason: 'clear-site-data',
    observations: [
      ...firstVisit(s(0)),
      ...login(s(1)),
      removed(sid(s(1)), s(10), 'explicit'),
      removed(cookie('csrftoken', 'x', s(1)), s(10) + 30, 'explicit'),
    ],
    now: s(20),
    inferred: true,
  },
  {
    name: 'server-ended: the browser reports a server deletion, and no response that carried it was captured',
    reason: 'server-ended',
    observations: [...login(s(1)), removed(sid(s(1)), s(10), 'expired_overwrite')],
    now: s(20),
    inferred: false,
    detail: { evidence: { unknown: expect.stringMatching(/not captured/) } },
  },
  {
    name: 'server-ended: an ordinary page deleted it while in use, the server never re-sent it',
    reason: 'server-ended',
    observations: [
      ...login(s(1)),
      request(s(5)),
      response(s(5), '/read', [DELETE_SESSIONID]),
      removed(sid(s(1)), s(5), 'expired_overwrite'),
    ],
    now: s(20),
    inferred: false,
  },
  {
    name: 'evicted: the browser evicted it (too many cookies for the domain)',
    reason: 'evicted',
    observations: [...login(s(1)), removed(sid(s(1)), s(10), 'evicted')],
    now: s(20),
  },
  {
    name: 'removed: one explicit removal (devtools, another extension)',
    reason: 'removed',
    observations: [...login(s(1)), removed(sid(s(1)), s(10), 'explicit')],
    now: s(20),
    inferred: false,
  },
  {
    name: 'removed: the user ended it from Sessionscope',
    reason: 'removed',
    observations: [
      ...login(s(1)),
      { kind: 'user-action', at: s(10), action: 'end-session', site: SITE, sessionId: null },
      removed(sid(s(1)), s(10) + 20, 'explicit'),
      removed(cookie('csrftoken', 'x', s(1)), s(10) + 21, 'explicit'),
    ],
    now: s(20),
    detail: { byUser: true },
  },
  {
    name: 'removed: a persistent cookie lost across a restart',
    reason: 'removed',
    observations: [
      ...login(s(1)),
      { kind: 'startup', at: s(100), reason: 'browser-restart', lastSeenAt: s(50), cookies: [] },
    ],
    now: s(200),
    detail: { lostAtRestart: true },
  },
  {
    name: 'removed: gone while the extension was not running',
    reason: 'removed',
    observations: [
      ...login(s(1)),
      { kind: 'startup', at: s(100), reason: 'extension-start', lastSeenAt: s(50), cookies: [] },
    ],
    now: s(200),
    detail: { whileNotWatching: true },
  },
];

function firstSession(observations: Observation[], ruleSet: RuleSet, now: number): ExportSession {
  const sites = classify(observations, ruleSet, now);
  const session = sites.find((x) => x.site === SITE)?.sessions[0];
  if (!session) throw new Error('no session');
  return session;
}

describe('end reasons', () => {
  test.each(rows)('$name', (row) => {
    const session = firstSession(row.observations, row.ruleSet ?? rules(), row.now);
    expect(session.state).toBe('ended');
    expect(session.endReason).toBe(row.reason);
    if (row.endedAt !== undefined) expect(session.endedAt).toBe(new Date(row.endedAt).toISOString());
    if (row.inferred !== undefined) expect(session.endInferred).toBe(row.inferred);
    const ended = session.events.filter((e) => e.type === 'ended');
    expect(ended).toHaveLength(1);
    expect(ended[0]?.reason).toBe(row.reason);
    if (row.detail) expect(ended[0]).toMatchObject(row.detail);
    expect(session.endsBy).toMatchObject({ kind: 'ended', reason: row.reason });
  });

  test('every end reason of the contract has a row', async () => {
    const { END_REASONS } = await import('./contract');
    expect(new Set(rows.map((r) => r.reason))).toEqual(new Set(END_REASONS));
  });

  test('rotation links the old and the new session both ways', () => {
    const sites = classify(
      rows.find((r) => r.name.startsWith('rotated: /cycle'))!.observations,
      rules(),
      s(20),
    );
    const [old, next] = sites[0]!.sessions;
    expect(old?.endReason).toBe('rotated');
    expect(old?.replacedBy).toBe(next?.id);
    expect(next?.replaces).toBe(old?.id);
    expect(next?.state).toBe('active');
    expect(old?.cookie.valueHash).not.toBe(next?.cookie.valueHash);
    expect(old?.events.at(-1)).toMatchObject({ type: 'ended', reason: 'rotated', replacedBy: next?.id });
  });

  test('an idle-timeout that passed before a new request stays ended at its own moment', () => {
    const ruleSet = rules({ idleAfterSeconds: 60, idleTimeoutSeconds: 300 });
    const sites = classify([...login(s(1)), request(s(10)), request(s(1000))], ruleSet, s(1001));
    const session = sites[0]!.sessions[0]!;
    expect(session.endReason).toBe('idle-timeout');
    expect(session.endedAt).toBe(new Date(s(310)).toISOString());
    expect(session.lastActivityAt).toBe(new Date(s(10)).toISOString());
    // It went idle first, at its own moment.
    expect(session.events.map((e) => e.type)).toEqual(['started', 'idle', 'ended']);
    expect(session.events[1]?.at).toBe(new Date(s(70)).toISOString());
  });

  test('after a logout a new login is a new, unlinked session', () => {
    const sites = classify(
      [
        ...login(s(1)),
        response(s(10), '/logout', [DELETE_SESSIONID]),
        removed(sid(s(1)), s(10), 'expired_overwrite'),
        set(sessionCookie(SESSIONID_CYCLED, s(30)), s(30)),
      ],
      rules(),
      s(40),
    );
    const [a, b] = sites[0]!.sessions;
    expect(a?.endReason).toBe('logout');
    expect(b?.state).toBe('active');
    expect(b?.replaces).toBeNull();
  });

  test('the origin of a response decides its site', () => {
    expect(ORIGIN).toContain(SITE);
  });
});
