/**
 * Lenient base64 for cookie values: accepts both alphabets (url-safe and standard), with or without
 * padding, because frameworks disagree (Django/Flask/JWT url-safe unpadded, cookie-session and Spring
 * standard padded). Returns null instead of throwing on anything that is not base64.
 */
const LOOKUP = (() => {
  const table = new Int16Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  table['-'.charCodeAt(0)] = 62;
  table['+'.charCodeAt(0)] = 62;
  table['_'.charCodeAt(0)] = 63;
  table['/'.charCodeAt(0)] = 63;
  return table;
})();

export function base64ToBytes(input: string): Uint8Array | null {
  const s = input.replace(/=+$/, '');
  if (s.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const v = code < 128 ? LOOKUP[code]! : -1;
    if (v < 0) return null;
    buffer = ((buffer << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

const utf8 = new TextDecoder('utf-8');

/** UTF-8 text of bytes; invalid sequences become U+FFFD rather than an error. */
export function bytesToText(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** base64 (either alphabet) → UTF-8 text, or null when it is not base64. */
export function base64ToText(input: string): string | null {
  const bytes = base64ToBytes(input);
  return bytes === null ? null : bytesToText(bytes);
}
