// PLACEHOLDER (owned by the classifier work): exact signatures, trivial bodies.
import type { ExportSite, SessionState } from './contract';
import type { Millis, Observation } from './observation';
import type { RuleSet } from './rules';

/** JSON-serializable folded state: what a snapshot stores so old observations can be pruned. */
export interface TrackerState {
  version: 1;
  /** Time of the last observation applied. */
  at: Millis;
  [k: string]: unknown;
}

export interface ReportOptions {
  /** Include cookie values (`cookie.value`) in the report. Off by default: values are secrets. */
  includeValues?: boolean;
  /** Only this site. */
  site?: string;
}

export interface RetentionPolicy {
  maxEventsPerSite: number;
  maxAgeDays: number;
}

/**
 * The classifier as an incremental fold. Observations must be applied in order of `at`; the report at
 * `now` is a pure function of (observations applied, rules, now), so a worker that slept computes the
 * right state when it wakes.
 */
export class Tracker {
  constructor(
    private ruleSet: RuleSet,
    state?: TrackerState,
  ) {
    void this.ruleSet;
    void state;
  }

  apply(_observation: Observation): void {}

  report(_now: Millis, _options: ReportOptions = {}): ExportSite[] {
    return [];
  }

  /** The state of the most relevant session of a site at `now` (for the toolbar badge), or null. */
  siteState(_site: string, _now: Millis): SessionState | null {
    return null;
  }

  /** Where a session's cookie lives, to end it; null if unknown. */
  findSession(
    _id: string,
  ): { site: string; storeId: string; domain: string; path: string; name: string } | null {
    return null;
  }

  /** Browser restarts seen, oldest first. */
  restarts(): Millis[] {
    return [];
  }

  /** Drops everything recorded for a site; returns how many sessions were dropped. */
  forget(_site: string): number {
    return 0;
  }

  /** Drops timeline events beyond the policy; returns how many were dropped. */
  prune(_policy: RetentionPolicy, _now: Millis): number {
    return 0;
  }

  state(): TrackerState {
    return { version: 1, at: 0 };
  }
}

/** Classification as a pure function: the same observations, rules and now give the same sites. */
export function classify(observations: readonly Observation[], ruleSet: RuleSet, now: Millis): ExportSite[] {
  const tracker = new Tracker(ruleSet);
  for (const o of observations) tracker.apply(o);
  return tracker.report(now);
}
