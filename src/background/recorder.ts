/**
 * The one path of every observation from its listener to storage and the tracker: `record` decides, once
 * and in this order, what it is (core/relevance.ts), where it may be kept (private windows), how it is
 * made durable, and hands it to the tracker.
 *
 *   listener (observe-*.ts) → record
 *     1. relevance: session evidence, cookie inventory, or nothing (dropped)
 *     2. privacy: the part that may reach the disk (private-store.ts); a private part stays in memory
 *        (private-log.ts, `storage.session`), unless the user allowed private windows on disk
 *     3. durability: session evidence is journaled in `storage.session` in the very task it arrived in
 *        (journal.ts), then everything goes to IndexedDB with the next write (store.ts `appendBatch`)
 *     4. the tracker applies it once it is kept (engine.ts `applyLive`)
 *
 * Why the journal write is made in the event's own task: an MV3 worker can be stopped at any moment (idle
 * timeout, the browser's own decision, DevTools), and everything it held in memory dies with it: a batch
 * waiting for a timer, or writes waiting behind earlier async work. `storage.session.set` is applied by the
 * browser whatever happens to the worker next; IndexedDB could not play that part: Chromium aborts the
 * uncommitted transactions of a stopped worker even when their commit was requested (seen in
 * e2e/faults.e2e.ts). The next wake writes again whatever the journal holds and IndexedDB does not.
 *
 * Writes to IndexedDB: one transaction for everything waiting, at once when none was made in the last
 * STORE_INTERVAL_MS (so the first event of a wake is stored without delay), otherwise at the end of that
 * interval (a transaction per observation was most of what a heavy page load cost). IndexedDB runs
 * readwrite transactions on one store in creation order, and the auto-increment `seq` records it.
 *
 * The tracker is fed inside `serial` once the write has settled: it is only a view, rebuilt from storage
 * on every wake, and `applyLive` skips whatever that rebuild already read.
 *
 * What can still be lost:
 * - an event the browser delivered to a worker that was being terminated before this listener ran;
 * - on a forced stop, the changes of cookies that are no session's (relevance.ts) from the last
 *   STORE_INTERVAL_MS: they are not journaled;
 * - a private observation arriving before the settings are read (it waits for them, to know whether the
 *   user allowed private windows on disk);
 * - request counts of the current activity window (activity-coalescer.ts; the window's first request is
 *   recorded at once, so the state is right, only the count may come short).
 * On wake, startup.ts reconciles the tracker with the cookies actually present.
 */
import type { Observation } from '../core/observation';
import { relevanceOf } from '../core/relevance';
import { ActivityCoalescer, type RequestScope } from './activity-coalescer';
import {
  applyLive,
  getRules,
  getSettings,
  type Kept,
  settingsLoaded,
  start,
  whenSettingsLoaded,
} from './engine';
import { beat } from './heartbeat';
import { dropJournal, journal } from './journal';
import { addPrivate } from './private-log';
import { persistablePart } from './private-store';
import { serial } from './serial';
import { makeRoom } from './storage-space';
import { appendBatch, type NewRecord, openEarly } from './store';

const coalescer = new ActivityCoalescer({
  emit: (obs, isPrivate) => admit(obs, isPrivate, true),
  schedule: (delay) => {
    setTimeout(() => coalescer.drainDue(Date.now()), delay);
  },
});

openEarly();

/**
 * Records an observation. `fromPrivateWindow`: it comes from a private window's tab (cookies and
 * responses carry their store and say so themselves).
 */
export function record(obs: Observation, fromPrivateWindow = false): void {
  // 1. Before the rules are read a pinned name is not known yet: everything counts as evidence.
  const relevance = settingsLoaded() ? relevanceOf(obs, getRules()) : 'evidence';
  if (relevance === 'nothing') return;
  // Counted requests are older than this observation: written first, to keep the order of `at`. Only
  // session evidence needs that order, and draining before every analytics cookie doubled the writes.
  if (relevance === 'evidence') coalescer.drain();
  admit(obs, fromPrivateWindow, relevance === 'evidence');
}

/** Steps 2–4 of `record`; the coalescer's request counts come in here (activity is always evidence). */
function admit(obs: Observation, fromPrivateWindow: boolean, evidence: boolean): void {
  const kept = keep(obs, persistablePart(obs, fromPrivateWindow, false), evidence);
  toApply.push({ obs, kept });
  if (!applyQueued) {
    applyQueued = true;
    queueMicrotask(applyPending);
  }
}

/** One request seen by header capture, coalesced per site with the requests alike in `scope`. */
export function recordRequest(
  site: string,
  url: string,
  at: number,
  isPrivate: boolean,
  scope: RequestScope = {},
): void {
  coalescer.add(site, url, at, isPrivate, scope);
}

/**
 * Keeps the observation where it may be kept; resolves with where that was. `publicPart` is its part
 * without anything private (private-store.ts): the observation itself when nothing in it is private.
 */
function keep(obs: Observation, publicPart: Observation | null, evidence: boolean): Promise<Kept> {
  let disk = publicPart;
  if (publicPart !== obs) {
    // Whether the private part may reach the disk is the user's choice: known once the settings are read.
    if (!settingsLoaded()) return whenSettingsLoaded().then(() => keep(obs, publicPart, evidence));
    if (getSettings().storePrivate) disk = obs;
  }
  if (disk === null) return keepInMemory(obs);
  return new Promise<Kept>((resolve) => {
    // Journaled in this task: the journal is what a forced worker stop cannot take. One write per event
    // is the price, so it is paid for session evidence only.
    const j = evidence ? journal(disk) : undefined;
    unstored.push({ record: j === undefined ? { obs: disk } : { obs: disk, j }, resolve });
    scheduleStore();
  });
}

function keepInMemory(obs: Observation): Promise<Kept> {
  const { key, stored } = addPrivate(obs);
  return stored.then(
    () => ({ seq: null, privateKey: key }),
    (error: unknown) => {
      console.error('[sessionscope] private observation not kept', error);
      return { seq: null, privateKey: null };
    },
  );
}

// ——— IndexedDB: one transaction for everything waiting ———

interface Unstored {
  record: NewRecord;
  resolve: (kept: Kept) => void;
}

/** At most one IndexedDB transaction per this interval, except that the first one after a quiet spell is at once. */
const STORE_INTERVAL_MS = 250;
/** A burst writes this many at once rather than wait for the interval: memory stays small, and so does the tracker's lag. */
const MAX_UNSTORED = 500;
let unstored: Unstored[] = [];
let storeTimer: ReturnType<typeof setTimeout> | null = null;
let storeQueued = false;
let lastStoreAt = Number.NEGATIVE_INFINITY;

function scheduleStore(): void {
  if (storeQueued) return;
  const wait = lastStoreAt + STORE_INTERVAL_MS - Date.now();
  if (wait <= 0 || unstored.length >= MAX_UNSTORED) {
    // At the end of this task: the events of one task share the transaction.
    storeQueued = true;
    queueMicrotask(storeNow);
  } else if (storeTimer === null) storeTimer = setTimeout(storeNow, wait);
}

/** Writes everything waiting to IndexedDB, in one transaction. */
function storeNow(): void {
  storeQueued = false;
  if (storeTimer !== null) clearTimeout(storeTimer);
  storeTimer = null;
  const batch = unstored;
  unstored = [];
  if (batch.length === 0) return;
  lastStoreAt = Date.now();
  appendBatch(batch.map((u) => u.record)).then(
    (seqs) => {
      for (let i = 0; i < batch.length; i++) {
        const { record: r, resolve } = batch[i] as Unstored;
        if (r.j !== undefined) dropJournal(r.j);
        resolve({ seq: seqs[i] ?? null, privateKey: null });
      }
    },
    (error: unknown) => {
      if ((error as { name?: string }).name === 'QuotaExceededError') void makeRoomAndRetry(batch);
      else console.error('[sessionscope] observations not stored', batch.length, error);
      // Applied in memory all the same; a retried write is read by the next rebuild, not applied twice.
      for (const u of batch) u.resolve({ seq: null, privateKey: null });
    },
  );
}

/** Storage is full: make room by retention (oldest first), then write them again, in order. */
async function makeRoomAndRetry(batch: readonly Unstored[]): Promise<void> {
  try {
    await makeRoom(Date.now());
    await appendBatch(batch.map((u) => u.record));
    for (const { record: r } of batch) if (r.j !== undefined) dropJournal(r.j);
  } catch (error) {
    console.error('[sessionscope] observations lost: storage full', batch.length, error);
  }
}

// ——— The tracker: applied in arrival order, once kept ———

interface Pending {
  obs: Observation;
  kept: Promise<Kept>;
}

const toApply: Pending[] = [];
let applyQueued = false;
let pumping = false;
const appliedListeners: ((batch: readonly Observation[]) => void)[] = [];
/** A pump step yields after this long, so that a burst's backlog never holds the worker's thread. */
const PUMP_SLICE_MS = 8;

/** Called after each batch is applied (badge, notifications). */
export function onApplied(listener: (batch: readonly Observation[]) => void): void {
  appliedListeners.push(listener);
}

/** Resolves once everything recorded so far is stored and applied: read-your-writes for message handlers. */
export function settled(): Promise<void> {
  coalescer.drain();
  storeNow();
  applyPending();
  // A pump already queued applies what is added until it ends; this waits for it.
  void start();
  return serial(async () => {});
}

function applyPending(): void {
  applyQueued = false;
  if (pumping || toApply.length === 0) return;
  pumping = true;
  void start();
  void serial(pump);
}

async function pump(): Promise<void> {
  try {
    let applied: Observation[] = [];
    let sliceStart = performance.now();
    while (toApply.length) {
      const { obs, kept } = toApply[0] as Pending;
      const where = await kept;
      toApply.shift();
      applyLive(obs, where);
      applied.push(obs);
      if (performance.now() - sliceStart > PUMP_SLICE_MS) {
        notifyApplied(applied);
        applied = [];
        await new Promise((resolve) => setTimeout(resolve, 0));
        sliceStart = performance.now();
      }
    }
    notifyApplied(applied);
  } finally {
    pumping = false;
  }
}

function notifyApplied(applied: readonly Observation[]): void {
  if (applied.length === 0) return;
  void beat(Date.now()).catch(() => {});
  // Badge and notifications once per step, not once per event: a burst must not starve the listeners.
  for (const listener of appliedListeners) {
    try {
      listener(applied);
    } catch (error) {
      console.error('[sessionscope] listener failed', error);
    }
  }
}
