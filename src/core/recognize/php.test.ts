import { describe, expect, it } from 'vitest';
import { recognize } from './index';

describe('PHP', () => {
  it('PHPSESSID (captured, Debian php.ini: 26 chars [0-9a-v]) is an opaque id', () => {
    const r = recognize({ name: 'PHPSESSID', value: 'bok6i9d74gmmt6opvhldknthct' });
    expect(r).toMatchObject({
      session: true,
      framework: 'php',
      valueKind: 'opaque-id',
      hints: { sidBitsPerCharacter: '5' },
    });
  });

  it('the compiled-in default: 32 hex chars', () => {
    expect(
      recognize({ name: 'PHPSESSID', value: `${'a'.repeat(16)}0123456789abcdef` }).hints.sidBitsPerCharacter,
    ).toBe('4');
  });

  it('PHP’s deletion value', () => {
    const r = recognize({ name: 'PHPSESSID', value: 'deleted' });
    expect(r.session).toBe(true);
    expect(r.evidence.join(' ')).toMatch(/deleted/);
  });
});
