/**
 * The fold's state as stored: a JSON copy that a tracker can be rebuilt from, so old observations can be
 * pruned. A stored state may come from an older or damaged snapshot: loading keeps what is well-formed.
 */
import type { Millis } from './observation';
import type { SessionRecord } from './session';
import { newSite, type SiteRecord } from './site-record';
import type { Fold, RestartRecord } from './tracker';

/** JSON-serializable folded state: what a snapshot stores so old observations can be pruned. */
export interface TrackerState {
  version: 1;
  /** Time of the last observation applied. */
  at: Millis;
  [k: string]: unknown;
}

interface SerializedState extends TrackerState {
  sessions: SessionRecord[];
  sites: SiteRecord[];
  /** Restart times, as every version wrote them. */
  restarts: Millis[];
  /** The same restarts with their evidence (written since startup evidence is recorded). */
  restartLog?: RestartRecord[];
  userState: 'active' | 'idle' | 'locked';
  recentExplicit: { site: string; at: Millis }[];
}

export function serializeState(fold: Fold): TrackerState {
  const state: SerializedState = {
    version: 1,
    at: fold.at,
    sessions: [...fold.sessions.values()],
    sites: [...fold.sites.values()],
    restarts: fold.restarts.map((r) => r.at),
    restartLog: fold.restarts,
    userState: fold.userState,
    recentExplicit: fold.recentExplicit,
  };
  // A deep copy: the caller may store it while the tracker keeps folding.
  return JSON.parse(JSON.stringify(state)) as TrackerState;
}

/** Loads a stored state into an empty fold. */
export function loadState(fold: Fold, input: TrackerState): void {
  const state = JSON.parse(JSON.stringify(input)) as Partial<SerializedState>;
  fold.at = Number.isFinite(state.at) ? (state.at as number) : 0;
  for (const s of Array.isArray(state.sessions) ? state.sessions : []) {
    if (!isSessionRecord(s)) continue;
    fold.sessions.set(s.id, s);
    if (s.endedAt === null) fold.liveByKey.set(s.key, s.id);
  }
  for (const rec of Array.isArray(state.sites) ? state.sites : []) {
    if (!rec || typeof rec.site !== 'string') continue;
    const merged = { ...newSite(rec.site), ...rec };
    merged.sessions = merged.sessions.filter((id) => fold.sessions.has(id));
    merged.live = merged.live.filter((id) => fold.sessions.get(id)?.endedAt === null);
    fold.sites.set(rec.site, merged);
  }
  const times = Array.isArray(state.restarts) ? state.restarts.filter((x) => typeof x === 'number') : [];
  const log = Array.isArray(state.restartLog) ? state.restartLog.filter(isRestartRecord) : [];
  fold.restarts = times.map((at) => log.find((r) => r.at === at) ?? { at });
  fold.userState = state.userState ?? 'active';
  fold.recentExplicit = Array.isArray(state.recentExplicit) ? state.recentExplicit : [];
  fold.recomputeDeadline();
}

function isRestartRecord(r: unknown): r is RestartRecord {
  if (!r || typeof r !== 'object') return false;
  const x = r as Partial<RestartRecord>;
  return (
    typeof x.at === 'number' &&
    (x.evidence === undefined ||
      (Array.isArray(x.evidence) && x.evidence.every((e) => typeof e === 'string')))
  );
}

function isSessionRecord(s: unknown): s is SessionRecord {
  if (!s || typeof s !== 'object') return false;
  const r = s as Partial<SessionRecord>;
  return (
    typeof r.id === 'string' &&
    typeof r.key === 'string' &&
    typeof r.site === 'string' &&
    typeof r.cookie === 'object' &&
    r.cookie !== null &&
    Array.isArray(r.events) &&
    typeof r.startedAt === 'number' &&
    typeof r.lastActivityAt === 'number'
  );
}
