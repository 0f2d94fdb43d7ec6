import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cookieId, parseCookieId, storeKind } from './cookie-id';
import type { CookieKey } from './observation';

const RUNS = Number(process.env.FC_RUNS ?? 10000);

const key: CookieKey = {
  storeId: '0',
  partitionKey: null,
  domain: 'localhost',
  path: '/',
  name: 'sessionid',
};

describe('cookieId', () => {
  it('is stable and readable', () => {
    expect(cookieId(key)).toBe(cookieId({ ...key }));
    expect(cookieId(key)).toBe('0||localhost|/|sessionid');
  });

  it('tells apart cookies that differ in any part of their identity', () => {
    const ids = new Set(
      [
        key,
        { ...key, storeId: 'firefox-container-1' },
        { ...key, partitionKey: '' },
        { ...key, partitionKey: 'https://example.com' },
        { ...key, domain: '.localhost' },
        { ...key, path: '/admin' },
        { ...key, name: 'csrftoken' },
      ].map(cookieId),
    );
    expect(ids.size).toBe(7);
  });

  it('is not fooled by separators inside names', () => {
    const a = { ...key, path: '/a|b', name: 'c' };
    const b = { ...key, path: '/a', name: 'b|c' };
    expect(cookieId(a)).not.toBe(cookieId(b));
  });

  it('is unambiguous: the key can be read back from any id', () => {
    const arbKey = fc.record({
      storeId: fc.string(),
      partitionKey: fc.option(fc.string(), { nil: null }),
      domain: fc.string(),
      path: fc.string(),
      name: fc.string(),
    });
    fc.assert(
      fc.property(arbKey, (k) => {
        expect(parseCookieId(cookieId(k))).toEqual(k);
      }),
      { numRuns: RUNS },
    );
  });

  it('rejects strings that are not ids', () => {
    expect(parseCookieId('nope')).toBeNull();
    expect(parseCookieId('0|x|d|p|n')).toBeNull();
  });
});

describe('storeKind', () => {
  it.each([
    ['0', 'default'],
    ['1', 'private'],
    ['firefox-default', 'default'],
    ['firefox-private', 'private'],
    ['firefox-container-3', 'container'],
  ] as const)('%s is %s', (storeId, kind) => {
    expect(storeKind(storeId)).toBe(kind);
  });
});
