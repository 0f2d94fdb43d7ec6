/**
 * The classifier as an incremental fold over observations. Everything it knows lives in plain records
 * (session.ts, site-record.ts) so `state()` is a JSON snapshot, and everything time-dependent (idle,
 * idle-timeout, max-lifetime, expiry) is derived from stored timestamps at the moment asked: a worker that
 * slept computes the right state when it wakes, and replay after a snapshot equals replay from scratch.
 *
 * This file holds the fold's state and the moves every rule shares (start, end, reopen, time passing),
 * and dispatches each observation to the module whose rule it feeds:
 * - activity.ts: requests, navigations, tabs and the user's presence;
 * - cookie-writes.ts: a cookie written (a new session, the same one re-sent or updated, a rotation);
 * - responses.ts: what a response's headers say (deletions, Max-Age, Clear-Site-Data);
 * - end-attribution.ts: why a removal ended a session, and revising provisional ends;
 * - startup-reconcile.ts: the cookies present when the background starts;
 * - retention.ts, projection.ts, snapshot.ts: what is kept, what is reported, what is stored.
 */
import { onActivity, onTab, onUserIdle } from './activity';
import type { EndReason, ExportSite, SessionState } from './contract';
import { cookieId } from './cookie-id';
import { decodeData, onCookieSet, subjectOf } from './cookie-writes';
import { noteUserAction, onCookieRemoved } from './end-attribution';
import { timingOf } from './end-reasons';
import type { EventEvidence } from './evidence';
import { valueHash } from './hash';
import type { CookieSnapshot, Millis, Observation } from './observation';
import { timeEndOptions } from './predictions';
import { type ReportOptions, report, siteStateOf } from './projection';
import { type Recognition, recognize } from './recognize';
import { noteRefusals } from './refusals';
import { headerWroteStart, linkRotationEvidence, onResponse, writeEvidence } from './responses';
import { forget, largestSiteEvents, prune, type RetentionPolicy } from './retention';
import { type RuleSet, type Rules, rulesFor } from './rules';
import { pushEvent, type SessionRecord, sessionIdFor } from './session';
import { SiteCache } from './site-cache';
import { newSite, pushBounded, type SiteRecord } from './site-record';
import { loadState, serializeState, type TrackerState } from './snapshot';
import { onStartup } from './startup-reconcile';

export type { ReportOptions } from './projection';
export type { RetentionPolicy } from './retention';
export type { SiteRecord } from './site-record';
export type { TrackerState } from './snapshot';

export interface EndOptions {
  inferred?: boolean;
  provisional?: boolean;
  /** A prediction by the user's rules: the same value written again resumes the session (predictions.ts). */
  predicted?: boolean;
  detail?: Record<string, unknown>;
  /** What the end rests on, kept on the `ended` event. */
  evidence?: EventEvidence;
}

/** A browser restart seen, with the browser-level signals that showed it. */
export interface RestartRecord {
  at: Millis;
  evidence?: string[];
}

/** The fold's state and the moves every rule shares. Internal to the classifier's modules. */
export class Fold {
  /** Time of the last observation applied. */
  at: Millis = 0;
  readonly sessions = new Map<string, SessionRecord>();
  readonly sites = new Map<string, SiteRecord>();
  /** Live session id by cookie key. Derived: rebuilt from sessions when a state is loaded. */
  readonly liveByKey = new Map<string, string>();
  restarts: RestartRecord[] = [];
  /** Sites with an explicit removal in the last moment: a burst across sites is a browser-wide clear. */
  recentExplicit: { site: string; at: Millis }[] = [];
  userState: 'active' | 'idle' | 'locked' = 'active';
  /** No time-based end can happen before this. A lower bound: activity only pushes deadlines later. */
  nextDeadline = Number.POSITIVE_INFINITY;
  // Caches, not state: pure functions of their keys (and of the rules, reset with them).
  readonly where = new SiteCache();
  private readonly siteRules = new Map<string, Rules>();

  constructor(public ruleSet: RuleSet) {}

  setRules(ruleSet: RuleSet): void {
    this.ruleSet = ruleSet;
    this.siteRules.clear();
    this.recomputeDeadline();
  }

  rulesOf(site: string): Rules {
    let r = this.siteRules.get(site);
    if (!r) {
      r = rulesFor(this.ruleSet, site);
      this.siteRules.set(site, r);
    }
    return r;
  }

  siteRecord(site: string): SiteRecord {
    let rec = this.sites.get(site);
    if (!rec) {
      rec = newSite(site);
      this.sites.set(site, rec);
    }
    return rec;
  }

  live(key: string): SessionRecord | undefined {
    const id = this.liveByKey.get(key);
    return id ? this.sessions.get(id) : undefined;
  }

  recognizeIn(rec: SiteRecord, c: CookieSnapshot, rules: Rules): Recognition {
    const siblings: string[] = [];
    for (const k in rec.cookies) {
      const name = rec.cookies[k]?.name;
      if (name !== undefined && name !== c.name) siblings.push(name);
    }
    return recognize({
      name: c.name,
      value: c.value,
      siblings,
      pinned: rules.pinned,
      excluded: rules.excluded,
    });
  }

  private deadlineOf(s: SessionRecord): Millis {
    const rules = this.rulesOf(s.site);
    let d = Number.POSITIVE_INFINITY;
    if (s.cookie.expiresAt !== null) d = Math.min(d, s.cookie.expiresAt);
    if (rules.idleTimeoutSeconds !== null)
      d = Math.min(d, s.lastActivityAt + rules.idleTimeoutSeconds * 1000);
    if (rules.maxLifetimeSeconds !== null) d = Math.min(d, s.startedAt + rules.maxLifetimeSeconds * 1000);
    return d;
  }

  /** A live session's deadline may have moved earlier (a new session, a new expiry). */
  noteDeadline(s: SessionRecord): void {
    this.nextDeadline = Math.min(this.nextDeadline, this.deadlineOf(s));
  }

  recomputeDeadline(): void {
    let d = Number.POSITIVE_INFINITY;
    for (const id of this.liveByKey.values()) {
      const s = this.sessions.get(id);
      if (s) d = Math.min(d, this.deadlineOf(s));
    }
    this.nextDeadline = d;
  }

  /** Ends, at their own moments, the sessions whose expiry or rule deadline passed by `t`. */
  settle(t: Millis): void {
    if (t < this.nextDeadline) return;
    for (const id of [...this.liveByKey.values()]) {
      const s = this.sessions.get(id);
      if (!s || this.deadlineOf(s) > t) continue;
      const timing = timingOf(s, this.rulesOf(s.site), t);
      if (timing.state === 'ended' && timing.endReason !== null && timing.endedAt !== null) {
        if (timing.idleAt !== null && timing.idleAt < timing.endedAt)
          pushEvent(s, { at: timing.idleAt, type: 'idle', requests: s.activitySinceActive });
        this.end(s, timing.endedAt, timing.endReason, timeEndOptions(timing.endReason, this.rulesOf(s.site)));
      }
    }
    this.recomputeDeadline();
  }

  end(s: SessionRecord, at: Millis, reason: EndReason, opts: EndOptions): void {
    s.endedAt = at;
    s.endReason = reason;
    s.endInferred = opts.inferred === true;
    s.provisional = opts.provisional === true;
    s.endPredicted = opts.predicted === true;
    pushEvent(s, {
      at,
      type: 'ended',
      reason,
      ...(opts.detail ?? {}),
      ...(opts.evidence ? { evidence: opts.evidence } : {}),
    });
    const rec = this.siteRecord(s.site);
    const i = rec.live.indexOf(s.id);
    if (i >= 0) rec.live.splice(i, 1);
    if (this.liveByKey.get(s.key) === s.id) this.liveByKey.delete(s.key);
    rec.lastByKey[s.key] = s.id;
  }

  /** Takes back an end that later evidence showed never happened (the same session written again). */
  reopen(s: SessionRecord): void {
    for (let i = s.events.length - 1; i >= 0; i--) {
      if (s.events[i]?.type === 'ended') {
        s.events.splice(i, 1);
        break;
      }
    }
    s.endedAt = null;
    s.endReason = null;
    s.endInferred = false;
    s.provisional = false;
    s.endPredicted = false;
    const rec = this.siteRecord(s.site);
    rec.live.push(s.id);
    this.liveByKey.set(s.key, s.id);
  }

  start(
    c: CookieSnapshot,
    r: Recognition,
    t: Millis,
    rec: SiteRecord,
    replaces: string | null,
    detail: Record<string, unknown>,
    evidence = writeEvidence(rec, c.name, valueHash(c.value), t, { removed: false, cause: 'set' }),
  ): SessionRecord {
    const key = cookieId(c);
    const vh = valueHash(c.value);
    let id = sessionIdFor(key, t, vh);
    while (this.sessions.has(id)) id += '~';
    const decoded = decodeData(r, c.value);
    const s: SessionRecord = {
      id,
      site: rec.site,
      key,
      cookie: c,
      valueHash: vh,
      framework: r.framework,
      valueKind: r.valueKind,
      decoder: r.decoder,
      recognition: { confidence: r.confidence, evidence: r.evidence, pinned: r.pinned },
      decoded,
      subject: subjectOf(decoded),
      startedAt: t,
      lastActivityAt: t,
      endedAt: null,
      endReason: null,
      endInferred: false,
      provisional: false,
      replaces,
      replacedBy: null,
      restartsSurvived: 0,
      restoredByBrowser: false,
      firstRestoredAt: null,
      events: [],
      eventsDropped: 0,
      activitySinceActive: 0,
      requests: 0,
      navigations: 0,
      resends: 0,
      expiryPushes: 0,
      maxAgeSeconds: c.expiresAt !== null ? Math.round((c.expiresAt - t) / 1000) : null,
      lastWriteAt: t,
      ...(headerWroteStart(rec, c.name, vh, t) ? { headerWrites: 1 } : {}),
    };
    s.events.push({
      at: t,
      type: 'started',
      valueHash: vh,
      ...(replaces ? { replaces } : {}),
      ...detail,
      evidence,
    });
    // The write that started this session is what rotated the old one away.
    const old = replaces ? this.sessions.get(replaces) : undefined;
    if (old) linkRotationEvidence(old, evidence);
    this.sessions.set(id, s);
    rec.sessions.push(id);
    rec.live.push(id);
    this.liveByKey.set(key, id);
    pushBounded(rec.sessionChanges, { at: t, kind: replaces ? 'rotated' : 'started', id, name: c.name });
    if (t > (rec.lastActivityAt ?? Number.NEGATIVE_INFINITY)) rec.lastActivityAt = t;
    this.noteDeadline(s);
    return s;
  }
}

/**
 * The classifier as an incremental fold. Observations must be applied in order of `at`; the report at
 * `now` is a pure function of (observations applied, rules, now), so a worker that slept computes the
 * right state when it wakes.
 */
export class Tracker {
  private readonly fold: Fold;

  constructor(ruleSet: RuleSet, state?: TrackerState) {
    this.fold = new Fold(ruleSet);
    if (state) loadState(this.fold, state);
  }

  /** New rules apply to the time-based state from now on (report and the next observations). */
  setRules(ruleSet: RuleSet): void {
    this.fold.setRules(ruleSet);
  }

  apply(o: Observation): void {
    const fold = this.fold;
    // Out-of-order input is clamped rather than trusted: the fold only moves forward.
    const t = Number.isFinite(o.at) && o.at > fold.at ? o.at : fold.at;
    fold.settle(t);
    switch (o.kind) {
      case 'activity':
        onActivity(fold, o, t);
        break;
      case 'response':
        onResponse(fold, o, t);
        noteRefusals(fold, o, t);
        break;
      case 'cookie-set':
        onCookieSet(fold, o.cookie, t, null);
        break;
      case 'cookie-removed':
        onCookieRemoved(fold, o.cookie, o.cause, t);
        break;
      case 'tab':
        onTab(fold, o.url, o.change, t);
        break;
      case 'user-idle':
        onUserIdle(fold, o.state, t);
        break;
      case 'startup':
        onStartup(fold, o, t);
        break;
      case 'user-action':
        noteUserAction(fold, o.action, o.site, o.sessionId, t);
        break;
    }
    fold.at = t;
  }

  report(now: Millis, options: ReportOptions = {}): ExportSite[] {
    return report(this.fold, now, options);
  }

  /** The state of the most relevant session of a site at `now` (for the toolbar badge), or null. */
  siteState(site: string, now: Millis): SessionState | null {
    return siteStateOf(this.fold, site, now);
  }

  /** Where a session's cookie lives, to end it; null if unknown. */
  findSession(id: string): {
    site: string;
    storeId: string;
    domain: string;
    path: string;
    name: string;
    partitionKey: string | null;
  } | null {
    const s = this.fold.sessions.get(id);
    if (!s) return null;
    const c = s.cookie;
    return {
      site: s.site,
      storeId: c.storeId,
      domain: c.domain,
      path: c.path,
      name: c.name,
      partitionKey: c.partitionKey,
    };
  }

  /** Browser restarts seen, oldest first. */
  restarts(): Millis[] {
    return this.fold.restarts.map((r) => r.at);
  }

  /** Browser restarts seen, oldest first, each with the signals that showed it (for the export). */
  restartLog(): RestartRecord[] {
    return this.fold.restarts.map((r) => ({ ...r, ...(r.evidence ? { evidence: [...r.evidence] } : {}) }));
  }

  /** Drops everything recorded for a site; returns how many sessions were dropped. */
  forget(site: string): number {
    return forget(this.fold, site);
  }

  /** The most timeline events any one site holds now (what retention under pressure halves). */
  largestSiteEvents(): number {
    return largestSiteEvents(this.fold);
  }

  /**
   * Drops ended sessions older than `maxAgeDays`, then each site's oldest timeline events beyond
   * `maxEventsPerSite`; returns how many events were dropped (those of dropped sessions included).
   */
  prune(policy: RetentionPolicy, now: Millis): number {
    return prune(this.fold, policy, now);
  }

  /** JSON-serializable folded state: a deep copy, so the caller may store it while the tracker folds on. */
  state(): TrackerState {
    return serializeState(this.fold);
  }
}

/** Classification as a pure function: the same observations, rules and now give the same sites. */
export function classify(observations: readonly Observation[], ruleSet: RuleSet, now: Millis): ExportSite[] {
  const tracker = new Tracker(ruleSet);
  for (const o of observations) tracker.apply(o);
  return tracker.report(now);
}
