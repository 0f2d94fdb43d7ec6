import { describe, expect, it } from 'vitest';
import { candidateSites, targetFromQuery, websiteHost } from './target';

const OWN = 'chrome-extension://abcdef/';

describe('which view the popup opens on', () => {
  it('a website tab gives its host', () => {
    expect(websiteHost('https://www.shop.example/cart', OWN)).toBe('www.shop.example');
    expect(websiteHost('http://localhost:8000/admin/', OWN)).toBe('localhost');
    expect(websiteHost('http://[::1]:8000/', OWN)).toBe('::1');
  });

  it('a tab that shows no website gives nothing, so the popup opens on all sites', () => {
    for (const url of [
      undefined,
      'chrome://newtab/',
      'about:newtab',
      'about:blank',
      'moz-extension://uuid/other.html',
      'file:///home/me/x.html',
      `${OWN}src/popup/index.html`,
      'not a url',
    ]) {
      expect(websiteHost(url, OWN)).toBeNull();
    }
  });

  it('our URL can force a site or the list', () => {
    expect(targetFromQuery('?site=shop.example')).toEqual({ mode: 'site', site: 'shop.example' });
    expect(targetFromQuery('?all=1')).toEqual({ mode: 'all' });
    expect(targetFromQuery('')).toBeNull();
  });
});

describe('candidateSites', () => {
  it('lists the host and its parent domains, longest first, never a bare top-level domain', () => {
    expect(candidateSites('a.b.shop.example')).toEqual([
      'a.b.shop.example',
      'b.shop.example',
      'shop.example',
    ]);
    expect(candidateSites('localhost')).toEqual(['localhost']);
    expect(candidateSites('127.0.0.1')).toEqual(['127.0.0.1']);
    expect(candidateSites('::1')).toEqual(['::1']);
  });
});
