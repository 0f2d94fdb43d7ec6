/**
 * Private-window observations that must not reach the disk (unless the user opted in) are kept in
 * `storage.session`: held in the browser's memory only, never written to disk, cleared when the browser
 * closes, but kept across worker stops, which worker memory is not. One key per observation (storage
 * has no append; a read-modify-write of one list would lose concurrent entries), named so that keys sort
 * in arrival order: the start time of the worker that wrote it, then a counter.
 */
import browser from 'webextension-polyfill';
import type { Observation } from '../core/observation';
import { editSessionEntries, readSessionEntries, type SessionEntry } from './session-entries';

const PREFIX = 'sessionscope.private.';
/** Bounded so that a long private session cannot grow forever (storage.session holds ~10 MB). */
const MAX_ENTRIES = 10_000;

// Fixed width keeps string order = time order; the random part keeps two workers' keys apart.
const run = `${Date.now().toString(36).padStart(9, '0')}${Math.random().toString(36).slice(2, 6)}`;
let counter = 0;
/** Keys known to be stored, oldest first: what trimming removes. Refilled by `readPrivateLog`. */
let known: string[] = [];

export type PrivateEntry = SessionEntry;

/** Stores one observation; `key` is known at once, `stored` settles when the browser holds it. */
export function addPrivate(obs: Observation): { key: string; stored: Promise<void> } {
  const key = `${PREFIX}${run}.${String(counter++).padStart(9, '0')}`;
  known.push(key);
  const stored = browser.storage.session.set({ [key]: obs }).catch(async (error: unknown) => {
    // Full: make room by dropping the oldest quarter, then try once more.
    console.error('[sessionscope] private log full, dropping its oldest entries', error);
    await removeOldest(Math.ceil(known.length / 4));
    await browser.storage.session.set({ [key]: obs });
  });
  if (known.length > MAX_ENTRIES) void removeOldest(known.length - MAX_ENTRIES).catch(() => {});
  return { key, stored };
}

async function removeOldest(n: number): Promise<void> {
  const gone = known.splice(0, n);
  if (gone.length) await browser.storage.session.remove(gone);
}

/** Every stored private observation, by time (arrival order on ties). */
export async function readPrivateLog(): Promise<PrivateEntry[]> {
  const entries = await readSessionEntries(PREFIX);
  entries.sort((a, b) => a.obs.at - b.obs.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const stored = new Set(entries.map((e) => e.key));
  // Keys written by this worker but not yet seen by the browser stay known.
  known = [...[...stored].sort(), ...known.filter((k) => !stored.has(k))];
  return entries;
}

/** Rewrites each entry: `edit` returns null to delete it, another observation to replace it. */
export async function editPrivateLog(edit: (obs: Observation) => Observation | null): Promise<void> {
  const gone = new Set(await editSessionEntries(await readPrivateLog(), edit));
  if (gone.size) known = known.filter((k) => !gone.has(k));
}
