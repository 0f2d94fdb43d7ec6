import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSpring } from './spring';

const RUNS = Number(process.env.FC_RUNS ?? 10000);

describe('decodeSpring', () => {
  it('reads the session UUID out of SESSION', () => {
    expect(decodeSpring('YWE4NTM3OTItNDIxNC00NzRjLTgwN2YtZjgwNWZiY2YxN2Nm')).toMatchObject({
      ok: true,
      decoder: 'spring',
      data: { id: 'aa853792-4214-474c-807f-f805fbcf17cf' },
    });
  });

  it('reads a jvmRoute suffix', () => {
    const value = Buffer.from('aa853792-4214-474c-807f-f805fbcf17cf.node1').toString('base64');
    expect(decodeSpring(value)).toMatchObject({
      ok: true,
      data: { id: 'aa853792-4214-474c-807f-f805fbcf17cf', jvmRoute: 'node1' },
    });
  });

  it.each(['', '!!!', Buffer.from('\u0000\u0001 binary').toString('base64')])(
    '%j is not a Spring id',
    (value) => {
      expect(decodeSpring(value).ok).toBe(false);
    },
  );

  it('never throws on arbitrary strings, nor on base64 of arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (v) => {
        expect(typeof decodeSpring(v).ok).toBe('boolean');
        expect(typeof decodeSpring(Buffer.from(v).toString('base64')).ok).toBe('boolean');
      }),
      { numRuns: RUNS },
    );
  });

  it('reads back any UUID', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        expect(decodeSpring(Buffer.from(id).toString('base64'))).toMatchObject({ ok: true, data: { id } });
      }),
      { numRuns: RUNS },
    );
  });
});
