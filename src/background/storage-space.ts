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

/** Storage is short: folds the oldest half of the log and drops the oldest events, counted for the user. */
export async function makeRoom(now: number): Promise<number> {
  const dropped = await prune(now, { foldFraction: 0.5 });
  await addTrimmed(dropped);
  return dropped;
}

/** Makes room while the disk is nearly full; returns how many events went. */
export async function makeRoomIfLow(now: number): Promise<number> {
  const { usedBytes, quotaBytes } = await storageEstimate();
  return spaceIsLow(usedBytes, quotaBytes) ? makeRoom(now) : 0;
}
