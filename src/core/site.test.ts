import fc from 'fast-check';
import { getDomain } from 'tldts';
import { describe, expect, it } from 'vitest';
import { siteOf, siteOfCookie, siteOfUrl } from './site';

const RUNS = Number(process.env.FC_RUNS ?? 10000);

describe('siteOf', () => {
  it.each([
    ['example.co.uk', 'example.co.uk'],
    ['www.example.co.uk', 'example.co.uk'],
    ['a.b.example.com', 'example.com'],
    ['Example.COM', 'example.com'],
    ['.example.com', 'example.com'],
    ['example.com.', 'example.com'],
    ['localhost', 'localhost'],
    ['app.localhost', 'app.localhost'],
    ['127.0.0.1', '127.0.0.1'],
    ['192.168.1.20', '192.168.1.20'],
    ['[::1]', '::1'],
    ['::1', '::1'],
    ['2001:db8::1', '2001:db8::1'],
    ['[2001:0DB8:0:0:0:0:0:1]', '2001:db8::1'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['www.bücher.de', 'xn--bcher-kva.de'],
    ['xn--bcher-kva.de', 'xn--bcher-kva.de'],
    ['intranet', 'intranet'],
  ])('%s → %s', (host, site) => {
    expect(siteOf(host)).toBe(site);
  });

  it('keeps two sites on a private suffix apart, as browsers do (github.io, vercel.app…)', () => {
    // Decision: the PSL's private section counts. alice.github.io cannot set cookies for bob.github.io,
    // so merging them would mix two unrelated developers' sessions.
    expect(siteOf('alice.github.io')).toBe('alice.github.io');
    expect(siteOf('docs.alice.github.io')).toBe('alice.github.io');
    expect(siteOf('bob.github.io')).not.toBe(siteOf('alice.github.io'));
    expect(siteOf('my-app.vercel.app')).toBe('my-app.vercel.app');
  });

  it('a bare public suffix is its own site', () => {
    expect(siteOf('co.uk')).toBe('co.uk');
    expect(siteOf('github.io')).toBe('github.io');
  });

  it('never throws, on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (host) => {
        expect(typeof siteOf(host)).toBe('string');
      }),
      { numRuns: RUNS },
    );
  });
});

describe('siteOfUrl', () => {
  it.each([
    ['https://app.example.co.uk/login?next=/', 'example.co.uk'],
    ['http://localhost:8000/admin/', 'localhost'],
    ['http://127.0.0.1:8000/', '127.0.0.1'],
    ['http://[::1]:3000/', '::1'],
    ['https://bücher.de/', 'xn--bcher-kva.de'],
  ])('%s → %s', (url, site) => {
    expect(siteOfUrl(url)).toBe(site);
  });

  it.each([
    'chrome://extensions',
    'about:blank',
    'moz-extension://abc/popup.html',
    'file:///etc/hosts',
    'not a url',
    '',
  ])('%s is not a website', (url) => {
    expect(siteOfUrl(url)).toBeNull();
  });
});

describe('siteOfCookie', () => {
  it('a domain cookie and a host-only cookie of one site share it', () => {
    expect(siteOfCookie({ domain: '.example.com' })).toBe('example.com');
    expect(siteOfCookie({ domain: 'www.example.com' })).toBe('example.com');
    expect(siteOfCookie({ domain: 'localhost' })).toBe('localhost');
  });
});

describe('siteOf properties', () => {
  it('a site is its own site, and its subdomains belong to it', () => {
    fc.assert(
      fc.property(fc.domain(), fc.stringMatching(/^[a-z0-9]{1,10}$/), (domain, label) => {
        const site = siteOf(domain);
        expect(siteOf(site)).toBe(site);
        // A bare public suffix (a.pg under the *.pg rule) is its own site but has no subdomains of its own.
        if (getDomain(site, { allowPrivateDomains: true }) === site)
          expect(siteOf(`${label}.${site}`)).toBe(site);
      }),
      { numRuns: RUNS },
    );
  });
});
