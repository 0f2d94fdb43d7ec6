/**
 * Every observation goes through `record`, which keeps it durably and applies it to the tracker.
 *
 * Why the write is started in the very task the event arrived in: an MV3 worker can be stopped at any
 * moment (idle timeout, the browser's own decision, DevTools), and everything it held in memory dies with
 * it: a batch waiting for a timer, or a queue of writes waiting behind earlier async work. So nothing
 * waits: the readwrite transaction is created synchronously (observations of one task share it), and its
 * commit is requested in a microtask of that same task (`store.appendNow`). No app-level queue is needed
 * to keep the order: IndexedDB runs readwrite transactions on one store in creation order, and the
 * auto-increment `seq` records it. That is still not enough on its own: Chromium aborts the uncommitted
 * transactions of a stopped worker even when their commit was requested (seen in e2e/faults.e2e.ts), so
 * each observation is also journaled in `storage.session` in the same task (journal.ts), which the browser
 * applies whatever happens to the worker next; the next wake writes again what IndexedDB lost.
 * Private-window observations that must not reach the disk go to `storage.session` the same way
 * (private-log.ts): memory only, but it outlives the worker.
 *
 * The tracker is fed separately, inside `serial` once the write has settled: it is only a view, rebuilt
 * from storage on every wake, and `applyLive` skips whatever that rebuild already read.
 *
 * What can still be lost:
 * - an event the browser delivered to a worker that was being terminated before this listener ran;
 * - the first events of a wake, for the few milliseconds until the database is open (they wait in memory);
 * - a private observation arriving before the settings are read (it waits for them, to know whether the
 *   user allowed private windows on disk);
 * - request counts of the current activity window (activity-coalescer.ts; the window's first request is
 *   recorded at once, so the state is right, only the count may come short).
 * On wake, startup.ts reconciles the tracker with the cookies actually present.
 */
import type { Observation } from '../core/observation';
import { ActivityCoalescer } from './activity-coalescer';
import {
  applyLive,
  getSettings,
  type Kept,
  prune,
  settingsLoaded,
  start,
  whenSettingsLoaded,
} from './engine';
import { beat } from './heartbeat';
import { dropJournal, journal } from './journal';
import { addPrivate } from './private-log';
import { isPrivateStore, persistablePart } from './private-store';
import { serial } from './serial';
import { appendNow, openEarly } from './store';
import { addTrimmed } from './trimmed';

interface Pending {
  obs: Observation;
  kept: Promise<Kept>;
}

/** The observations of the current task, handed to the tracker in one `serial` step. */
let pending: Pending[] | null = null;
const appliedListeners: ((batch: readonly Observation[]) => void)[] = [];

const coalescer = new ActivityCoalescer({
  emit: (obs, isPrivate) => keep(obs, isPrivate),
  schedule: (delay) => {
    setTimeout(() => coalescer.drainDue(Date.now()), delay);
  },
});

openEarly();

/** Records an observation. `isPrivate`: it comes from a private window (cookies say so themselves). */
export function record(obs: Observation, isPrivate = false): void {
  // Counted requests are older than this observation: write them first to keep the order of `at`.
  coalescer.drain();
  keep(obs, isPrivate || isPrivateObservation(obs));
}

/** One request seen by header capture, coalesced per site. */
export function recordRequest(site: string, url: string, at: number, isPrivate: boolean): void {
  coalescer.add(site, url, at, isPrivate);
}

/** Called after each batch is applied (badge, notifications). */
export function onApplied(listener: (batch: readonly Observation[]) => void): void {
  appliedListeners.push(listener);
}

/** Resolves once everything recorded so far is stored and applied: read-your-writes for message handlers. */
export function settled(): Promise<void> {
  coalescer.drain();
  applyPending();
  // A pump already queued applies what is added until it ends; this waits for it.
  void start();
  return serial(async () => {});
}

function isPrivateObservation(obs: Observation): boolean {
  if (obs.kind === 'cookie-set' || obs.kind === 'cookie-removed') return isPrivateStore(obs.cookie.storeId);
  if (obs.kind === 'response') return isPrivateStore(obs.storeId);
  return false;
}

function keep(obs: Observation, isPrivate: boolean): void {
  const kept = persist(obs, isPrivate);
  if (pending === null) {
    pending = [];
    queueMicrotask(applyPending);
  }
  pending.push({ obs, kept });
}

/** Hands the observation to storage now (synchronously); resolves with where it was kept. */
function persist(obs: Observation, isPrivate: boolean): Promise<Kept> {
  // Only an observation with a private part depends on the user's choice to store private windows.
  const hasPrivatePart = persistablePart(obs, isPrivate, false) !== obs;
  if (hasPrivatePart && !settingsLoaded()) {
    return whenSettingsLoaded().then(() => persist(obs, isPrivate));
  }
  const part = persistablePart(obs, isPrivate, getSettings().storePrivate);
  if (part === null) {
    const { key, stored } = addPrivate(obs);
    return stored.then(
      () => ({ seq: null, privateKey: key }),
      (error: unknown) => {
        console.error('[sessionscope] private observation not kept', error);
        return { seq: null, privateKey: null };
      },
    );
  }
  const journalKey = journal(part);
  return appendNow(part, journalKey).then(
    (seq) => {
      dropJournal(journalKey);
      return { seq, privateKey: null };
    },
    (error: unknown) => {
      if ((error as { name?: string }).name === 'QuotaExceededError') void makeRoomAndRetry(part, journalKey);
      else console.error('[sessionscope] observation not stored', obs.kind, error);
      // Applied in memory all the same; a retried write is read by the next rebuild, not applied twice.
      return { seq: null, privateKey: null };
    },
  );
}

function applyPending(): void {
  const batch = pending;
  pending = null;
  if (batch === null || batch.length === 0) return;
  toApply.push(...batch);
  if (pumping) return;
  pumping = true;
  void start();
  void serial(pump);
}

/** Waiting to be applied in memory; under load, many tasks' observations are applied in one step. */
const toApply: Pending[] = [];
let pumping = false;

async function pump(): Promise<void> {
  try {
    const applied: Observation[] = [];
    while (toApply.length) {
      const { obs, kept } = toApply.shift() as Pending;
      applyLive(obs, await kept);
      applied.push(obs);
    }
    void beat(Date.now()).catch(() => {});
    // Badge and notifications once per step, not once per event: a burst must not starve the listeners.
    for (const listener of appliedListeners) {
      try {
        listener(applied);
      } catch (error) {
        console.error('[sessionscope] listener failed', error);
      }
    }
  } finally {
    pumping = false;
  }
}

/** Storage is full: make room by retention (oldest first), then write it again. */
async function makeRoomAndRetry(obs: Observation, journalKey: string): Promise<void> {
  try {
    const dropped = await prune(Date.now(), { foldFraction: 0.5 });
    await addTrimmed(dropped);
    await appendNow(obs, journalKey);
    dropJournal(journalKey);
  } catch (error) {
    console.error('[sessionscope] observation lost: storage full', error);
  }
}
