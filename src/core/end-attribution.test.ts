/**
 * Why a removal ended its session: the candidates the evidence offers, and the most direct one chosen.
 * The table below is the precedence itself (pure); the sequences after it are what browsers report.
 */
import { describe, expect, test } from 'vitest';
import type { ExportSession } from './contract';
import { attributeRemoval, type RemovalCandidates } from './end-attribution';
import type { Observation } from './observation';
import type { RuleSet } from './rules';
import type { ServerVerdict } from './server-end';
import { classify } from './tracker';
import {
  cookie,
  DELETE_SESSIONID,
  firstVisit,
  login,
  removed,
  response,
  rules,
  SESSIONID,
  SITE,
  sessionCookie,
  sessionHeader,
  set,
  T0,
} from './tracker.fixtures';

const s = (sec: number) => T0 + sec * 1000;
const sid = (at: number, over = {}) => sessionCookie(SESSIONID, at, over);

function firstSession(observations: Observation[], ruleSet: RuleSet, now: number): ExportSession {
  const sites = classify(observations, ruleSet, now);
  const session = sites.find((x) => x.site === SITE)?.sessions[0];
  if (!session) throw new Error('no session');
  return session;
}

const LOGOUT_REQUEST = { method: 'POST', url: 'http://127.0.0.1:8000/logout', status: 302, at: s(10) };
/** What server-end.ts says of a deletion carried by a POST /logout. */
const LOGOUT: ServerVerdict = { reason: 'logout', inferred: false, evidence: { request: LOGOUT_REQUEST } };
/** What it says of a server deletion whose response was not captured. */
const UNSEEN: ServerVerdict = {
  reason: 'server-ended',
  inferred: false,
  evidence: { unknown: 'not captured' },
};

const none: RemovalCandidates = {
  cause: 'explicit',
  userAction: null,
  clearSiteData: null,
  deletion: false,
  server: LOGOUT,
  burst: false,
  acrossSites: false,
  beforeExpiry: true,
};

describe('the most direct explanation wins', () => {
  test.each([
    ['the user ending it beats a header', { userAction: 'end-session', deletion: true }, 'removed', false],
    [
      'a simulated close is a browser close',
      { userAction: 'simulate-browser-close' },
      'browser-close',
      false,
    ],
    ['a deleting header explains an explicit removal', { deletion: true, burst: true }, 'logout', false],
    [
      'removals across sites are the user clearing data',
      { acrossSites: true, burst: true },
      'removed',
      false,
    ],
    [
      'a burst on one site with no header is an inferred Clear-Site-Data',
      { burst: true },
      'clear-site-data',
      true,
    ],
    ['one explicit removal with nothing else is a removal', {}, 'removed', false],
    [
      'the browser reporting a server deletion (expired_overwrite) with no response seen: the server ended it, cause unknown',
      { cause: 'expired_overwrite', server: UNSEEN },
      'server-ended',
      false,
    ],
    [
      'a deleting Set-Cookie beats a Clear-Site-Data header seen nearby',
      { deletion: true, clearSiteData: { header: '"cookies"' } },
      'logout',
      false,
    ],
    [
      'a Clear-Site-Data header the browser honours, with no deletion, explains the removal',
      { clearSiteData: { header: '"cookies"' }, burst: true },
      'clear-site-data',
      false,
    ],
    ['evicted is evicted', { cause: 'evicted' }, 'evicted', false],
    ['expired with a deleting header is a logout', { cause: 'expired', deletion: true }, 'logout', false],
    ['expired with nothing else is the expiry', { cause: 'expired', beforeExpiry: false }, 'expired', false],
  ] as const)('%s', (_name, over, reason, inferred) => {
    const a = attributeRemoval({ ...none, ...over } as RemovalCandidates);
    expect({ reason: a.reason, inferred: a.inferred }).toEqual({ reason, inferred });
    expect(a.detail.cause).toBe(over && 'cause' in over ? over.cause : 'explicit');
  });

  test('an end on weak evidence stays provisional; a header seen is final', () => {
    expect(attributeRemoval(none).provisional).toBe(true);
    expect(attributeRemoval({ ...none, burst: true }).provisional).toBe(true);
    expect(attributeRemoval({ ...none, deletion: true }).provisional).toBe(false);
    expect(attributeRemoval({ ...none, cause: 'expired_overwrite', deletion: true }).provisional).toBe(false);
    // Without the header the browser's report waits for it: it may still arrive.
    expect(attributeRemoval({ ...none, cause: 'expired_overwrite', server: UNSEEN }).provisional).toBe(true);
  });

  test('an "expiry" reported before the cookie expired is a server deletion, cause unknown without its response', () => {
    const a = attributeRemoval({ ...none, cause: 'expired', server: UNSEEN });
    expect(a).toMatchObject({ reason: 'server-ended', provisional: true });
    expect(a.detail).toEqual({ cause: 'expired', beforeExpiry: true });
  });
});

describe('removals as browsers report them', () => {
  test('a single removal long after a deleting header is not a logout', () => {
    const session = firstSession(
      [...login(s(1)), response(s(10), '/logout', [DELETE_SESSIONID]), removed(sid(s(1)), s(60), 'explicit')],
      rules(),
      s(70),
    );
    expect(session.endReason).toBe('removed');
  });

  test('cookies of several sites removed at once (clearing browsing data) are removed, not Clear-Site-Data', () => {
    const other = (name: string) => ({ ...cookie(name, 'v', s(1)), domain: 'example.com' });
    const obs: Observation[] = [
      ...firstVisit(s(0)),
      ...login(s(1)),
      set(other('sessionid'), s(2)),
      set(other('csrftoken'), s(2)),
      removed(sid(s(1)), s(10), 'explicit'),
      removed(cookie('csrftoken', 'x', s(1)), s(10) + 5, 'explicit'),
      removed(other('sessionid'), s(10) + 10, 'explicit'),
      removed(other('csrftoken'), s(10) + 15, 'explicit'),
    ];
    const sites = classify(obs, rules(), s(20));
    expect(sites.flatMap((x) => x.sessions.map((z) => [x.site, z.endReason, z.endInferred]))).toEqual(
      expect.arrayContaining([
        [SITE, 'removed', false],
        ['example.com', 'removed', false],
      ]),
    );
  });

  test('an overwrite with the same value is not an end', () => {
    const session = firstSession(
      [
        ...login(s(1)),
        response(s(10), '/touch', [sessionHeader(SESSIONID)]),
        removed(sid(s(1)), s(10), 'overwrite'),
        set(sid(s(10)), s(10)),
      ],
      rules(),
      s(20),
    );
    expect(session.state).toBe('active');
    expect(session.endReason).toBeNull();
  });

  test('a removal on another site does not end this one', () => {
    const other = { ...sid(s(1)), domain: 'example.com' };
    const session = firstSession(
      [...login(s(1)), removed(other, s(10), 'expired_overwrite')],
      rules(),
      s(20),
    );
    expect(session.state).toBe('active');
  });
});
