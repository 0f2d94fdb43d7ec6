import { describe, expect, it } from 'vitest';
import { session } from './fixtures';
import { changedValue, loginVisibilityFor, payloadRows, payloadRowText } from './payload-history';
import { tEn } from './test-translate';

const t0 = '2026-11-26T09:00:00.000Z';
const t1 = '2026-11-26T09:05:00.000Z';

describe('a signed cookie’s payload history', () => {
  const s = session({
    decodedHistory: [
      { at: t0, lastAt: t0, count: 1, decoded: { _auth_user_id: '1', counter: 1 }, changed: [] },
      { at: t1, lastAt: t1, count: 3, decoded: { _auth_user_id: '1', counter: 2 }, changed: ['counter'] },
    ],
  });

  it('says what the first payload held, then what changed and how often it was written', () => {
    const rows = payloadRows(s);
    expect(rows.map((r) => payloadRowText(r, tEn))).toEqual([
      'First payload: _auth_user_id, counter',
      'Changed: counter (written 3×)',
    ]);
    expect(changedValue(rows[1]!, 'counter', tEn)).toBe('2');
    expect(changedValue(rows[1]!, 'gone', tEn)).toBe('none');
  });

  it('reads a nested changed key and keeps only entries of the documented shape', () => {
    const rows = payloadRows(
      session({
        decodedHistory: [
          { at: t0, lastAt: t0, count: 1, decoded: { claims: { exp: 1 } }, changed: [] },
          'junk' as never,
          {
            at: t1,
            lastAt: t1,
            count: 1,
            decoded: { claims: { exp: 2 } },
            changed: ['claims.exp', 4 as never],
          },
        ],
      }),
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]?.changed).toEqual(['claims.exp']);
    expect(changedValue(rows[1]!, 'claims.exp', tEn)).toBe('2');
    expect(payloadRows(session())).toEqual([]);
  });

  it('says logins cannot be seen for an encrypted cookie, and only for that cookie', () => {
    const encrypted = {
      kind: 'logins-visible',
      value: false,
      evidence: [
        'laravel_session is encrypted (laravel): who is logged in cannot be read from it',
        'logins and logouts that keep the cookie cannot be seen; only a new cookie or its deletion shows',
      ],
    };
    const laravel = session({ cookie: { ...session().cookie, name: 'laravel_session' } });
    expect(loginVisibilityFor(laravel, [encrypted])).toBe(encrypted);
    expect(loginVisibilityFor(session(), [encrypted])).toBeNull();
    // Visible logins need no note.
    expect(
      loginVisibilityFor(laravel, [{ ...encrypted, value: true, evidence: ['laravel_session names…'] }]),
    ).toBeNull();
  });
});
