import { describe, expect, it } from 'vitest';
import { patternsFor, urlInSites } from './capture-patterns';

describe('patternsFor', () => {
  it('covers a registrable domain and its subdomains', () => {
    expect(patternsFor('example.com')).toEqual(['*://example.com/*', '*://*.example.com/*']);
  });
  it('gives IP addresses and localhost one exact host pattern', () => {
    expect(patternsFor('127.0.0.1')).toEqual(['*://127.0.0.1/*']);
    expect(patternsFor('localhost')).toEqual(['*://localhost/*']);
    expect(patternsFor('::1')).toEqual(['*://[::1]/*']);
  });
  it('ignores case, a leading dot and blank input', () => {
    expect(patternsFor(' .Example.COM ')).toEqual(['*://example.com/*', '*://*.example.com/*']);
    expect(patternsFor('  ')).toEqual([]);
  });
});

describe('urlInSites', () => {
  it('lets through exactly what the patterns match', () => {
    expect(urlInSites('http://127.0.0.1:8000/login/', ['127.0.0.1'])).toBe(true);
    expect(urlInSites('http://localhost:8000/', ['127.0.0.1'])).toBe(false);
    expect(urlInSites('https://app.example.com/x', ['example.com'])).toBe(true);
    expect(urlInSites('https://example.com.evil.test/', ['example.com'])).toBe(false);
    expect(urlInSites('http://[::1]:8000/', ['[::1]'])).toBe(true);
    expect(urlInSites('not a url', ['example.com'])).toBe(false);
  });
});
