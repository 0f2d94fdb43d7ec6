/**
 * The Tracker's lifecycle in a worker that can be stopped at any moment: built on wake from the stored
 * base snapshot plus the observations after it, fed live observations in arrival order, rebuilt the same
 * way when the rules change (so new rules apply to the whole kept timeline at once), and kept small by
 * folding old observations into the base.
 *
 * Rebuilds, retention and forgetting run inside `serial`, one after another and after the in-memory
 * application of earlier observations. Appends do not: the recorder hands each one to IndexedDB at once
 * (see recorder.ts). A rebuild reads the timeline in one transaction, so it knows exactly which appends it
 * saw (`seq <= foldedSeq`) and which private entries (`foldedPrivate`); `applyLive` skips those, so an
 * observation is never applied twice, whatever the timing.
 */
import type { Observation } from '../core/observation';
import { DEFAULT_RULE_SET, type RuleSet } from '../core/rules';
import { DEFAULT_SETTINGS, type Settings } from '../core/settings';
import { retentionUnderPressure } from '../core/space';
import { Tracker } from '../core/tracker';
import { loadConfig, saveRules, saveSettings } from './config-store';
import { editJournal, readOrphans, removeJournal } from './journal';
import { withoutSite } from './observation-site';
import { editPrivateLog, type PrivateEntry, readPrivateLog } from './private-log';
import { serial } from './serial';
import * as store from './store';

/** Above this many stored observations after the base, the oldest half is folded into it. */
const MAX_LOG = 20_000;

let ruleSet: RuleSet = DEFAULT_RULE_SET;
let settings: Settings = DEFAULT_SETTINGS;
let tracker = new Tracker(DEFAULT_RULE_SET);
let started: Promise<void> | null = null;
let configLoaded = false;
let resolveConfig: () => void = () => {};
const configReady = new Promise<void>((resolve) => {
  resolveConfig = resolve;
});
/** Highest stored `seq` the current tracker was built from. */
let foldedSeq = 0;
/** Private-log keys the current tracker was built from. */
let foldedPrivate = new Set<string>();

/** Where an observation was kept: its IndexedDB `seq`, its private-log key, or neither (write failed). */
export interface Kept {
  seq: number | null;
  privateKey: string | null;
}

export const getTracker = (): Tracker => tracker;
export const getRules = (): RuleSet => ruleSet;
export const getSettings = (): Settings => settings;
/** True once the stored settings are read: before that, `getSettings()` returns the defaults. */
export const settingsLoaded = (): boolean => configLoaded;
/** Resolves once the stored settings are read (or could not be: the defaults then stand). */
export const whenSettingsLoaded = (): Promise<void> => configReady;

/** Loads rules, settings and the stored timeline. Idempotent; the first call queues before any write. */
export function start(): Promise<void> {
  started ??= serial(async () => {
    try {
      ({ ruleSet, settings } = await loadConfig());
    } finally {
      configLoaded = true;
      resolveConfig();
    }
    await rebuild();
  });
  return started;
}

/**
 * Applies one live observation in memory, unless the tracker was rebuilt from storage that already held
 * it. Must run inside `serial`, after the observation was kept. Never throws.
 */
export function applyLive(obs: Observation, kept: Kept): void {
  if (kept.seq !== null && kept.seq <= foldedSeq) return;
  if (kept.privateKey !== null && foldedPrivate.has(kept.privateKey)) return;
  safeApply(tracker, obs);
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
  // Issued together: both reads see every write handed to the browser before this point.
  const [{ base, records }, privateEntries, orphans] = await Promise.all([
    store.readTimeline(),
    readPrivate(),
    readOrphans().catch(() => []),
  ]);
  // Journaled by an earlier worker but in no stored record: IndexedDB lost it when that worker stopped.
  const stored = new Set(records.map((r) => r.j).filter((j) => j !== undefined));
  const lost = orphans.filter((e) => !stored.has(e.key));
  // Applied below either way; if the write fails, the entries stay journaled for the next wake.
  const written =
    lost.length === 0 ||
    (await store.appendBatch(lost.map((e) => ({ obs: e.obs, j: e.key }))).then(
      () => true,
      () => false,
    ));
  const lostKeys = new Set(lost.map((e) => e.key));
  await removeJournal(orphans.map((e) => e.key).filter((k) => written || !lostKeys.has(k))).catch(() => {});
  // Kept apart from the stored order (private) or written late (lost): merged back by time.
  const privateLog = [...privateEntries.map((e) => e.obs), ...lost.map((e) => e.obs)].sort(
    (a, b) => a.at - b.at,
  );
  const next = new Tracker(ruleSet, base?.state);
  // Private observations were kept apart from the disk: merge them back by time, stored ones first on ties.
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
  // Records come in key order: the last one has the highest seq.
  foldedSeq = Math.max(base?.seq ?? 0, records.at(-1)?.seq ?? 0);
  foldedPrivate = new Set(privateEntries.map((e) => e.key));
}

/** The private log's observations, by time; an unreadable log counts as empty (it is memory only). */
async function readPrivate(): Promise<PrivateEntry[]> {
  try {
    return await readPrivateLog();
  } catch (error) {
    console.error('[sessionscope] private log unreadable', error);
    return [];
  }
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
      folded.prune(retentionFor(options.foldFraction, folded), now);
      const last = records[fold - 1] as store.ObservationRecord;
      await store.writeBase({ id: 'base', seq: last.seq, state: folded.state(), savedAt: now });
    }
    return tracker.prune(retentionFor(options.foldFraction), now);
  });
}

/** The retention policy; when storage is short, half of what the largest site holds (core/space.ts). */
function retentionFor(foldFraction: number | undefined, t: Tracker = tracker): Settings['retention'] {
  if (!foldFraction) return settings.retention;
  return retentionUnderPressure(settings.retention, t.largestSiteEvents());
}

/** Deletes everything recorded for a site: live state, stored observations, base snapshot, journal, imports. */
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
    await editPrivateLog((obs) => withoutSite(obs, site));
    await editJournal((obs) => withoutSite(obs, site));
    await store.deleteImportsOfSite(site);
    return forgotten;
  });
}
