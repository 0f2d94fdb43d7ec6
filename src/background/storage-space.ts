/** The free space of the profile's disk, watched on the alarm tick: core/space.ts says why and when. */
import { spaceIsLow } from '../core/space';
import { prune } from './engine';
import { addTrimmed } from './trimmed';

export async function storageEstimate(): Promise<{ usedBytes: number | null; quotaBytes: number | null }> {
  try {
    const estimate = await navigator.storage.estimate();
    return { usedBytes: estimate.usage ?? null, quotaBytes: estimate.quota ?? null };
  } catch {
    // Not reported by this browser.
    return { usedBytes: null, quotaBytes: null };
  }
}

/** Drops the oldest half of the events while the disk is nearly full; returns how many went. */
export async function makeRoomIfLow(now: number): Promise<number> {
  const { usedBytes, quotaBytes } = await storageEstimate();
  if (!spaceIsLow(usedBytes, quotaBytes)) return 0;
  const dropped = await prune(now, { foldFraction: 0.5 });
  await addTrimmed(dropped);
  return dropped;
}
