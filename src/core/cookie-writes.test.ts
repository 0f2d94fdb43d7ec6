/** A cookie written: the same session re-sent or updated in place, or a rotation to a new one. */
import { describe, expect, test } from 'vitest';
import { classify, Tracker } from './tracker';
import {
  jwt,
  login,
  navigation,
  only,
  removed,
  response,
  rules,
  SESSIONID,
  SIGNED_1,
  SIGNED_2,
  sessionCookie,
  sessionHeader,
  set,
  T0,
} from './tracker.fixtures';

const s = (sec: number) => T0 + sec * 1000;
const isoAt = (ms: number) => new Date(ms).toISOString();

describe('updates and rotation', () => {
  test('signed_cookies: a new value updates the session and its decoded data, never rotates', () => {
    const obs = [
      set(sessionCookie(SIGNED_1, s(1)), s(1)),
      response(s(10), '/touch', [sessionHeader(SIGNED_2)]),
      removed(sessionCookie(SIGNED_1, s(1)), s(10), 'overwrite'),
      set(sessionCookie(SIGNED_2, s(10)), s(10)),
    ];
    const session = only(obs, s(11));
    expect(session.state).toBe('active');
    expect(session.decoded).not.toBeNull();
    expect(session.events.map((e) => e.type)).toEqual(['started', 'updated']);
    expect(session.events[1]).toMatchObject({ what: 'value' });
    const first = only(obs.slice(0, 1), s(2));
    expect(session.cookie.valueHash).not.toBe(first.cookie.valueHash);
    expect(session.id).toBe(first.id);
  });

  test('JWT: the same subject updates, another subject rotates', () => {
    const name = 'access_token';
    const c = (v: string, at: number) => sessionCookie(v, at, { name });
    const same = [set(c(jwt('alice'), s(1)), s(1)), set(c(`${jwt('alice')}x`, s(5)), s(5))];
    expect(classify(same, rules(), s(6))[0]?.sessions).toHaveLength(1);
    const other = [set(c(jwt('alice'), s(1)), s(1)), set(c(jwt('bob'), s(5)), s(5))];
    const sessions = classify(other, rules(), s(6))[0]!.sessions;
    expect(sessions.map((x) => x.endReason)).toEqual(['rotated', null]);
    expect(sessions[1]?.decoded).toMatchObject({ claims: { sub: 'bob' } });
  });

  test('encrypted data re-issued on every response (Laravel) stays one session with one coalesced event', () => {
    const laravel = (i: number) =>
      sessionCookie(`eyJpdiI6Ij${i}IiwidmFsdWUiOiJ4IiwibWFjIjoieSJ9`, s(i), { name: 'laravel_session' });
    const obs = [set(laravel(0), s(0))];
    for (let i = 1; i <= 30; i++) obs.push(navigation(s(i)), set(laravel(i), s(i)));
    const sites = classify(obs, rules(), s(31));
    const session = sites[0]!.sessions;
    expect(session).toHaveLength(1);
    expect(session[0]?.framework).toBe('laravel');
    expect(session[0]?.events.filter((e) => e.type === 'updated')).toMatchObject([
      { what: 'value', count: 30 },
    ]);
    expect(sites[0]?.inferences.find((i) => i.kind === 'expiry')?.value).toMatchObject({
      mode: 'sliding-every-response',
    });
  });

  test('re-sends are coalesced into one updated event with a count', () => {
    const obs = [...login(s(0))];
    for (let i = 1; i <= 50; i++) obs.push(set(sessionCookie(SESSIONID, s(i)), s(i)));
    const session = only(obs, s(51));
    const updates = session.events.filter((e) => e.type === 'updated');
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ what: 'resent', count: 50 });
    expect(session.cookie.expiresAt).toBe(isoAt(s(50) + 1_209_600_000));
  });
});

/** A Django signed_cookies value for `payload` (the signature is never checked). */
function djangoSigned(payload: Record<string, unknown>, ts = '1xWHJv'): string {
  return `${Buffer.from(JSON.stringify(payload)).toString('base64url')}:${ts}:${'s'.repeat(43)}`;
}
const auth = (id: string) => ({
  _auth_user_id: id,
  _auth_user_backend: 'django.contrib.auth.backends.ModelBackend',
});

describe('signed-cookie sessions: who is logged in', () => {
  const write = (payload: Record<string, unknown>, at: number, ts?: string) =>
    set(sessionCookie(djangoSigned(payload, ts), at), at);

  test('logging in as amy, then as bob: two sessions, linked, the switch shown with the payloads', () => {
    const sites = classify([write(auth('1'), s(1)), write(auth('2'), s(10))], rules(), s(11));
    const [amy, bob] = sites[0]!.sessions;
    expect(amy).toMatchObject({ endReason: 'rotated', replacedBy: bob?.id, decoded: auth('1') });
    expect(bob).toMatchObject({ state: 'active', replaces: amy?.id, decoded: auth('2') });
    expect(amy?.events.at(-1)).toMatchObject({
      type: 'ended',
      reason: 'rotated',
      change: 'user-switch',
      replacedBy: bob?.id,
      evidence: { payload: { before: auth('1'), after: auth('2'), changed: ['_auth_user_id'] } },
    });
    expect(bob?.events[0]).toMatchObject({ type: 'started', change: 'user-switch', replaces: amy?.id });
  });

  test('a login: the anonymous session is rotated into a logged-in one', () => {
    const sites = classify(
      [write({ counter: 1 }, s(1)), write({ counter: 1, ...auth('1') }, s(10))],
      rules(),
      s(11),
    );
    const [anon, user] = sites[0]!.sessions;
    expect(anon).toMatchObject({ endReason: 'rotated', replacedBy: user?.id });
    expect(anon?.events.at(-1)).toMatchObject({ change: 'login' });
    expect(user?.events[0]).toMatchObject({ change: 'login' });
  });

  test('a logout that keeps the cookie (Flask-Login): the session ends as a logout, an anonymous one starts', () => {
    const flask = (payload: Record<string, unknown>, at: number) =>
      set(
        sessionCookie(
          `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.awcjmA.${'s'.repeat(27)}`,
          at,
          {
            name: 'session',
          },
        ),
        at,
      );
    const sites = classify(
      [flask({ _user_id: '7', _fresh: true }, s(1)), flask({ _fresh: false }, s(10))],
      rules(),
      s(11),
    );
    const [user, anon] = sites[0]!.sessions;
    expect(user).toMatchObject({ framework: 'flask', endReason: 'logout', replacedBy: null });
    expect(user?.events.at(-1)).toMatchObject({
      change: 'logout',
      evidence: { payload: { changed: ['_fresh', '_user_id'] } },
    });
    expect(anon).toMatchObject({ state: 'active', replaces: null });
    expect(anon?.events[0]).toMatchObject({ change: 'logout', after: user?.id });
  });

  test('the same user writing the session stays one session, and the payloads it carried are kept', () => {
    const obs = [
      write(auth('1'), s(1), '1xWHJv'),
      write({ ...auth('1'), counter: 1 }, s(10), '1xWHJw'),
      // SESSION_SAVE_EVERY_REQUEST: a new timestamp, the same payload.
      write({ ...auth('1'), counter: 1 }, s(12), '1xWHJx'),
      write({ ...auth('1'), counter: 2 }, s(20), '1xWHJy'),
    ];
    const session = only(obs, s(21));
    expect(session.decodedHistory).toEqual([
      { at: isoAt(s(1)), lastAt: isoAt(s(1)), count: 1, decoded: auth('1'), changed: [] },
      {
        at: isoAt(s(10)),
        lastAt: isoAt(s(12)),
        count: 2,
        decoded: { ...auth('1'), counter: 1 },
        changed: ['counter'],
      },
      {
        at: isoAt(s(20)),
        lastAt: isoAt(s(20)),
        count: 1,
        decoded: { ...auth('1'), counter: 2 },
        changed: ['counter'],
      },
    ]);
    const site = classify(obs, rules(), s(21))[0]!;
    expect(site.inferences.find((i) => i.kind === 'logins-visible')).toMatchObject({
      value: true,
      evidence: [expect.stringMatching(/_auth_user_id/)],
    });
  });

  test('an encrypted cookie (Laravel) says that logins and logouts cannot be seen in it', () => {
    const laravel = sessionCookie('eyJpdiI6IjEiLCJ2YWx1ZSI6IngiLCJtYWMiOiJ5In0=', s(1), {
      name: 'laravel_session',
    });
    const site = classify([set(laravel, s(1))], rules(), s(2))[0]!;
    const inference = site.inferences.find((i) => i.kind === 'logins-visible');
    expect(inference?.value).toBe(false);
    expect(inference?.evidence.join(' ')).toMatch(
      /encrypted \(laravel\).*logins and logouts that keep the cookie cannot be seen/,
    );
  });

  test('the payload history follows the rule of decoded: an opaque id’s only with values included', () => {
    const spring = sessionCookie('YWE4NTM3OTItNDIxNC00NzRjLTgwN2YtZjgwNWZiY2YxN2Nm', s(1), {
      name: 'SESSION',
    });
    const tracker = new Tracker(rules());
    tracker.apply(set(spring, s(1)));
    const hidden = tracker.report(s(2))[0]!.sessions[0]!;
    expect(hidden.decoded).toBeNull();
    expect(hidden.decodedHistory).toBeUndefined();
    const shown = tracker.report(s(2), { includeValues: true })[0]!.sessions[0]!;
    expect(shown.decodedHistory?.[0]?.decoded).toEqual(shown.decoded);
  });
});
