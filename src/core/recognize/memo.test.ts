import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recognize, recognizeUncached } from './index';

const RUNS = Number(process.env.FC_RUNS ?? 10000);

const COOKIE_SESSION = 'eyJ1c2VyIjoiYWxpY2UifQ==';
const JWT =
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSIsImV4cCI6NDEwMjQ0NDgwMH0.8Ud0Kgq1b6P6eD7hGQ2yq1g3k6Xn0j2y3m4n5o6p7q8';

// Names whose recognition depends on their siblings (cookie-session pairs, ASP.NET chunks), and others.
const NAMES = [
  'session',
  'session.sig',
  '__Host-session',
  'MyAuth',
  'MyAuthC1',
  '.AspNetCore.Cookies',
  '.AspNetCore.CookiesC1',
  'sessionid',
  'csrftoken',
  'connect.sid',
  'token',
  '_ga',
];
const VALUES = [COOKIE_SESSION, JWT, 'chunks-2', 'dfyy5zla1c6ejqvh1p9l9w1ddbu25k6r', 's:abc.def', '1', ''];

describe('recognition memo', () => {
  it('gives what a fresh recognition gives, whatever was asked before and with which siblings', () => {
    const question = fc.record({
      name: fc.constantFrom(...NAMES),
      value: fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 40 })),
      siblings: fc.option(fc.subarray(NAMES), { nil: undefined }),
      pinned: fc.option(fc.subarray(['session', 'token', 'My*']), { nil: undefined }),
      excluded: fc.option(fc.subarray(['_ga', 'csrftoken']), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(question, { minLength: 1, maxLength: 8 }), (questions) => {
        for (const q of questions) expect(recognize(q)).toEqual(recognizeUncached(q));
      }),
      { numRuns: RUNS },
    );
  });

  it('a cookie recognized alone, then beside its signature cookie, reads as the pair', () => {
    const alone = recognize({ name: 'session', value: COOKIE_SESSION });
    const paired = recognize({ name: 'session', value: COOKIE_SESSION, siblings: ['session.sig'] });
    expect(paired.confidence).toBeGreaterThan(alone.confidence);
    expect(paired.evidence.join(' ')).toMatch(/session\.sig/);
    // And back: the pair's answer is not given to a cookie that has no signature beside it.
    expect(recognize({ name: 'session', value: COOKIE_SESSION, siblings: ['other'] })).toEqual(alone);
  });

  it('answers the same question from memory, frozen so no caller can change it for the next', () => {
    const input = { name: 'sessionid', value: 'dfyy5zla1c6ejqvh1p9l9w1ddbu25k6r', siblings: ['csrftoken'] };
    const first = recognize(input);
    expect(recognize({ ...input, siblings: ['csrftoken', '_ga'] })).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.evidence)).toBe(true);
  });

  it('a pin or an exclusion is part of the question', () => {
    const value = 'dfyy5zla1c6ejqvh1p9l9w1ddbu25k6r';
    expect(recognize({ name: 'sessionid', value }).session).toBe(true);
    expect(recognize({ name: 'sessionid', value, excluded: ['sessionid'] }).session).toBe(false);
    expect(recognize({ name: 'banner', value: '1' }).session).toBe(false);
    expect(recognize({ name: 'banner', value: '1', pinned: ['banner'] }).session).toBe(true);
  });
});
