import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeJwt } from './jwt';

const RUNS = Number(process.env.FC_RUNS ?? 10000);

// HS256 over {"sub":"42","name":"alice","iat":1795629735,"exp":1795633335}.
const JWS =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiIsIm5hbWUiOiJhbGljZSIsImlhdCI6MTc5NTYyOTczNSwiZXhwIjoxNzk1NjMzMzM1fQ.HZ4R0ukfCihzfo5pBhd8yxvc8-ulSa5gnzAx31xP3JE';
// Auth.js's default session token shape: {"alg":"dir","enc":"A256GCM"}, empty key segment.
const JWE = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXZpdml2aXZpdg.Y2lwaGVydGV4dA.dGFndGFndGFndGFn';
const SUPABASE =
  'base64-eyJhY2Nlc3NfdG9rZW4iOiJleUpoYkdjaU9pSklVekkxTmlJc0luUjVjQ0k2SWtwWFZDSjkuZXlKemRXSWlPaUkwTWlJc0ltNWhiV1VpT2lKaGJHbGpaU0lzSW1saGRDSTZNVGM1TlRZeU9UY3pOU3dpWlhod0lqb3hOemsxTmpNek16TTFmUS5IWjRSMHVrZkNpaHpmbzVwQmhkOHl4dmM4LXVsU2E1Z256QXgzMXhQM0pFIiwidG9rZW5fdHlwZSI6ImJlYXJlciJ9';

describe('decodeJwt', () => {
  it('reads header and claims, with iat/exp in ms', () => {
    const d = decodeJwt(JWS);
    expect(d).toMatchObject({
      ok: true,
      decoder: 'jwt',
      data: { header: { alg: 'HS256', typ: 'JWT' }, claims: { sub: '42', name: 'alice' } },
      issuedAt: 1795629735000,
      expiresAt: 1795633335000,
    });
    if (d.ok) expect(d.notes.join(' ')).toMatch(/HS256.*not verified/);
  });

  it('a JWE is encrypted and says so', () => {
    const d = decodeJwt(JWE);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.reason).toBe('encrypted (JWE, alg dir, enc A256GCM), needs the key');
  });

  it('reads the access token inside a Supabase "base64-" session', () => {
    const d = decodeJwt(SUPABASE);
    expect(d).toMatchObject({ ok: true, data: { claims: { sub: '42' } }, expiresAt: 1795633335000 });
  });

  it('notes an unsigned token', () => {
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.`;
    const d = decodeJwt(none);
    expect(d.ok && d.notes[0]).toMatch(/unsigned/);
  });

  it.each([
    ['two parts', 'eyJhbGciOiJIUzI1NiJ9.e30'],
    ['no alg', `${Buffer.from('{"typ":"JWT"}').toString('base64url')}.e30.sig`],
    ['header not JSON', 'abc.def.ghi'],
    ['claims not JSON', `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.aGVsbG8.sig`],
    ['empty', ''],
  ])('fails on %s', (_what, value) => {
    expect(decodeJwt(value).ok).toBe(false);
  });

  it('ignores an exp that is not a time', () => {
    const bad = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"exp":"soon"}').toString('base64url')}.s`;
    expect(decodeJwt(bad)).toMatchObject({ ok: true, expiresAt: null });
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (v) => {
        expect(typeof decodeJwt(v).ok).toBe('boolean');
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on JWT-shaped strings, and reads back any claims', () => {
    const b64 = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url');
    const claims = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 });
    const junk = fc
      .array(fc.stringMatching(/^[\w-]{0,30}$/), { minLength: 1, maxLength: 6 })
      .map((p) => p.join('.'));
    fc.assert(
      fc.property(claims, junk, (c, j) => {
        expect(typeof decodeJwt(`eyJ${j}`).ok).toBe('boolean');
        expect(typeof decodeJwt(`base64-${Buffer.from(j).toString('base64')}`).ok).toBe('boolean');
        const d = decodeJwt(`${b64({ alg: 'RS256' })}.${b64(c)}.sig`);
        expect(d).toMatchObject({ ok: true, data: { claims: JSON.parse(JSON.stringify(c)) } });
      }),
      { numRuns: RUNS },
    );
  });
});
