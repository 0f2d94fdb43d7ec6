import type { DecoderName } from '../recognize/types';
import { decodeCookieSession } from './cookie-session';
import { decodeDjangoSigned } from './django-signed';
import { decodeFlask } from './flask';
import { decodeJwt } from './jwt';
import { decodeSpring } from './spring';
import type { Decoded } from './types';

export type { Decoded } from './types';

const DECODERS: Record<DecoderName, (value: string) => Decoded> = {
  'django-signed': decodeDjangoSigned,
  flask: decodeFlask,
  'cookie-session': decodeCookieSession,
  jwt: decodeJwt,
  spring: decodeSpring,
};

/** Never throws, on any input. */
export function decode(decoder: DecoderName, value: string): Decoded {
  const fn = DECODERS[decoder];
  if (!fn) return { ok: false, decoder, reason: `no decoder named "${String(decoder)}"` };
  if (typeof value !== 'string') return { ok: false, decoder, reason: 'the value is not text' };
  try {
    return fn(value);
  } catch (e) {
    // Decoders are written not to throw; this is the last line, so a bug shows as a reason, not a crash.
    return { ok: false, decoder, reason: `could not decode (${e instanceof Error ? e.message : String(e)})` };
  }
}
