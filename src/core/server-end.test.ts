/**
 * A server deletion judged from its evidence: a logout URL is a logout; the first request after the
 * session sat idle longer than ever before, on a server that re-sends the cookie as it is used, is an
 * idle timeout (inferred); anything else is `server-ended`, and without the response, unknown.
 */
import { describe, expect, test } from 'vitest';
import type { ExportSession } from './contract';
import type { EventEvidence } from './evidence';
import type { CookieCause, Observation } from './observation';
import { isLogoutUrl } from './server-end';
import { classify } from './tracker';
import {
  DELETE_SESSIONID,
  ORIGIN,
  removed,
  rules,
  SESSIONID,
  SITE,
  sessionCookie,
  set,
  T0,
} from './tracker.fixtures';

const s = (sec: number) => T0 + sec * 1000;
/** SESSION_EXPIRE_AT_BROWSER_CLOSE: a browser-session cookie, re-sent unchanged on every response. */
const sid = sessionCookie(SESSIONID, s(0), { session: true, expiresAt: null });
const RESEND = `sessionid=${SESSIONID}; HttpOnly; Path=/; SameSite=Lax`;

/** A request as header capture records it: its activity, then its response. */
function hit(at: number, path: string, setCookie: string[], method = 'GET'): Observation[] {
  return [
    { kind: 'activity', at, url: ORIGIN + path, source: 'request', count: 1 },
    {
      kind: 'response',
      at,
      url: ORIGIN + path,
      storeId: '0',
      status: 200,
      method,
      setCookie,
      clearSiteData: null,
    },
  ];
}

/** Django with SESSION_SAVE_EVERY_REQUEST: every response re-sends the cookie. */
function visit(at: number, path = '/read'): Observation[] {
  return [...hit(at, path, [RESEND]), set(sid, at + 3)];
}

function login(): Observation[] {
  return [...hit(s(0), '/login', [RESEND], 'POST'), set(sid, s(0) + 3)];
}

/** A deletion as Chrome reports it (response, then expired_overwrite) or Firefox (explicit removal first). */
function deletion(at: number, path: string, order: 'chrome' | 'firefox', method = 'GET'): Observation[] {
  if (order === 'chrome')
    return [...hit(at, path, [DELETE_SESSIONID], method), removed(sid, at + 4, 'expired_overwrite')];
  const cause: CookieCause = 'explicit';
  return [removed(sid, at - 30, cause), ...hit(at, path, [DELETE_SESSIONID], method)];
}

function ended(observations: Observation[]): ExportSession {
  const session = classify(observations, rules(), s(3600)).find((x) => x.site === SITE)?.sessions[0];
  if (!session) throw new Error('no session');
  return session;
}

function endEvidence(session: ExportSession): EventEvidence {
  return session.events.find((e) => e.type === 'ended')?.evidence as EventEvidence;
}

describe('inactivity that ends a session on the server', () => {
  test.each(['chrome', 'firefox'] as const)(
    'the first ordinary request after a long idle deletes it: idle-timeout, inferred, with why (%s)',
    (order) => {
      const session = ended([
        ...login(),
        ...visit(s(2)),
        ...visit(s(5)),
        ...deletion(s(600), '/read', order),
      ]);
      expect(session).toMatchObject({ state: 'ended', endReason: 'idle-timeout', endInferred: true });
      const evidence = endEvidence(session);
      expect(evidence.request).toMatchObject({ method: 'GET', url: `${ORIGIN}/read`, status: 200 });
      expect(evidence.header).toEqual({ name: 'Set-Cookie', value: DELETE_SESSIONID });
      expect(evidence.why?.join(' ')).toMatch(
        /idle 10 min before it, longer than any pause it survived before \(3 s\)/,
      );
      expect(evidence.why?.join(' ')).toMatch(/re-sent the cookie 2 times/);
    },
  );

  test('Firefox reports no cookie change for an identical re-send: the re-sends its headers show still count', () => {
    // Firefox order: the cookie is set before its response is reported; re-sends leave only their header.
    const firefoxLogin = [set(sid, s(0)), ...hit(s(0) + 20, '/login', [RESEND], 'POST')];
    const session = ended([
      ...firefoxLogin,
      ...hit(s(1), '/read', [RESEND]),
      ...hit(s(2), '/read', [RESEND]),
      ...deletion(s(600), '/read', 'firefox'),
    ]);
    expect(session).toMatchObject({ state: 'ended', endReason: 'idle-timeout', endInferred: true });
    const evidence = endEvidence(session);
    expect(evidence.request).toMatchObject({ method: 'GET', url: `${ORIGIN}/read`, status: 200 });
    // The login's own header is the write that started the session, not a re-send.
    expect(evidence.why?.join(' ')).toMatch(/re-sent the cookie 2 times/);
  });

  test('a deletion sent before the session started is not what ended it', () => {
    const next = sessionCookie('n3wsess10nva1ue0000000000000000', s(1), { session: true, expiresAt: null });
    const sites = classify(
      [
        ...login(),
        ...deletion(s(10), '/logout', 'chrome'),
        // A new session a moment later, then removed with no header at all (devtools, a script).
        ...hit(s(11), '/login', [`sessionid=${next.value}; HttpOnly; Path=/; SameSite=Lax`], 'POST'),
        set(next, s(11) + 3),
        removed(next, s(12), 'explicit'),
      ],
      rules(),
      s(3600),
    );
    const second = sites[0]?.sessions.find(
      (x) => x.cookie.valueHash !== sites[0]?.sessions[0]?.cookie.valueHash,
    );
    expect(second?.endReason).toBe('removed');
    const end = second?.events.find((e) => e.type === 'ended');
    expect((end?.evidence as EventEvidence | undefined)?.request).toBeUndefined();
  });

  test.each(['chrome', 'firefox'] as const)('a logout URL is a logout, idle or not (%s)', (order) => {
    const session = ended([
      ...login(),
      ...visit(s(2)),
      ...deletion(s(600), '/accounts/logout/', order, 'POST'),
    ]);
    expect(session).toMatchObject({ endReason: 'logout', endInferred: false });
    expect(endEvidence(session).request).toMatchObject({ method: 'POST', url: `${ORIGIN}/accounts/logout/` });
  });

  test('not idle longer than before: the server ended it, and the evidence says why not a timeout', () => {
    const session = ended([
      ...login(),
      ...visit(s(2)),
      ...visit(s(302)),
      ...visit(s(310)),
      ...deletion(s(320), '/read', 'chrome'),
    ]);
    expect(session).toMatchObject({ endReason: 'server-ended', endInferred: false });
    expect(endEvidence(session).why?.join(' ')).toMatch(
      /idle 10 s before it, while it survived a pause of 5 min/,
    );
  });

  test('a server that never re-sent the cookie shows no sliding lifetime: server-ended, not a timeout', () => {
    const session = ended([...login(), ...deletion(s(600), '/read', 'chrome')]);
    expect(session.endReason).toBe('server-ended');
    expect(endEvidence(session).why?.join(' ')).toMatch(/never re-sent the cookie/);
  });

  test('without the response that deleted it, the cause is unknown, not guessed', () => {
    const session = ended([...login(), ...visit(s(2)), removed(sid, s(600), 'expired_overwrite')]);
    expect(session).toMatchObject({ endReason: 'server-ended', endInferred: false });
    expect(endEvidence(session)).toMatchObject({
      cookieChange: { removed: true, cause: 'expired_overwrite' },
      unknown: expect.stringMatching(/not captured/),
    });
    expect(endEvidence(session).request).toBeUndefined();
  });

  test('the response reported after the removal still decides, and brings its request', () => {
    const obs = [
      ...login(),
      ...visit(s(2)),
      removed(sid, s(600), 'expired_overwrite'),
      ...hit(s(600) + 40, '/logout', [DELETE_SESSIONID]),
    ];
    const session = ended(obs);
    expect(session.endReason).toBe('logout');
    expect(session.endedAt).toBe(new Date(s(600)).toISOString());
    expect(endEvidence(session).request?.url).toBe(`${ORIGIN}/logout`);
  });
});

describe('logout URLs', () => {
  test.each([
    ['http://127.0.0.1:8000/logout', true],
    ['https://example.com/accounts/logout/', true],
    ['https://example.com/auth/sign-out?next=/', true],
    ['https://example.com/users/sign_out', true],
    ['https://example.com/api/session/destroy', true],
    ['https://example.com/logoff.php', true],
    ['https://example.com/read', false],
    ['https://logout.example.com/read', false],
    ['https://example.com/read?action=logout', false],
  ])('%s → %s', (url, expected) => {
    expect(isLogoutUrl(url)).toBe(expected);
  });
});
