/**
 * Durable storage of what the background observed, in IndexedDB (through `idb`).
 *
 * Database `sessionscope`, version 1. Object stores:
 * - `observations` (keyPath `seq`, auto-increment): `{ seq: number, obs: Observation }`, one record per
 *   observation in arrival order. `seq` only grows, so reading by key gives the order they were applied in.
 *   Append-only, except that `site/forget` deletes or trims the records of one site.
 * - `snapshots` (keyPath `id`): `{ id: 'base', seq: number, state: TrackerState, savedAt: number }`.
 *   `state` is `tracker.state()` after folding every observation up to and including `seq`; observations
 *   with `seq <= base.seq` are deleted when the base is written (same transaction). A missing base means
 *   "empty tracker, seq 0". The state is rebuilt on wake as: `new Tracker(rules, base.state)` + every
 *   observation after `base.seq`. Retention moves the base forward (see engine.ts `prune`).
 * - `imports` (keyPath `id`, auto-increment): `{ id, importedAt: number, document: ExportDocument }`,
 *   exported documents the user imported; kept apart from live observations so they never mix with them.
 *
 * Rules, settings and the heartbeat live in `storage.local` (small, read at every start).
 *
 * Migration path: bump DB_VERSION and add an `if (oldVersion < N)` step in `upgrade` that transforms the
 * records of the previous version in place (the upgrade transaction sees every store). Steps run in
 * order, so a profile several versions behind goes through each. Never delete a store without first
 * folding its records into the base snapshot.
 */
import { type DBSchema, type IDBPDatabase, openDB, unwrap } from 'idb';
import type { ExportDocument } from '../core/contract';
import type { Observation } from '../core/observation';
import type { TrackerState } from '../core/tracker';

export const DB_NAME = 'sessionscope';
export const DB_VERSION = 1;

export interface ObservationRecord {
  seq: number;
  obs: Observation;
  /** Its key in the write-ahead journal (journal.ts), when it went through it. */
  j?: string;
}

export interface BaseSnapshot {
  id: 'base';
  /** Last observation folded into `state`; 0 when none. */
  seq: number;
  state: TrackerState;
  savedAt: number;
}

export interface ImportRecord {
  id: number;
  importedAt: number;
  document: ExportDocument;
}

interface Schema extends DBSchema {
  observations: { key: number; value: { seq?: number; obs: Observation; j?: string } };
  snapshots: { key: string; value: BaseSnapshot };
  imports: { key: number; value: { id?: number; importedAt: number; document: ExportDocument } };
}

let dbPromise: Promise<IDBPDatabase<Schema>> | null = null;
/** The open database, held synchronously so that a write can start in the very task its event arrived in. */
let opened: IDBPDatabase<Schema> | null = null;
/** Writes that arrived before the database was open (the first events of a wake), in arrival order. */
const waiting: { start: () => void; fail: (error: unknown) => void }[] = [];

function db(): Promise<IDBPDatabase<Schema>> {
  dbPromise ??= openDB<Schema>(DB_NAME, DB_VERSION, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore('observations', { keyPath: 'seq', autoIncrement: true });
        database.createObjectStore('snapshots', { keyPath: 'id' });
        database.createObjectStore('imports', { keyPath: 'id', autoIncrement: true });
      }
    },
    // Another context (an older worker during an update) holds the DB open: let it go so we can upgrade.
    blocking() {
      opened = null;
      void dbPromise?.then((d) => d.close());
      dbPromise = null;
    },
    terminated() {
      opened = null;
      dbPromise = null;
    },
  }).then(
    (database) => {
      opened = database;
      // Synchronously and in order: their transactions are created in arrival order.
      for (const w of waiting.splice(0)) w.start();
      return database;
    },
    (error: unknown) => {
      dbPromise = null;
      for (const w of waiting.splice(0)) w.fail(error);
      throw error;
    },
  );
  return dbPromise;
}

/** Starts opening the database now, so that the first event of a wake waits as little as possible. */
export function openEarly(): void {
  void db().catch(() => {});
}

/** An observation on its way to the store, with its journal key when it went through the journal. */
export type NewRecord = Omit<ObservationRecord, 'seq'>;

/**
 * Appends observations in one readwrite transaction, created now (when the database is open), so that
 * the write is handed to IndexedDB in the caller's task, without waiting behind any earlier async work.
 * IndexedDB runs readwrite transactions on the same store in creation order, so the auto-increment `seq`
 * keeps arrival order. Resolves with each record's `seq`, in order, once the transaction committed;
 * rejects with the transaction's error (e.g. `QuotaExceededError`) otherwise. Plain IndexedDB requests
 * rather than `idb`'s: one promise per transaction, not one per record (a burst writes hundreds at once).
 */
export function appendBatch(records: readonly NewRecord[], retried = false): Promise<number[]> {
  const database = opened;
  if (database === null) {
    return new Promise<number[]>((resolve, reject) => {
      waiting.push({ start: () => appendBatch(records, retried).then(resolve, reject), fail: reject });
      void db().catch(() => {});
    });
  }
  let tx: IDBTransaction;
  try {
    tx = unwrap(database).transaction('observations', 'readwrite');
  } catch (error) {
    // The connection is closing (an upgrade elsewhere, the browser): open it again, once.
    opened = null;
    dbPromise = null;
    return retried ? Promise.reject(error) : appendBatch(records, true);
  }
  return new Promise<number[]>((resolve, reject) => {
    const requests: IDBRequest<IDBValidKey>[] = [];
    tx.oncomplete = () => resolve(requests.map((r) => r.result as number));
    tx.onabort = () => reject(tx.error ?? new DOMException('transaction aborted', 'AbortError'));
    try {
      const store = tx.objectStore('observations');
      for (const record of records) requests.push(store.add(record));
      // Still inside the caller's task: the commit is requested before the worker can be stopped.
      tx.commit();
    } catch (error) {
      // A record that cannot be cloned: nothing of this batch is written, and the caller hears why.
      tx.onabort = () => reject(error);
      try {
        tx.abort();
      } catch {
        reject(error);
      }
    }
  });
}

/**
 * The base and every observation after it, read in one transaction. Every append whose transaction was
 * created before this read is in it; every later one gets a larger `seq` than any record read.
 */
export async function readTimeline(): Promise<{ base: BaseSnapshot | null; records: ObservationRecord[] }> {
  const tx = (await db()).transaction(['snapshots', 'observations'], 'readonly');
  const base = (await tx.objectStore('snapshots').get('base')) ?? null;
  const range = IDBKeyRange.lowerBound(base?.seq ?? 0, true);
  const records = (await tx.objectStore('observations').getAll(range)) as ObservationRecord[];
  return { base, records };
}

export async function readBase(): Promise<BaseSnapshot | null> {
  return (await (await db()).get('snapshots', 'base')) ?? null;
}

/** Observations after `seq`, in arrival order. */
export async function readObservationsAfter(seq: number): Promise<ObservationRecord[]> {
  const range = IDBKeyRange.lowerBound(seq, true);
  const rows = await (await db()).getAll('observations', range);
  return rows as ObservationRecord[];
}

/** Moves the base forward: writes it and deletes the observations it folded, atomically. */
export async function writeBase(base: BaseSnapshot): Promise<void> {
  const tx = (await db()).transaction(['snapshots', 'observations'], 'readwrite');
  void tx.objectStore('snapshots').put(base);
  if (base.seq > 0) void tx.objectStore('observations').delete(IDBKeyRange.upperBound(base.seq));
  await tx.done;
}

/** True when anything was ever recorded (a base or any observation). */
export async function hasData(): Promise<boolean> {
  const d = await db();
  if (await d.count('snapshots')) return true;
  return (await d.count('observations')) > 0;
}

export async function countObservations(): Promise<number> {
  return (await db()).count('observations');
}

/**
 * Rewrites the stored observations of one site: `edit` returns null to delete a record, a changed
 * observation to replace it, or the same object to keep it. One transaction.
 */
export async function editObservations(edit: (obs: Observation) => Observation | null): Promise<number> {
  const tx = (await db()).transaction('observations', 'readwrite');
  let changed = 0;
  for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
    const next = edit(cursor.value.obs);
    if (next === cursor.value.obs) continue;
    changed++;
    if (next === null) await cursor.delete();
    else await cursor.update({ ...cursor.value, obs: next });
  }
  await tx.done;
  return changed;
}

/**
 * The imported documents, kept in memory once read: every `state/get` (each popup poll) returns them, and
 * reading a large import from IndexedDB each time cost more than the rest of the reply. Only this worker
 * writes them, so dropping the copy at each write keeps it exact.
 */
let importsRead: Promise<ImportRecord[]> | null = null;

export async function addImport(document: ExportDocument, importedAt: number): Promise<number> {
  importsRead = null;
  try {
    return await (await db()).add('imports', { document, importedAt });
  } finally {
    importsRead = null;
  }
}

/** Shared by every caller: treat as read-only. */
export function readImports(): Promise<ImportRecord[]> {
  if (importsRead === null) {
    const reading = (async () => (await (await db()).getAll('imports')) as ImportRecord[])();
    importsRead = reading;
    reading.catch(() => {
      if (importsRead === reading) importsRead = null;
    });
  }
  return importsRead;
}

export async function deleteImportsOfSite(site: string): Promise<void> {
  importsRead = null;
  const tx = (await db()).transaction('imports', 'readwrite');
  for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
    const doc = cursor.value.document;
    const sites = doc.sites.filter((s) => s.site !== site);
    if (sites.length === doc.sites.length) continue;
    if (sites.length === 0) await cursor.delete();
    else await cursor.update({ ...cursor.value, document: { ...doc, sites } });
  }
  await tx.done;
  importsRead = null;
}
