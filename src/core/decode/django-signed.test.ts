import fc from 'fast-check';
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { base62Decode, decodeDjangoSigned } from './django-signed';

const RUNS = Number(process.env.FC_RUNS ?? 10000);

// Values captured from Django 3.2.25 with SESSION_ENGINE signed_cookies (all signatures verified with the lab key).
const A_COUNTER = 'eyJjb3VudGVyIjoxfQ:1xWHJv:wXcQxTUXpCKyysZa-25FcGbf4iv8nqQwSBfoZ0UIj7E';
const B_LOGIN =
  '.eJxVjDsOwjAQBe_iGln4g3eXkj5niNb2ggPIluKkQtwdIqWA9s3Me6mR16WMa5d5nLI6K6MOv1vk9JC6gXznems6tbrMU9Sbonfa9dCyPC-7-3dQuJdvTUBEELw4PLpgHSbOPifwhsFdDXDAU6aYUJiFgYmSRXTGRiC2Lqj3B8eCN2U:1xWHJv:On9exRiSguS24podi92edWU6-gx4mshdF_GPMA__oU8';
const B_TOUCH =
  '.eJxVjEEOwiAQRe_C2hCByjBduu8ZmmEYpWogaenKeHfbpAvd_vf-e6uR1pbHdZF5nJLqlVGn3y0SP6XsID2o3KvmWto8Rb0r-qCLHmqS1_Vw_wKZlry9ERARfCcunJ23LjClLjF0hsDdDJAPl4SRgxAJASGyDcEZGwHJOr9Fua6lyax68_kCd-M7QA:1xWHJv:fEa15dEPopJF9W5oZ6SQxsbBUqtaAMLv8Euf9xDe5kY';
const C_BIG =
  '.eJztzE0OwiAQBeCrENamsVALuHTvGZoBxhZtwfCzMt7dNummiUdgOfO99z7UhOIzRnptT3SAkqehJIyDs_RKGT38NJgX-g3sE_wYGhN8jk43W6TZNTX3YHG-7dnDwARpWttKKKVE3yGXZ94zLg3YzhrRtSD4oxXQy4tV2kgEQBCglGFS8pZpoYDxfh3VblyH5hBxIe6dykJsWC-SXCawYCaVKlWq9Jfo9wfksc4Q:1xWHJv:rj8x-BBATlKHX7CyVPnhcXDqTX1-GW-vmDcHYvzpXqA';
const D_EMPTY = 'e30:1xWHKG:xSjur87XEzYz_kMHnlz4vnAo9SYf2-hxm8A80oYfe1g';
const D_EMPTY_AFTER_TAMPER = 'e30:1xWHJv:m-CwhHgl2-Jgp2VYLaYCiOrxGVfP3IdvX6PVWVL8-qI';
const F_SHA1 = 'eyJjb3VudGVyIjoxfQ:1xWHLB:bdrdDoFBql-hKwsY59N_ICwhWd4';
const TAMPERED = 'eyJjb3VudGVyIjo5OTl9:1abcde:forgedsignatureforgedsignatureforgedsig';

const AUTH = {
  _auth_user_backend: 'django.contrib.auth.backends.ModelBackend',
  _auth_user_hash: '97999764e38036238cad4dc741a73f17a685d9bc8eaaea7a99c288312b79a236',
};

describe('decodeDjangoSigned on captured values', () => {
  it('a) uncompressed {"counter":1}, signed at 2026-11-25T18:02:15Z', () => {
    const d = decodeDjangoSigned(A_COUNTER);
    expect(d).toMatchObject({ ok: true, data: { counter: 1 }, issuedAt: 1795629735 * 1000, expiresAt: null });
    if (d.ok) expect(d.notes.join(' ')).toMatch(/SHA-256/);
  });

  it('b) compressed login payload: the logged-in user id', () => {
    const d = decodeDjangoSigned(B_LOGIN);
    expect(d).toMatchObject({ ok: true, data: { _auth_user_id: '1', ...AUTH }, issuedAt: 1795629735000 });
    if (d.ok) {
      expect(d.notes.join(' ')).toMatch(/zlib-compressed payload \(131 → 171 bytes\)/);
      expect(d.notes.join(' ')).toMatch(/user id 1/);
    }
  });

  it('b) after /touch: counter added to the logged-in session', () => {
    const d = decodeDjangoSigned(B_TOUCH);
    expect(d.ok && d.data).toMatchObject({ _auth_user_id: '1', counter: 1 });
  });

  it('c) the /big value inflates to 1272 bytes of JSON', () => {
    const d = decodeDjangoSigned(C_BIG);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.data).toMatchObject({ counter: 1, _auth_user_id: '2', ...AUTH });
    expect(String(d.data.big)).toMatch(/^lorem ipsum/);
    expect(JSON.stringify(d.data).length).toBe(1272);
  });

  it('d) the empty session issued after a tampered cookie: e30 = {}', () => {
    expect(decodeDjangoSigned(D_EMPTY)).toMatchObject({ ok: true, data: {}, issuedAt: 1795629756000 });
    expect(decodeDjangoSigned(D_EMPTY_AFTER_TAMPER)).toMatchObject({
      ok: true,
      data: {},
      issuedAt: 1795629735000,
    });
  });

  it('f) a legacy SHA-1 signature is named as such', () => {
    const d = decodeDjangoSigned(F_SHA1);
    expect(d).toMatchObject({ ok: true, data: { counter: 1 } });
    if (d.ok) expect(d.notes.join(' ')).toMatch(/SHA-1/);
  });

  it('a forged value still decodes: the signature is the server’s business', () => {
    expect(decodeDjangoSigned(TAMPERED)).toMatchObject({ ok: true, data: { counter: 999 } });
  });
});

describe('decodeDjangoSigned failures, in plain words', () => {
  it('pickle is labelled, never unpickled', () => {
    // pickle protocol 4 of {}: 80 04 95 ... ; base64url of the bytes 80 04 7d 94 2e
    const pickled = `${Buffer.from([0x80, 0x04, 0x7d, 0x94, 0x2e]).toString('base64url')}:1xWHJv:${'A'.repeat(43)}`;
    const d = decodeDjangoSigned(pickled);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.reason).toMatch(/pickle/i);
  });

  it('non-JSON mentions the serializer', () => {
    const d = decodeDjangoSigned(`${Buffer.from('hello').toString('base64url')}:1xWHJv:${'A'.repeat(43)}`);
    expect(!d.ok && d.reason).toMatch(/PickleSerializer or a custom serializer/);
  });

  it.each([
    ['not signed at all', 'dfyy5zla1c6ejqvh1p9l9w1ddbu25k6r'],
    ['bad timestamp', 'e30:!!:sig'],
    ['bad base64', 'e$0:1xWHJv:sig'],
    ['bad zlib', '.eJxxxx:1xWHJv:sig'],
    ['empty', ''],
  ])('%s', (_what, value) => {
    const d = decodeDjangoSigned(value);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.reason.length).toBeGreaterThan(5);
  });

  it('refuses a decompression bomb without inflating it into memory', () => {
    const bomb = zlibSync(new Uint8Array(200_000).fill(0x20));
    const value = `.${Buffer.from(bomb).toString('base64url')}:1xWHJv:${'A'.repeat(43)}`;
    const d = decodeDjangoSigned(value);
    expect(!d.ok && d.reason).toMatch(/more than 64 KiB/);
  });
});

describe('base62Decode', () => {
  it('matches Django’s alphabet', () => {
    expect(base62Decode('1xWHJv')).toBe(1795629735);
    expect(base62Decode('0')).toBe(0);
    expect(base62Decode('z')).toBe(61);
    expect(base62Decode('!')).toBeNull();
  });
});

describe('decodeDjangoSigned properties', () => {
  const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');
  const session = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (v) => {
        expect(typeof decodeDjangoSigned(v).ok).toBe('boolean');
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on strings shaped payload:timestamp:signature', () => {
    const part = fc.string({ maxLength: 60 });
    const shaped = fc.oneof(
      fc.tuple(part, part, part).map(([a, b, c]) => `${a}:${b}:${c}`),
      fc
        .tuple(fc.boolean(), fc.stringMatching(/^[\w-]{0,80}$/), fc.stringMatching(/^[0-9A-Za-z]{1,11}$/))
        .map(([dot, p, t]) => `${dot ? '.' : ''}${p}:${t}:${'A'.repeat(43)}`),
      fc.uint8Array({ maxLength: 120 }).map((bytes) => `.${b64(zlibSync(bytes))}:1xWHJv:${'A'.repeat(43)}`),
      fc.uint8Array({ maxLength: 120 }).map((bytes) => `.${b64(bytes)}:1xWHJv:${'A'.repeat(43)}`),
    );
    fc.assert(
      fc.property(shaped, (v) => {
        expect(typeof decodeDjangoSigned(v).ok).toBe('boolean');
      }),
      { numRuns: RUNS },
    );
  });

  it('reads back any session Django could have written, compressed or not', () => {
    fc.assert(
      fc.property(session, fc.boolean(), fc.integer({ min: 0, max: 4_000_000_000 }), (data, compress, ts) => {
        const json = new TextEncoder().encode(JSON.stringify(data));
        const payload = compress ? `.${b64(zlibSync(json))}` : b64(json);
        const value = `${payload}:${toBase62(ts)}:${'A'.repeat(43)}`;
        const d = decodeDjangoSigned(value);
        expect(d).toMatchObject({ ok: true, issuedAt: ts * 1000 });
        if (d.ok) expect(d.data).toEqual(JSON.parse(JSON.stringify(data)));
      }),
      { numRuns: RUNS },
    );
  });
});

function toBase62(n: number): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let s = '';
  do {
    s = alphabet[n % 62] + s;
    n = Math.floor(n / 62);
  } while (n > 0);
  return s;
}
