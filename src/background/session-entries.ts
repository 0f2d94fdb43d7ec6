/** Observations kept one per key in `storage.session` under a prefix: the journal and the private log. */
import browser from 'webextension-polyfill';
import type { Observation } from '../core/observation';

export interface SessionEntry {
  key: string;
  obs: Observation;
}

/** Every entry under `prefix`, in no particular order. */
export async function readSessionEntries(prefix: string): Promise<SessionEntry[]> {
  const all = await browser.storage.session.get(null);
  const entries: SessionEntry[] = [];
  for (const [key, obs] of Object.entries(all)) {
    if (key.startsWith(prefix)) entries.push({ key, obs: obs as Observation });
  }
  return entries;
}

/** Rewrites each entry: `edit` returns null to delete it, another observation to replace it. Returns the deleted keys. */
export async function editSessionEntries(
  entries: readonly SessionEntry[],
  edit: (obs: Observation) => Observation | null,
): Promise<string[]> {
  const removed: string[] = [];
  const changed: Record<string, Observation> = {};
  for (const { key, obs } of entries) {
    const next = edit(obs);
    if (next === null) removed.push(key);
    else if (next !== obs) changed[key] = next;
  }
  if (removed.length) await browser.storage.session.remove(removed);
  if (Object.keys(changed).length) await browser.storage.session.set(changed);
  return removed;
}
