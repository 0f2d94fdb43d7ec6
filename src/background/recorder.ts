/**
 * Every observation goes through `record`: applied to the tracker and written to IndexedDB in arrival
 * order. Observations collected within one task are written together in one transaction a few
 * milliseconds later (a page load fires dozens of events at once); the writes go through `serial`, so
 * concurrent listeners never lose one. The flush delay is short because a stopped worker loses what
 * it had not written yet; on wake, startup.ts reconciles with the cookies actually present.
 */
import type { Observation } from '../core/observation';
import { ActivityCoalescer } from './activity-coalescer';
import { applyLive, getSettings, prune, start } from './engine';
import { beat } from './heartbeat';
import { isPrivateStore, persistablePart } from './private-store';
import { serial } from './serial';
import { appendObservations } from './store';
import { addTrimmed } from './trimmed';

const FLUSH_DELAY_MS = 20;

interface Pending {
  obs: Observation;
  isPrivate: boolean;
}

let pending: Pending[] = [];
let flushTimer: ReturnType<typeof setTimeout> | null = null;
const appliedListeners: ((batch: readonly Observation[]) => void)[] = [];

const coalescer = new ActivityCoalescer({
  emit: (obs, isPrivate) => enqueue(obs, isPrivate),
  schedule: (delay) => {
    setTimeout(() => coalescer.drainDue(Date.now()), delay);
  },
});

/** Records an observation. `isPrivate`: it comes from a private window (cookies say so themselves). */
export function record(obs: Observation, isPrivate = false): void {
  // Counted requests are older than this observation: write them first to keep the order of `at`.
  coalescer.drain();
  enqueue(obs, isPrivate || isPrivateObservation(obs));
}

/** One request seen by header capture, coalesced per site. */
export function recordRequest(site: string, url: string, at: number, isPrivate: boolean): void {
  coalescer.add(site, url, at, isPrivate);
}

/** Called after each batch is applied (badge, notifications). */
export function onApplied(listener: (batch: readonly Observation[]) => void): void {
  appliedListeners.push(listener);
}

/** Resolves once everything recorded so far is applied and stored: read-your-writes for message handlers. */
export function settled(): Promise<void> {
  coalescer.drain();
  return flush();
}

function isPrivateObservation(obs: Observation): boolean {
  if (obs.kind === 'cookie-set' || obs.kind === 'cookie-removed') return isPrivateStore(obs.cookie.storeId);
  if (obs.kind === 'response') return isPrivateStore(obs.storeId);
  return false;
}

function enqueue(obs: Observation, isPrivate: boolean): void {
  pending.push({ obs, isPrivate });
  flushTimer ??= setTimeout(() => void flush(), FLUSH_DELAY_MS);
}

function flush(): Promise<void> {
  if (flushTimer !== null) clearTimeout(flushTimer);
  flushTimer = null;
  const batch = pending;
  pending = [];
  void start();
  return serial(async () => {
    if (batch.length === 0) return;
    const storePrivate = getSettings().storePrivate;
    const durable: Observation[] = [];
    for (const { obs, isPrivate } of batch) {
      const part = persistablePart(obs, isPrivate, storePrivate);
      // Kept in memory for replays only when nothing of it was stored (no duplicate on rebuild).
      applyLive(obs, part === null);
      if (part) durable.push(part);
    }
    try {
      await appendObservations(durable);
    } catch (error) {
      if ((error as { name?: string }).name !== 'QuotaExceededError') throw error;
      // Storage is full: make room by retention (oldest first), then write this batch again.
      void makeRoomAndRetry(durable);
    }
    const now = Date.now();
    void beat(now).catch(() => {});
    const applied = batch.map((p) => p.obs);
    for (const listener of appliedListeners) {
      try {
        listener(applied);
      } catch (error) {
        console.error('[sessionscope] listener failed', error);
      }
    }
  });
}

async function makeRoomAndRetry(batch: Observation[]): Promise<void> {
  const dropped = await prune(Date.now(), { foldFraction: 0.5 });
  await addTrimmed(dropped);
  await serial(() => appendObservations(batch));
}
