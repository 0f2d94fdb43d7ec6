/** What a decoded payload says: who is logged in, what changed, and the bounded history of payloads. */
import { describe, expect, test } from 'vitest';
import { changedKeys, MAX_PAYLOADS, recordPayload, subjectChange, subjectIn } from './payload';
import type { SessionRecord } from './session';

describe('the logged-in user in a payload', () => {
  test('each framework’s field', () => {
    expect(subjectIn({ _auth_user_id: '1', _auth_user_backend: 'x' })).toEqual({
      value: '1',
      field: '_auth_user_id',
    });
    expect(subjectIn({ _user_id: 7, _fresh: true })).toEqual({ value: '7', field: '_user_id' });
    expect(subjectIn({ passport: { user: 'amy' } })).toEqual({ value: 'amy', field: 'passport.user' });
    expect(subjectIn({ passport: { user: { id: 42, name: 'Amy' } } })).toEqual({
      value: '42',
      field: 'passport.user',
    });
    expect(subjectIn({ userId: 'u-9' })).toEqual({ value: 'u-9', field: 'userId' });
    expect(subjectIn({ header: { alg: 'HS256' }, claims: { sub: 'bob' } })).toEqual({
      value: 'bob',
      field: 'claims.sub',
    });
  });

  test('no one: an anonymous payload, an empty id, nothing decoded', () => {
    expect(subjectIn({ counter: 1 })).toEqual({ value: null, field: null });
    expect(subjectIn({ _auth_user_id: '' })).toEqual({ value: null, field: null });
    expect(subjectIn(null)).toEqual({ value: null, field: null });
  });

  test('a change of subject is a login, a logout or a switch of user', () => {
    expect(subjectChange(null, '1')).toBe('login');
    expect(subjectChange('1', null)).toBe('logout');
    expect(subjectChange('1', '2')).toBe('user-switch');
    expect(subjectChange('1', '1')).toBeNull();
    expect(subjectChange(null, null)).toBeNull();
  });
});

describe('what changed', () => {
  test('keys added, removed or changed, one level into nested objects', () => {
    expect(changedKeys({ counter: 1, a: 1 }, { counter: 2, a: 1, b: 3 })).toEqual(['b', 'counter']);
    expect(changedKeys({ claims: { sub: 'a', exp: 1 } }, { claims: { sub: 'a', exp: 2 } })).toEqual([
      'claims.exp',
    ]);
    expect(changedKeys(null, { x: 1 })).toEqual(['x']);
  });
});

describe('payload history', () => {
  const session = (): SessionRecord =>
    ({ startedAt: 0, decoded: { counter: 0 }, payloadsDropped: 0 }) as unknown as SessionRecord;

  test('starts from the payload the session started with; identical payloads are counted, not repeated', () => {
    const s = session();
    recordPayload(s, { counter: 0 }, 5);
    recordPayload(s, { counter: 1 }, 10);
    recordPayload(s, { counter: 1 }, 11);
    expect(s.payloads).toEqual([
      { at: 0, lastAt: 5, count: 2, data: { counter: 0 }, changed: [] },
      { at: 10, lastAt: 11, count: 2, data: { counter: 1 }, changed: ['counter'] },
    ]);
  });

  test('bounded: the first payload and the latest ones are kept, and the drop is counted', () => {
    const s = session();
    for (let i = 1; i <= MAX_PAYLOADS + 10; i++) recordPayload(s, { counter: i }, i);
    expect(s.payloads).toHaveLength(MAX_PAYLOADS);
    expect(s.payloads?.[0]?.data).toEqual({ counter: 0 });
    expect(s.payloads?.at(-1)?.data).toEqual({ counter: MAX_PAYLOADS + 10 });
    expect(s.payloadsDropped).toBe(11);
  });
});
