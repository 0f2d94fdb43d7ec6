import { describe, expect, it } from 'vitest';
import type { CookieSnapshot, Observation } from '../core/observation';
import { isPrivateStore, persistablePart } from './private-store';

const cookie = (storeId: string): CookieSnapshot => ({
  storeId,
  partitionKey: null,
  domain: 'example.com',
  path: '/',
  name: 'sessionid',
  value: 'v',
  hostOnly: true,
  session: true,
  expiresAt: null,
  httpOnly: true,
  secure: false,
  sameSite: 'lax',
});

describe('private windows stay in memory', () => {
  it('knows the private stores of both browsers', () => {
    expect(isPrivateStore('1')).toBe(true);
    expect(isPrivateStore('firefox-private')).toBe(true);
    expect(isPrivateStore('0')).toBe(false);
    expect(isPrivateStore('firefox-default')).toBe(false);
    expect(isPrivateStore('firefox-container-1')).toBe(false);
  });

  it('stores nothing of a private cookie unless the user opted in', () => {
    const obs: Observation = { kind: 'cookie-set', at: 1, cookie: cookie('firefox-private') };
    expect(persistablePart(obs, false, false)).toBeNull();
    expect(persistablePart(obs, false, true)).toBe(obs);
  });

  it('stores a startup without its private cookies', () => {
    const obs: Observation = {
      kind: 'startup',
      at: 1,
      reason: 'extension-start',
      lastSeenAt: null,
      cookies: [cookie('0'), cookie('1')],
    };
    const part = persistablePart(obs, false, false);
    expect(part?.kind === 'startup' && part.cookies.map((c) => c.storeId)).toEqual(['0']);
  });

  it('drops activity from private tabs and keeps the rest untouched', () => {
    const act: Observation = { kind: 'activity', at: 1, url: 'https://a.com/', source: 'request', count: 1 };
    expect(persistablePart(act, true, false)).toBeNull();
    expect(persistablePart(act, false, false)).toBe(act);
    // Activity that names a private store is private whatever the caller knew of its tab.
    expect(persistablePart({ ...act, storeId: 'firefox-private' }, false, false)).toBeNull();
    expect(persistablePart({ ...act, storeId: 'firefox-container-1' }, false, false)).not.toBeNull();
  });
});
