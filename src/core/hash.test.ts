import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex, valueHash } from './hash';

describe('valueHash', () => {
  it('is short, stable and does not contain the value', () => {
    const v = 'dfyy5zla1c6ejqvh1p9l9w1ddbu25k6r';
    expect(valueHash(v)).toMatch(/^[0-9a-f]{12}$/);
    expect(valueHash(v)).toBe(valueHash(v));
    expect(valueHash(v)).not.toContain(v.slice(0, 6));
  });

  it('shows a rotation: a new session key gives a new hash', () => {
    expect(valueHash('dfyy5zla1c6ejqvh1p9l9w1ddbu25k6r')).not.toBe(
      valueHash('75yu2ew392cbxww1h6r5uc1q4nxslcw7'),
    );
  });

  it('is SHA-256 (known test vectors, across block boundaries)', () => {
    const hex = (s: string) => sha256Hex(new TextEncoder().encode(s));
    expect(hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(valueHash('abc')).toBe('ba7816bf8f01');
  });
});

describe('valueHash against an independent SHA-256', () => {
  const RUNS = Number(process.env.FC_RUNS ?? 10000);
  const reference = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 12);

  it('agrees on any text, whatever was hashed before it (long, short, unicode, repeated)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 300 })), { maxLength: 6 }),
        (values) => {
          for (const v of [...values, ...values]) expect(valueHash(v)).toBe(reference(v));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a short value right after a long one owes nothing to the long one, at every length', () => {
    for (let length = 0; length <= 130; length++) {
      valueHash(`${'\u00ff'.repeat(100)}${length}`);
      const short = 'a'.repeat(length);
      expect(valueHash(short), `length ${length}`).toBe(reference(short));
    }
  });
});
