import { describe, expect, it } from 'vitest';
import { patternsFor } from './capture-patterns';

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
