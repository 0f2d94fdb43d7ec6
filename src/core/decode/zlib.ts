import { unzlibSync } from 'fflate';

/**
 * Cookie payloads are at most a few KB, so anything inflating past this is a decompression bomb or
 * garbage; a fixed output buffer bounds the memory whatever the input says.
 */
export const MAX_INFLATED_BYTES = 64 * 1024;

export type Inflated = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/** zlib (RFC 1950) inflate with an output cap. Never throws. */
export function inflateZlib(data: Uint8Array): Inflated {
  try {
    // One byte over the cap tells "exactly at the cap" from "cut off by the cap".
    const out = unzlibSync(data, { out: new Uint8Array(MAX_INFLATED_BYTES + 1) });
    if (out.length > MAX_INFLATED_BYTES) {
      return { ok: false, reason: `inflates to more than ${MAX_INFLATED_BYTES / 1024} KiB: not decoded` };
    }
    return { ok: true, bytes: out };
  } catch (e) {
    return { ok: false, reason: `not valid zlib data (${e instanceof Error ? e.message : String(e)})` };
  }
}
