/**
 * Every observation goes through `record`, which keeps it durably and applies it to the tracker.
 *
 * Why the journal write is made in the very task the event arrived in: an MV3 worker can be stopped at
 * any moment (idle timeout, the browser's own decision, DevTools), and everything it held in memory dies
 * with it: a batch waiting for a timer, or a queue of writes waiting behind earlier async work. So each
 * observation is first journaled in `storage.session` (journal.ts), which the browser applies whatever
 * happens to the worker next. IndexedDB could not play that part: Chromium aborts the uncommitted
 * transactions of a stopped worker even when their commit was requested (seen in e2e/faults.e2e.ts).
 * Journaled observations then go to IndexedDB together, at most STORE_DELAY_MS later, in one transaction
 * (a transaction per observation was most of what a heavy page load cost); IndexedDB runs readwrite
 * transactions on one store in creation order, and the auto-increment `seq` records it. The next wake
 * writes again whatever the journal holds and IndexedDB does not.
 * Private-window observations that must not reach the disk go to `storage.session` the same way
 * (private-log.ts): memory only, but it outlives the worker.
 *
 * The tracker is fed separately, inside `serial` once the write has settled: it is only a view, rebuilt
 * from storage on every wake, and `applyLive` skips whatever that rebuild already read.
 *
 * What can still be lost:
 * - an event the browser delivered to a worker that was being terminated before this listener ran;
 * - on a forced stop, the changes of cookies that are no session's (relevance.ts) from the last
 *   STORE_DELAY_MS: they are not journaled;
 * - the first events of a wake, for the few milliseconds until the database is open (they wait in memory);
 * - a private observation arriving before the settings are read (it waits for them, to know whether the
 *   user allowed private windows on disk);
 * - request counts of the current activity window (activity-coalescer.ts; the window's first request is
 *   recorded at once, so the state is right, only the count may come short).
 * On wake, startup.ts reconciles the tracker with the cookies actually present.
 */
import type { Observation } from '../core/observation';
import { cookieMatters } from '../core/relevance';
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
import { isPrivateStore, persistablePart } from './private-store';
import { serial } from './serial';
import { makeRoom } from './storage-space';
import { appendNow, openEarly } from './store';

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
  const evidence = isSessionEvidence(obs);
  // Counted requests are older than this observation: write them first to keep the order of `at`. Only
  // session evidence needs that order, and draining before every analytics cookie doubled the writes.
  if (evidence) coalescer.drain();
  keep(obs, isPrivate || isPrivateObservation(obs), evidence);
}

/** Everything but the changes of cookies that are no session's (until the rules are read, everything). */
function isSessionEvidence(obs: Observation): boolean {
  if (obs.kind !== 'cookie-set' && obs.kind !== 'cookie-removed') return true;
  return !settingsLoaded() || cookieMatters(obs.cookie, getRules());
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

function isPrivateObservation(obs: Observation): boolean {
  if (obs.kind === 'cookie-set' || obs.kind === 'cookie-removed') return isPrivateStore(obs.cookie.storeId);
  if (obs.kind === 'response') return isPrivateStore(obs.storeId);
  return false;
}

function keep(obs: Observation, isPrivate: boolean, evidence = true): void {
  const kept = persist(obs, isPrivate, evidence);
  if (pending === null) {
    pending = [];
    queueMicrotask(applyPending);
  }
  pending.push({ obs, kept });
}

/** Hands the observation to storage now (synchronously); resolves with where it was kept. */
function persist(obs: Observation, isPrivate: boolean, evidence: boolean): Promise<Kept> {
  // Only an observation with a private part depends on the user's choice to store private windows.
  const hasPrivatePart = persistablePart(obs, isPrivate, false) !== obs;
  if (hasPrivatePart && !settingsLoaded()) {
    return whenSettingsLoaded().then(() => persist(obs, isPrivate, evidence));
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
  // Journaled in this task: the journal is what a forced worker stop cannot take. One write per event is
  // the price, so it is paid for session evidence only.
  const journalKey = evidence ? journal(part) : undefined;
  return new Promise<Kept>((resolve) => {
    unstored.push({ obs: part, journalKey, resolve });
    if (unstored.length >= MAX_UNSTORED) storeNow();
    else if (storeTimer === null) storeTimer = setTimeout(storeNow, STORE_DELAY_MS);
  });
}

interface Unstored {
  obs: Observation;
  journalKey: string | undefined;
  resolve: (kept: Kept) => void;
}

/**
 * Waiting for IndexedDB. One IndexedDB transaction per observation cost a heavy page load more than the
 * rest of the extension together; the journal already keeps the session evidence among them through a
 * worker stop, so they go to IndexedDB together, at most this late.
 */
const STORE_DELAY_MS = 250;
const MAX_UNSTORED = 200;
let unstored: Unstored[] = [];
let storeTimer: ReturnType<typeof setTimeout> | null = null;

/** Writes every journaled observation to IndexedDB, in one transaction (appends of one task share it). */
function storeNow(): void {
  if (storeTimer !== null) clearTimeout(storeTimer);
  storeTimer = null;
  const batch = unstored;
  unstored = [];
  if (batch.length === 0) return;
  const full: Unstored[] = [];
  let waitingFor = batch.length;
  const settleOne = () => {
    if (--waitingFor === 0 && full.length) void makeRoomAndRetry(full);
  };
  for (const entry of batch) {
    appendNow(entry.obs, entry.journalKey).then(
      (seq) => {
        if (entry.journalKey !== undefined) dropJournal(entry.journalKey);
        entry.resolve({ seq, privateKey: null });
        settleOne();
      },
      (error: unknown) => {
        if ((error as { name?: string }).name === 'QuotaExceededError') full.push(entry);
        else console.error('[sessionscope] observation not stored', entry.obs.kind, error);
        // Applied in memory all the same; a retried write is read by the next rebuild, not applied twice.
        entry.resolve({ seq: null, privateKey: null });
        settleOne();
      },
    );
  }
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

/** Storage is full: make room by retention (oldest first), then write them again, in order. */
async function makeRoomAndRetry(entries: readonly Unstored[]): Promise<void> {
  try {
    await makeRoom(Date.now());
    await Promise.all(entries.map((e) => appendNow(e.obs, e.journalKey)));
    for (const e of entries) if (e.journalKey !== undefined) dropJournal(e.journalKey);
  } catch (error) {
    console.error('[sessionscope] observations lost: storage full', entries.length, error);
  }
}
