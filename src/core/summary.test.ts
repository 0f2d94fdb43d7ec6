/** What will end a live session (endsBy), from its cookie, its writes and the rules. */
import { describe, expect, test } from 'vitest';
import type { Observation } from './observation';
import { login, navigation, only, rules, SESSIONID, sessionCookie, set, T0 } from './tracker.fixtures';

const s = (sec: number) => T0 + sec * 1000;
const isoAt = (ms: number) => new Date(ms).toISOString();

describe('summary (endsBy)', () => {
  test('Django default: the expiry slides on writes, two weeks', () => {
    const obs = [
      ...login(s(0)),
      set(sessionCookie(SESSIONID, s(10)), s(10)),
      navigation(s(20)),
      navigation(s(30)),
    ];
    expect(only(obs, s(31)).endsBy).toEqual({
      kind: 'expires-after-write',
      seconds: 1_209_600,
      at: isoAt(s(10) + 1_209_600_000),
      frameworkDefault: 'django',
    });
  });

  test('SESSION_SAVE_EVERY_REQUEST: the expiry runs from the last response', () => {
    const obs: Observation[] = [...login(s(0))];
    for (let i = 1; i <= 4; i++)
      obs.push(navigation(s(i * 10)), set(sessionCookie(SESSIONID, s(i * 10)), s(i * 10)));
    expect(only(obs, s(41)).endsBy).toMatchObject({ kind: 'expires-after-inactivity', seconds: 1_209_600 });
  });

  test('max-lifetime when it comes before the cookie’s expiry', () => {
    expect(only(login(s(0)), s(1), rules({ maxLifetimeSeconds: 3600 })).endsBy).toEqual({
      kind: 'max-lifetime',
      seconds: 3600,
      at: isoAt(s(3600)),
    });
  });

  test('right after a login nothing shows yet whether the expiry moves: not yet known, never "fixed"', () => {
    const by = only(login(s(0)), s(1)).endsBy;
    expect(by).toMatchObject({
      kind: 'expiry-unknown',
      at: isoAt(s(0) + 1_209_600_000),
      seconds: 1_209_600,
      frameworkDefault: 'django',
    });
    expect(by?.kind === 'expiry-unknown' && by.evidence.join(' ')).toMatch(/not re-sent yet/);
  });

  test('a fixed expiry: re-sent well apart, it never moved', () => {
    const fixed = sessionCookie(SESSIONID, s(0));
    const obs = [...login(s(0)), set(fixed, s(60)), set(fixed, s(120))];
    expect(only(obs, s(121)).endsBy).toEqual({ kind: 'expires-at', at: isoAt(s(0) + 1_209_600_000) });
  });

  test('a rule that comes first', () => {
    expect(only(login(s(0)), s(1), rules({ idleTimeoutSeconds: 900 })).endsBy).toEqual({
      kind: 'idle-timeout',
      seconds: 900,
      at: isoAt(s(900)),
    });
  });
});
