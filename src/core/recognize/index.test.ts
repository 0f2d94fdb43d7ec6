import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameMatches, recognize } from './index';

const RUNS = Number(process.env.FC_RUNS ?? 10000);

describe('recognize: the user decides last', () => {
  it('excluded always wins, even over a certain framework match and a pin', () => {
    const r = recognize({
      name: 'sessionid',
      value: 'dfyy5zla1c6ejqvh1p9l9w1ddbu25k6r',
      excluded: ['sessionid'],
      pinned: ['sessionid'],
    });
    expect(r).toMatchObject({ session: false, role: 'other', pinned: false, framework: 'django' });
    expect(r.evidence[0]).toMatch(/excluded by you/);
  });

  it('pinned makes any cookie a session', () => {
    const r = recognize({ name: 'banner_seen', value: '1', pinned: ['banner_seen'] });
    expect(r).toMatchObject({ session: true, role: 'session', pinned: true, confidence: 1 });
    expect(r.evidence[0]).toMatch(/pinned by you/);
  });

  it('pins a companion too', () => {
    expect(recognize({ name: 'csrftoken', value: 'x', pinned: ['csrftoken'] })).toMatchObject({
      session: true,
      framework: 'django',
    });
  });

  it('matches names with a * wildcard, and with or without a __Host- prefix', () => {
    expect(nameMatches(['sb-*-auth-token'], 'sb-abc-auth-token')).toBe(true);
    expect(nameMatches(['a.b'], 'axb')).toBe(false);
    expect(recognize({ name: '__Host-my', value: '', pinned: ['my'] }).session).toBe(true);
  });
});

describe('recognize: highest confidence wins', () => {
  it('a JWT under a Django name goes to the stronger evidence', () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiJ9.HZ4R0ukfCihzfo5pBhd8yxvc8-ulSa5gnzAx31xP3JE';
    expect(recognize({ name: 'sessionid', value: jwt }).framework).toBe('jwt');
  });

  it('a quoted value is read without its quotes', () => {
    const r = recognize({
      name: 'sessionid',
      value: '"eyJjb3VudGVyIjoxfQ:1xWHJv:wXcQxTUXpCKyysZa-25FcGbf4iv8nqQwSBfoZ0UIj7E"',
    });
    expect(r.decoder).toBe('django-signed');
  });
});

describe('recognize never throws', () => {
  const names = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom(
      'sessionid',
      'session',
      'session.sig',
      'connect.sid',
      'SESSION',
      '.AspNetCore.Cookies',
      '.AspNetCore.CookiesC1',
      'csrftoken',
      '__Host-x',
      'XSRF-TOKEN',
    ),
  );
  const values = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 120 }),
    fc.string({ maxLength: 60 }).map((s) => `eyJ${s}.${s}.${s}`),
    fc.string({ maxLength: 60 }).map((s) => `${s}:1xWHJv:${s}`),
    fc.string({ maxLength: 60 }).map((s) => `chunks-${s}`),
  );

  it('on any name, value, siblings and pins', () => {
    fc.assert(
      fc.property(
        names,
        values,
        fc.array(names, { maxLength: 4 }),
        fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 }),
        (name, value, siblings, pins) => {
          const r = recognize({ name, value, siblings, pinned: pins, excluded: pins.slice(1) });
          expect(r.confidence).toBeGreaterThanOrEqual(0);
          expect(r.confidence).toBeLessThanOrEqual(1);
          expect(r.session).toBe(r.role === 'session');
        },
      ),
      { numRuns: RUNS },
    );
  });
});
