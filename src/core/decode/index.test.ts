import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecoderName } from '../recognize';
import { decode } from './index';

const RUNS = Number(process.env.FC_RUNS ?? 10000);
const NAMES: DecoderName[] = ['django-signed', 'flask', 'cookie-session', 'jwt', 'spring'];

describe('decode', () => {
  it('dispatches to the named decoder', () => {
    expect(
      decode('django-signed', 'eyJjb3VudGVyIjoxfQ:1xWHJv:wXcQxTUXpCKyysZa-25FcGbf4iv8nqQwSBfoZ0UIj7E'),
    ).toMatchObject({
      ok: true,
      decoder: 'django-signed',
      data: { counter: 1 },
    });
    expect(decode('spring', 'YWE4NTM3OTItNDIxNC00NzRjLTgwN2YtZjgwNWZiY2YxN2Nm')).toMatchObject({ ok: true });
  });

  it('answers unknown decoders and non-text values with a reason', () => {
    expect(decode('nope' as DecoderName, 'x')).toMatchObject({
      ok: false,
      reason: 'no decoder named "nope"',
    });
    expect(decode('jwt', undefined as unknown as string)).toMatchObject({
      ok: false,
      reason: 'the value is not text',
    });
  });

  it('refuses values longer than any cookie', () => {
    const d = decode('cookie-session', 'e'.repeat(100_000));
    expect(!d.ok && d.reason).toMatch(/longer than any cookie/);
  });

  it('never throws, for any decoder on any string', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), fc.string({ unit: 'binary', maxLength: 120 }), (name, value) => {
        const d = decode(name, value);
        expect(d.decoder).toBe(name);
        if (!d.ok) expect(d.reason).not.toBe('');
      }),
      { numRuns: RUNS },
    );
  });
});
