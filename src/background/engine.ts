/**
 * The Tracker's lifecycle in a worker that can be stopped at any moment: built on wake from the stored
 * base snapshot plus the observations after it, fed live observations in arrival order, rebuilt the same
 * way when the rules change (so new rules apply to the whole kept timeline at once), and kept small by
 * folding old observations into the base.
 *
 * Everything here that touches storage runs inside `serial`, so it never interleaves with batch writes.
 */
import type { Observation } from '../core/observation';
import { DEFAULT_RULE_SET, type RuleSet } from '../core/rules';
import { DEFAULT_SETTINGS, type Settings } from '../core/settings';
import { Tracker } from '../core/tracker';
import { loadConfig, saveRules, saveSettings } from './config-store';
import { withoutSite } from './observation-site';
import { serial } from './serial';
import * as store from './store';

/** Above this many stored observations after the base, the oldest half is folded into it. */
const MAX_LOG = 20_000;
/** Private observations are kept in memory only; bounded so a long private session cannot grow forever. */
const MAX_PRIVATE_LOG = 10_000;

let ruleSet: RuleSet = DEFAULT_RULE_SET;
let settings: Settings = DEFAULT_SETTINGS;
let tracker = new Tracker(DEFAULT_RULE_SET);
const privateLog: Observation[] = [];
let started: Promise<void> | null = null;

export const getTracker = (): Tracker => tracker;
export const getRules = (): RuleSet => ruleSet;
export const getSettings = (): Settings => settings;

/** Loads rules, settings and the stored timeline. Idempotent; the first call queues before any write. */
export function start(): Promise<void> {
  started ??= serial(async () => {
    ({ ruleSet, settings } = await loadConfig());
    await rebuild();
  });
  return started;
}

/** Applies one live observation in memory (the recorder persists it). Never throws. */
export function applyLive(obs: Observation, isPrivate: boolean): void {
  safeApply(tracker, obs);
  if (isPrivate) {
    privateLog.push(obs);
    if (privateLog.length > MAX_PRIVATE_LOG) privateLog.splice(0, privateLog.length - MAX_PRIVATE_LOG);
  }
}

function safeApply(t: Tracker, obs: Observation): void {
  try {
    t.apply(obs);
  } catch (error) {
    // A classifier bug must not stop the recording: the observation is still stored for a later replay.
    console.error('[sessionscope] tracker rejected an observation', obs.kind, error);
  }
}

/** Must run inside `serial`. */
async function rebuild(): Promise<void> {
  const base = await store.readBase();
  const records = await store.readObservationsAfter(base?.seq ?? 0);
  const next = new Tracker(ruleSet, base?.state);
  // Private observations were never stored: merge them back by time, stored ones first on ties.
  let p = 0;
  for (const { obs } of records) {
    while (p < privateLog.length && (privateLog[p] as Observation).at < obs.at) {
      safeApply(next, privateLog[p] as Observation);
      p++;
    }
    safeApply(next, obs);
  }
  for (; p < privateLog.length; p++) safeApply(next, privateLog[p] as Observation);
  next.prune(settings.retention, Date.now());
  tracker = next;
}

/** Persists new rules and replays the kept timeline with them. */
export function replaceRules(next: RuleSet): Promise<void> {
  return serial(async () => {
    await saveRules(next);
    ruleSet = next;
    await rebuild();
  });
}

export function replaceSettings(next: Settings): Promise<void> {
  return serial(async () => {
    await saveSettings(next);
    const retentionChanged = JSON.stringify(next.retention) !== JSON.stringify(settings.retention);
    settings = next;
    if (retentionChanged) tracker.prune(settings.retention, Date.now());
  });
}

/**
 * Retention: folds observations older than `maxAgeDays` (or beyond MAX_LOG) into the base snapshot and
 * deletes them, then prunes the live tracker. Returns how many timeline events were dropped.
 */
export function prune(now: number, options: { foldFraction?: number } = {}): Promise<number> {
  return serial(async () => {
    const base = await store.readBase();
    const records = await store.readObservationsAfter(base?.seq ?? 0);
    const cutoff = now - settings.retention.maxAgeDays * 86_400_000;
    let fold = 0;
    while (fold < records.length && (records[fold] as store.ObservationRecord).obs.at < cutoff) fold++;
    if (records.length - fold > MAX_LOG) fold = records.length - Math.floor(MAX_LOG / 2);
    // Storage full: fold the oldest part of the log whatever its age, and trim events harder.
    if (options.foldFraction) fold = Math.max(fold, Math.floor(records.length * options.foldFraction));
    if (fold > 0) {
      const folded = new Tracker(ruleSet, base?.state);
      for (let i = 0; i < fold; i++) safeApply(folded, (records[i] as store.ObservationRecord).obs);
      folded.prune(retentionFor(options.foldFraction), now);
      const last = records[fold - 1] as store.ObservationRecord;
      await store.writeBase({ id: 'base', seq: last.seq, state: folded.state(), savedAt: now });
    }
    return tracker.prune(retentionFor(options.foldFraction), now);
  });
}

/** The retention policy, halved when storage is full so that the oldest events go first. */
function retentionFor(foldFraction: number | undefined): Settings['retention'] {
  if (!foldFraction) return settings.retention;
  return {
    maxEventsPerSite: Math.max(100, Math.floor(settings.retention.maxEventsPerSite / 2)),
    maxAgeDays: settings.retention.maxAgeDays,
  };
}

/** Deletes everything recorded for a site: live state, stored observations, base snapshot, imports. */
export function forgetSite(site: string): Promise<number> {
  return serial(async () => {
    const forgotten = tracker.forget(site);
    await store.editObservations((obs) => withoutSite(obs, site));
    const base = await store.readBase();
    if (base) {
      const t = new Tracker(ruleSet, base.state);
      t.forget(site);
      await store.writeBase({ ...base, state: t.state() });
    }
    for (let i = privateLog.length - 1; i >= 0; i--) {
      const kept = withoutSite(privateLog[i] as Observation, site);
      if (kept === null) privateLog.splice(i, 1);
      else privateLog[i] = kept;
    }
    await store.deleteImportsOfSite(site);
    return forgotten;
  });
}
