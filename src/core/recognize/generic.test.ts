import { describe, expect, it } from 'vitest';
import { recognize } from './index';

describe('generic names', () => {
  it.each([
    'session',
    'sess',
    'sid',
    'app_sid',
    'my.sid',
    'auth',
    'session_id',
    'user_session',
    '__Host-session',
  ])('%s is a session, with low confidence', (name) => {
    const r = recognize({ name, value: 'k2j3h4k5j6h7k8j9h0a1s2d3' });
    expect(r).toMatchObject({ session: true, role: 'session', framework: null, valueKind: 'opaque-id' });
    expect(r.confidence).toBeLessThanOrEqual(0.5);
  });

  it.each([
    '_ga',
    '_ga_ABC123',
    '_gid',
    '_gat_UA-1',
    '_fbp',
    'theme',
    'lang',
    'locale',
    'cookieconsent_status',
    '__stripe_sid',
    'AWSALB',
    '__cf_bm',
  ])('%s is not a session', (name) => {
    expect(recognize({ name, value: 'GA1.1.123456789.1795629735' })).toMatchObject({
      session: false,
      role: 'other',
    });
  });

  it('a WordPress login cookie', () => {
    expect(recognize({ name: 'wordpress_logged_in_0123abcd', value: 'admin|1795629735|x|y' }).session).toBe(
      true,
    );
  });

  it('unknown cookies are nothing in particular', () => {
    expect(recognize({ name: 'banner_seen', value: '1' })).toMatchObject({
      session: false,
      role: 'other',
      confidence: 0,
      evidence: [],
    });
  });
});
