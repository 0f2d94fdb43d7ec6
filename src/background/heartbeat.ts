/**
 * `lastSeenAt`: the last moment this browser run was known to be alive, so that a startup after a
 * restart can say when the previous run ended (at most one alarm period, 30 s, too late).
 */
import browser from 'webextension-polyfill';

const KEY = 'lastSeenAt';
const MIN_INTERVAL_MS = 5000;
let lastWritten = 0;

export async function readLastSeenAt(): Promise<number | null> {
  const stored = await browser.storage.local.get(KEY);
  const value = stored[KEY];
  return typeof value === 'number' ? value : null;
}

/** Records that we are alive at `now`; throttled because every batch write calls it. */
export async function beat(now: number, force = false): Promise<void> {
  if (!force && now - lastWritten < MIN_INTERVAL_MS) return;
  lastWritten = now;
  await browser.storage.local.set({ [KEY]: now });
}
