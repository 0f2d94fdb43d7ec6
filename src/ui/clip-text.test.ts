import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clipText } from './clip-text';

const runs = Number(process.env.FC_RUNS ?? 100);

describe('clipText', () => {
  it('leaves short text alone', () => {
    expect(clipText('sessionid', 16)).toBe('sessionid');
  });

  it('cuts a 4 KB cookie name to the limit, ending in an ellipsis', () => {
    const out = clipText('n'.repeat(4096), 16);
    expect(Array.from(out)).toHaveLength(16);
    expect(out.endsWith('…')).toBe(true);
    expect(out.startsWith('nnnnnnnnnnnnnnn')).toBe(true);
  });

  it('never splits an astral character', () => {
    expect(clipText('😀😀😀😀', 3)).toBe('😀😀…');
  });

  it('is never longer than the limit and always a prefix of the text plus ellipsis', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.integer({ min: 1, max: 50 }),
        (s, max) => {
          const out = clipText(s, max);
          expect(Array.from(out).length).toBeLessThanOrEqual(max);
          if (out === s) return;
          expect(out.endsWith('…')).toBe(true);
          expect(s.startsWith(out.slice(0, -1))).toBe(true);
        },
      ),
      { numRuns: runs },
    );
  });
});
