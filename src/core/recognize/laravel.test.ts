import { describe, expect, it } from 'vitest';
import { recognize } from './index';

const ENVELOPE =
  'eyJpdiI6IlR3NFZLbW1zcTRLNGRMdFJYV3JzV0E9PSIsInZhbHVlIjoiSmVMZ0x6cnRCWDl1c3dISEpPZz09IiwibWFjIjoiYWJjIiwidGFnIjoiIn0%3D';

describe('Laravel', () => {
  it('laravel_session with the encrypted envelope', () => {
    const r = recognize({ name: 'laravel_session', value: ENVELOPE });
    expect(r).toMatchObject({ session: true, framework: 'laravel', valueKind: 'encrypted-data' });
    expect(r.evidence.join(' ')).toMatch(/eyJpdiI6/);
  });

  it('<app>_session with the envelope', () => {
    expect(recognize({ name: 'my_shop_session', value: ENVELOPE })).toMatchObject({
      session: true,
      framework: 'laravel',
      hints: { appName: 'my_shop' },
    });
  });

  it('XSRF-TOKEN is a companion', () => {
    expect(recognize({ name: 'XSRF-TOKEN', value: ENVELOPE })).toMatchObject({
      session: false,
      role: 'companion',
      framework: 'laravel',
    });
  });

  it('another Laravel-encrypted cookie is not a session', () => {
    expect(recognize({ name: 'cart', value: ENVELOPE })).toMatchObject({
      session: false,
      framework: 'laravel',
    });
  });
});
