/**
 * A write-ahead journal in `storage.session` for observations on their way to IndexedDB.
 *
 * Why: when Chromium stops a worker, IndexedDB aborts the transactions of its connection that had not
 * committed yet, even those whose commit was already requested; a `storage.session.set` is applied by the
 * browser itself once called, whatever happens to the worker next. So each piece of session evidence is
 * journaled in the task it arrived in (recorder.ts), written to IndexedDB with its journal key, and dropped
 * from the journal once that write committed. On wake, a journal entry of an earlier worker whose key is in no stored record was
 * lost by IndexedDB: the rebuild writes it again. `storage.session` is memory only (never on disk), so the
 * journal adds no on-disk copy of anything.
 */
import browser from 'webextension-polyfill';
import type { Observation } from '../core/observation';
import { editSessionEntries, readSessionEntries, type SessionEntry } from './session-entries';

const PREFIX = 'sessionscope.journal.';
// Fixed width keeps string order = time order; the random part keeps two workers' keys apart.
const run = `${Date.now().toString(36).padStart(9, '0')}${Math.random().toString(36).slice(2, 6)}`;
const OWN = `${PREFIX}${run}.`;
let counter = 0;
let toDrop: string[] = [];

export type JournalEntry = SessionEntry;

/** Journals one observation now; returns its key. */
export function journal(obs: Observation): string {
  const key = `${OWN}${String(counter++).padStart(9, '0')}`;
  browser.storage.session.set({ [key]: obs }).catch((error: unknown) => {
    console.error('[sessionscope] journal write failed', error);
  });
  return key;
}

/** Removal is lazy: one call per interval keeps a burst cheap; an entry left behind is matched on wake. */
const DROP_DELAY_MS = 500;

/** The entry reached IndexedDB: forget it (batched). */
export function dropJournal(key: string): void {
  if (toDrop.length === 0) {
    setTimeout(() => {
      const keys = toDrop;
      toDrop = [];
      browser.storage.session.remove(keys).catch(() => {});
    }, DROP_DELAY_MS);
  }
  toDrop.push(key);
}

/** Entries left by earlier workers (this worker's own are still on their way), oldest first. */
export async function readOrphans(): Promise<JournalEntry[]> {
  const entries = (await readSessionEntries(PREFIX)).filter((e) => !e.key.startsWith(OWN));
  return entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export async function removeJournal(keys: readonly string[]): Promise<void> {
  if (keys.length) await browser.storage.session.remove([...keys]);
}

/**
 * Rewrites every journal entry (this worker's and earlier ones'): `site/forget` must reach them too, or
 * the next wake would write a forgotten site's observations again from the journal.
 */
export async function editJournal(edit: (obs: Observation) => Observation | null): Promise<void> {
  await editSessionEntries(await readSessionEntries(PREFIX), edit);
}
