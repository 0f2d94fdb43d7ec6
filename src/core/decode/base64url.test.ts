import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, base64ToText } from './base64url';

const RUNS = Number(process.env.FC_RUNS ?? 10000);

describe('base64ToBytes', () => {
  it('reads both alphabets, padded or not', () => {
    expect(base64ToText('eyJjb3VudGVyIjoxfQ')).toBe('{"counter":1}');
    expect(base64ToText('eyJ1c2VyIjoiYWxpY2UifQ==')).toBe('{"user":"alice"}');
    expect(Array.from(base64ToBytes('-_8')!)).toEqual([0xfb, 0xff]);
    expect(Array.from(base64ToBytes('+/8=')!)).toEqual([0xfb, 0xff]);
  });

  it('says null rather than guessing', () => {
    expect(base64ToBytes('a')).toBeNull();
    expect(base64ToBytes('ab$c')).toBeNull();
    expect(base64ToBytes('ü')).toBeNull();
  });

  it('round-trips any bytes in either alphabet', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const buf = Buffer.from(bytes);
        expect(base64ToBytes(buf.toString('base64url'))).toEqual(new Uint8Array(bytes));
        expect(base64ToBytes(buf.toString('base64'))).toEqual(new Uint8Array(bytes));
      }),
      { numRuns: RUNS },
    );
  });
});
