// PLACEHOLDER (owned by the recognizers work): exact signatures, trivial bodies.
import type { DecoderName } from '../recognize';

export type Decoded =
  | {
      ok: true;
      decoder: DecoderName;
      /** The readable content (session dict, JWT { header, claims }, Spring { id }). */
      data: Record<string, unknown>;
      /** When the value was signed/issued, if it says (Django/Flask timestamp, JWT iat). */
      issuedAt: number | null;
      /** When the value itself stops being valid, if it says (JWT exp). */
      expiresAt: number | null;
      notes: string[];
    }
  | { ok: false; decoder: DecoderName; reason: string };

/** Never throws, on any input. */
export function decode(decoder: DecoderName, _value: string): Decoded {
  return { ok: false, decoder, reason: 'not implemented' };
}
