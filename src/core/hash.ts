/**
 * A short, stable fingerprint of a cookie value: exports show when a value changed (rotation) without
 * revealing it. SHA-256, truncated to 12 hex chars (48 bits): plenty to tell values of one cookie apart.
 * Implemented here because core code is synchronous and WebCrypto's digest is async.
 */
export function valueHash(value: string): string {
  const known = recent.get(value);
  if (known !== undefined) return known;
  // Worst case three bytes per UTF-16 unit, plus room for the padding.
  const need = (((value.length * 3 + 9 + 63) >> 6) << 6) >>> 0;
  if (scratch.length < need) scratch = new Uint8Array(need);
  const hash = digest(scratch, encoder.encodeInto(value, scratch).written).slice(0, 12);
  // A new session hashes its cookie's value twice (the write, the session's start): remember a few.
  if (recent.size >= RECENT) recent.clear();
  recent.set(value, hash);
  return hash;
}

const RECENT = 256;
const recent = new Map<string, string>();
const encoder = new TextEncoder();
/** Reused between calls: the worker hashes every cookie write, and allocating per hash was most of its cost. */
let scratch = new Uint8Array(128);
const W = new Uint32Array(64);
const H = new Uint32Array(8);

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

/** SHA-256 of bytes, as lowercase hex. */
export function sha256Hex(data: Uint8Array): string {
  const padded = new Uint8Array((((data.length + 9 + 63) >> 6) << 6) >>> 0);
  padded.set(data);
  return digest(padded, data.length);
}

/** SHA-256 of the first `length` bytes of `buf`, which must have room for the padding (overwritten). */
function digest(buf: Uint8Array, length: number): string {
  const total = (((length + 9 + 63) >> 6) << 6) >>> 0;
  buf.fill(0, length, total);
  buf[length] = 0x80;
  const high = Math.floor((length * 8) / 0x100000000);
  const low = (length * 8) >>> 0;
  buf[total - 8] = high >>> 24;
  buf[total - 7] = high >>> 16;
  buf[total - 6] = high >>> 8;
  buf[total - 5] = high;
  buf[total - 4] = low >>> 24;
  buf[total - 3] = low >>> 16;
  buf[total - 2] = low >>> 8;
  buf[total - 1] = low;

  H[0] = 0x6a09e667;
  H[1] = 0xbb67ae85;
  H[2] = 0x3c6ef372;
  H[3] = 0xa54ff53a;
  H[4] = 0x510e527f;
  H[5] = 0x9b05688c;
  H[6] = 0x1f83d9ab;
  H[7] = 0x5be0cd19;
  const w = W;
  for (let offset = 0; offset < total; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const o = offset + i * 4;
      w[i] =
        ((buf[o] as number) << 24) |
        ((buf[o + 1] as number) << 16) |
        ((buf[o + 2] as number) << 8) |
        (buf[o + 3] as number);
    }
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15] as number;
      const b = w[i - 2] as number;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) | 0;
    }
    let a = H[0] as number;
    let b = H[1] as number;
    let c = H[2] as number;
    let d = H[3] as number;
    let e = H[4] as number;
    let f = H[5] as number;
    let g = H[6] as number;
    let hh = H[7] as number;
    for (let i = 0; i < 64; i++) {
      const t1 =
        (hh +
          (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) +
          ((e & f) ^ (~e & g)) +
          (K[i] as number) +
          (w[i] as number)) |
        0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    H[0] = (H[0] as number) + a;
    H[1] = (H[1] as number) + b;
    H[2] = (H[2] as number) + c;
    H[3] = (H[3] as number) + d;
    H[4] = (H[4] as number) + e;
    H[5] = (H[5] as number) + f;
    H[6] = (H[6] as number) + g;
    H[7] = (H[7] as number) + hh;
  }
  let hex = '';
  for (let i = 0; i < 8; i++) hex += (H[i] as number).toString(16).padStart(8, '0');
  return hex;
}

function rotr(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}
