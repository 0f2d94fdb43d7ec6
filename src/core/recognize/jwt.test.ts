import { describe, expect, it } from 'vitest';
import { recognize } from './index';

const JWS =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiIsIm5hbWUiOiJhbGljZSIsImlhdCI6MTc5NTYyOTczNSwiZXhwIjoxNzk1NjMzMzM1fQ.HZ4R0ukfCihzfo5pBhd8yxvc8-ulSa5gnzAx31xP3JE';
const JWE = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXZpdml2aXZpdg.Y2lwaGVydGV4dA.dGFndGFndGFndGFn';

describe('JWT in a cookie', () => {
  it('a JWS in any cookie is a token with the jwt decoder', () => {
    const r = recognize({ name: 'whatever', value: JWS });
    expect(r).toMatchObject({ session: true, framework: 'jwt', valueKind: 'token', decoder: 'jwt' });
  });

  it('a usual token name raises confidence', () => {
    expect(recognize({ name: 'access_token', value: JWS }).confidence).toBeGreaterThan(
      recognize({ name: 'whatever', value: JWS }).confidence,
    );
  });

  it('Auth.js JWE session token: a token without decoder', () => {
    const r = recognize({ name: '__Secure-authjs.session-token', value: JWE });
    expect(r).toMatchObject({ session: true, framework: 'jwt', valueKind: 'token', decoder: null });
    expect(r.evidence.join(' ')).toMatch(/JWE/);
  });

  it.each(['next-auth.session-token', 'jwt', 'id_token', 'token', 'sb-abcdref-auth-token'])(
    '%s is a token by name alone',
    (name) => {
      expect(recognize({ name, value: 'opaque' })).toMatchObject({ session: true, framework: 'jwt' });
    },
  );

  it('chunked Supabase/Auth.js tokens: .0 is the session, later chunks companions', () => {
    expect(recognize({ name: 'sb-ref-auth-token.0', value: 'base64-eyJhY2Nlc3N' }).role).toBe('session');
    expect(recognize({ name: 'sb-ref-auth-token.1', value: 'xyz' }).role).toBe('companion');
  });

  it('a three-part value whose header is not a JWT header is not a JWT', () => {
    expect(recognize({ name: 'prefs', value: 'eyJhIjoxfQ.eyJiIjoyfQ.x' }).framework).not.toBe('jwt');
  });
});
