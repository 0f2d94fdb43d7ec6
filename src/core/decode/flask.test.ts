import fc from 'fast-check';
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeFlask } from './flask';

const RUNS = Number(process.env.FC_RUNS ?? 10000);
const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

// Captured from a Flask app: session['user'] = 'alice'.
const FLASK = 'eyJ1c2VyIjoiYWxpY2UifQ.awcjmA.mti0AiGsJZvRGr6VRwFZaAENVH4';

function flaskValue(json: string, seconds: number, compress = false): string {
  const ts = Buffer.alloc(4);
  ts.writeUInt32BE(seconds);
  const body = new TextEncoder().encode(json);
  const payload = compress ? `.${b64(zlibSync(body))}` : b64(body);
  return `${payload}.${b64(ts)}.${'s'.repeat(27)}`;
}

describe('decodeFlask', () => {
  it('reads the captured session and its timestamp (awcjmA = 1795629976)', () => {
    const d = decodeFlask(FLASK);
    expect(d).toMatchObject({ ok: true, decoder: 'flask', data: { user: 'alice' }, issuedAt: 1795629976000 });
    if (d.ok) expect(d.notes.join(' ')).toMatch(/HMAC-SHA1/);
  });

  it('reads a compressed payload (leading ".")', () => {
    const v = flaskValue(
      JSON.stringify({ _user_id: '7', _fresh: true, csrf_token: 'x'.repeat(40) }),
      1795629976,
      true,
    );
    expect(v.startsWith('.eJ')).toBe(true);
    const d = decodeFlask(v);
    expect(d).toMatchObject({ ok: true, data: { _user_id: '7', _fresh: true } });
    if (d.ok) expect(d.notes.join(' ')).toMatch(/user id 7 \(Flask-Login\)/);
  });

  it("undoes Flask's JSON tags (tuples, bytes, markup, uuid, dates)", () => {
    const tagged = {
      t: { ' t': [1, 2] },
      u: { ' u': 'aa853792-4214-474c-807f-f805fbcf17cf' },
      d: { ' d': 'Wed, 25 Nov 2026 18:06:16 GMT' },
      _flashes: [{ ' t': ['message', 'Logged in'] }],
      nested: { ' di': { ' t': 'a key that looks like a tag' } },
    };
    const d = decodeFlask(flaskValue(JSON.stringify(tagged), 1795629976));
    expect(d.ok && d.data).toEqual({
      t: [1, 2],
      u: 'aa853792-4214-474c-807f-f805fbcf17cf',
      d: 'Wed, 25 Nov 2026 18:06:16 GMT',
      _flashes: [['message', 'Logged in']],
      nested: { ' t': 'a key that looks like a tag' },
    });
  });

  it.each([
    ['a Django value', 'eyJjb3VudGVyIjoxfQ:1xWHJv:wXcQxTUXpCKyysZa-25FcGbf4iv8nqQwSBfoZ0UIj7E'],
    ['an opaque id', 'dfyy5zla1c6ejqvh1p9l9w1ddbu25k6r'],
    ['non-JSON payload', `${b64('hi')}.awcjmA.${'s'.repeat(27)}`],
    ['bad zlib', `.eJxxx.awcjmA.${'s'.repeat(27)}`],
    ['a timestamp too long', `e30.${'A'.repeat(20)}.${'s'.repeat(27)}`],
  ])('fails on %s with a reason', (_what, value) => {
    const d = decodeFlask(value);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.reason.length).toBeGreaterThan(5);
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (v) => {
        expect(typeof decodeFlask(v).ok).toBe('boolean');
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on strings shaped payload.timestamp.signature', () => {
    const part = fc.string({ maxLength: 60 });
    const shaped = fc.oneof(
      fc.tuple(part, part, part).map(([a, b, c]) => `${a}.${b}.${c}`),
      fc
        .tuple(fc.boolean(), fc.stringMatching(/^[\w-]{0,80}$/), fc.stringMatching(/^[\w-]{1,10}$/))
        .map(([dot, p, t]) => `${dot ? '.' : ''}${p}.${t}.${'s'.repeat(27)}`),
      fc.uint8Array({ maxLength: 120 }).map((bytes) => `.${b64(zlibSync(bytes))}.awcjmA.${'s'.repeat(27)}`),
    );
    fc.assert(
      fc.property(shaped, (v) => {
        expect(typeof decodeFlask(v).ok).toBe('boolean');
      }),
      { numRuns: RUNS },
    );
  });

  it('reads back any plain session Flask could have written', () => {
    const key = fc.stringMatching(/^[a-z_]{1,10}$/);
    const session = fc.dictionary(key, fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxKeys: 6 });
    fc.assert(
      fc.property(session, fc.integer({ min: 0, max: 0xffffffff }), fc.boolean(), (data, ts, compress) => {
        const d = decodeFlask(flaskValue(JSON.stringify(data), ts, compress));
        expect(d).toMatchObject({ ok: true, data, issuedAt: ts * 1000 });
      }),
      { numRuns: RUNS },
    );
  });
});
