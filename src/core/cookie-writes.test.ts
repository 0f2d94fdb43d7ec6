/** A cookie written: the same session re-sent or updated in place, or a rotation to a new one. */
import { describe, expect, test } from 'vitest';
import { classify } from './tracker';
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
