import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCookieSession } from './cookie-session';

const RUNS = Number(process.env.FC_RUNS ?? 10000);

describe('decodeCookieSession', () => {
  it('reads the captured cookie-session value (standard base64 with padding)', () => {
    expect(decodeCookieSession('eyJ1c2VyIjoiYWxpY2UifQ==')).toMatchObject({
      ok: true,
      decoder: 'cookie-session',
      data: { user: 'alice' },
      issuedAt: null,
    });
  });

  it('accepts percent-encoded padding and missing padding', () => {
    expect(decodeCookieSession('eyJ1c2VyIjoiYWxpY2UifQ%3D%3D')).toMatchObject({
      ok: true,
      data: { user: 'alice' },
    });
    expect(decodeCookieSession('eyJ1c2VyIjoiYWxpY2UifQ')).toMatchObject({
      ok: true,
      data: { user: 'alice' },
    });
  });

  it.each([
    ['', 'not base64'],
    ['s%3A1LfbXerGCkIOPUWFxMM06XWzDa0otwXW.tCwyoQ', 'not base64'],
    [Buffer.from('hello').toString('base64'), 'not JSON'],
    [Buffer.from('[1,2]').toString('base64'), 'not a session object'],
  ])('%j fails: %s', (value, reason) => {
    const d = decodeCookieSession(value);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.reason).toContain(reason);
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (v) => {
        expect(typeof decodeCookieSession(v).ok).toBe('boolean');
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on base64-shaped strings, and reads back any JSON session', () => {
    const session = fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), {
      maxKeys: 5,
    });
    fc.assert(
      fc.property(session, fc.stringMatching(/^[A-Za-z0-9+/]{0,60}={0,2}$/), (data, junk) => {
        expect(typeof decodeCookieSession(junk).ok).toBe('boolean');
        const value = Buffer.from(JSON.stringify(data)).toString('base64');
        expect(decodeCookieSession(value)).toMatchObject({
          ok: true,
          data: JSON.parse(JSON.stringify(data)),
        });
      }),
      { numRuns: RUNS },
    );
  });
});
