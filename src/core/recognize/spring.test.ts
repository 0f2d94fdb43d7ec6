import { describe, expect, it } from 'vitest';
import { recognize } from './index';

const SESSION = 'YWE4NTM3OTItNDIxNC00NzRjLTgwN2YtZjgwNWZiY2YxN2Nm';

describe('Spring Session', () => {
  it('SESSION = base64 of a UUID: an opaque id with the spring decoder', () => {
    const r = recognize({ name: 'SESSION', value: SESSION });
    expect(r).toMatchObject({
      session: true,
      framework: 'spring',
      valueKind: 'opaque-id',
      decoder: 'spring',
    });
    expect(r.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('SESSION with another value is still Spring, without a decoder', () => {
    expect(recognize({ name: 'SESSION', value: 'abc' })).toMatchObject({
      framework: 'spring',
      decoder: null,
    });
  });

  it('a custom name holding base64 of a UUID', () => {
    expect(recognize({ name: 'APPSESSION', value: SESSION })).toMatchObject({
      session: true,
      framework: 'spring',
    });
  });
});
