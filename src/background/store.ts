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
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { ExportDocument } from '../core/contract';
import type { Observation } from '../core/observation';
import type { TrackerState } from '../core/tracker';

export const DB_NAME = 'sessionscope';
export const DB_VERSION = 1;

export interface ObservationRecord {
  seq: number;
  obs: Observation;
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
  observations: { key: number; value: { seq?: number; obs: Observation } };
  snapshots: { key: string; value: BaseSnapshot };
  imports: { key: number; value: { id?: number; importedAt: number; document: ExportDocument } };
}

let dbPromise: Promise<IDBPDatabase<Schema>> | null = null;

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
      void dbPromise?.then((d) => d.close());
      dbPromise = null;
    },
    terminated() {
      dbPromise = null;
    },
  });
  return dbPromise;
}

/** Appends a batch in one transaction; returns when it is durable. */
export async function appendObservations(batch: readonly Observation[]): Promise<void> {
  if (batch.length === 0) return;
  const tx = (await db()).transaction('observations', 'readwrite');
  for (const obs of batch) void tx.store.add({ obs });
  await tx.done;
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

export async function addImport(document: ExportDocument, importedAt: number): Promise<number> {
  return (await db()).add('imports', { document, importedAt });
}

export async function readImports(): Promise<ImportRecord[]> {
  return (await (await db()).getAll('imports')) as ImportRecord[];
}

export async function deleteImportsOfSite(site: string): Promise<void> {
  const tx = (await db()).transaction('imports', 'readwrite');
  for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
    const doc = cursor.value.document;
    const sites = doc.sites.filter((s) => s.site !== site);
    if (sites.length === doc.sites.length) continue;
    if (sites.length === 0) await cursor.delete();
    else await cursor.update({ ...cursor.value, document: { ...doc, sites } });
  }
  await tx.done;
}
