import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compactTrieSource } from './compact-psl';

const TRIE = join(
  createRequire(import.meta.url)
    .resolve('tldts')
    .replace(/dist[\\/].*$/, ''),
  'dist/es6/src/data/trie.js',
);

describe('the compacted public suffix data', () => {
  it('holds exactly what tldts ships: every array element and the label text', async () => {
    const source = readFileSync(TRIE, 'utf8');
    const compact = compactTrieSource(source);
    expect(compact.length).toBeLessThan(source.length);
    expect(compact).not.toMatch(/new Uint(8|16|32)Array\(\[/);

    const dir = mkdtempSync(join(tmpdir(), 'psl-'));
    try {
      writeFileSync(join(dir, 'original.mjs'), source);
      writeFileSync(join(dir, 'compact.mjs'), compact);
      const original = await import(pathToFileURL(join(dir, 'original.mjs')).href);
      const compacted = await import(pathToFileURL(join(dir, 'compact.mjs')).href);
      expect(Object.keys(compacted).sort()).toEqual(Object.keys(original).sort());
      for (const key of Object.keys(original)) {
        const a = original[key];
        const b = compacted[key];
        if (ArrayBuffer.isView(a)) {
          expect(b.constructor, key).toBe(a.constructor);
          expect(Array.from(b as Uint32Array), key).toEqual(Array.from(a as Uint32Array));
        } else expect(b, key).toBe(a);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses data it does not recognize, rather than ship it unchanged', () => {
    expect(() => compactTrieSource('export const rules = {};')).toThrow(/tldts changed/);
  });
});
