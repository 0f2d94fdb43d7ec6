/**
 * The classifier as an incremental fold over observations. Everything it knows lives in plain records
 * (session.ts) so `state()` is a JSON snapshot, and everything time-dependent (idle, idle-timeout,
 * max-lifetime, expiry) is derived from stored timestamps at the moment asked: a worker that slept
 * computes the right state when it wakes, and replay after a snapshot equals replay from scratch.
 */

import type { EndReason, ExportEvent, ExportSession, ExportSite, SessionState } from './contract';
import { cookieId, storeKind } from './cookie-id';
import { decode } from './decode';
import {
  BURST_WINDOW_MS,
  CSD_WINDOW_MS,
  HEADER_MATCH_MS,
  RESET_WINDOW_MS,
  type SessionTiming,
  timingOf,
  USER_ACTION_WINDOW_MS,
} from './end-reasons';
import { valueHash } from './hash';
import { inferencesFor } from './inferences';
import type { CookieCause, CookieSnapshot, Millis, Observation } from './observation';
import { type Recognition, recognize } from './recognize';
import { responseMatters } from './relevance';
import { type RuleSet, type Rules, rulesFor } from './rules';
import { iso, pushEvent, type SessionRecord, type StoredEvent, sessionIdFor } from './session';
import { parseClearSiteData, parseSetCookie } from './set-cookie';
import { siteOf, siteOfUrl } from './site';
import type { SiteRecord } from './site-record';
import { summarize } from './summary';

export {
  BURST_WINDOW_MS,
  CSD_WINDOW_MS,
  HEADER_MATCH_MS,
  LOGIN_MATCH_MS,
  RESET_WINDOW_MS,
  USER_ACTION_WINDOW_MS,
} from './end-reasons';
export type { SiteRecord } from './site-record';

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
  /**
   * Build each session's `events` (default true). Off, every session has `events: []` and the rest of
   * the report is unchanged: a list of 1,000 sites needs their states, not 50,000 timeline events.
   */
  events?: boolean;
}

export interface RetentionPolicy {
  maxEventsPerSite: number;
  maxAgeDays: number;
}

/** An expiry that moved less than this did not slide (same-second re-sends). */
const SLIDE_MIN_MS = 1_000;
const SITE_LIST_MAX = 20;

/** The short value hash of the export contract: shows rotation without revealing the value. */
export function valueHashOf(value: string): string {
  return valueHash(value);
}

function pushBounded<T>(list: T[], item: T): void {
  if (list.length >= SITE_LIST_MAX) list.shift();
  list.push(item);
}

function newSite(site: string): SiteRecord {
  return {
    site,
    sessions: [],
    live: [],
    cookies: {},
    https: false,
    lastActivityAt: null,
    csd: null,
    deletes: [],
    explicitRemovals: [],
    userAction: null,
    companionRotations: [],
    sessionChanges: [],
    headerMaxAge: [],
    lastByKey: {},
  };
}

interface SerializedState extends TrackerState {
  sessions: SessionRecord[];
  sites: SiteRecord[];
  restarts: Millis[];
  userState: 'active' | 'idle' | 'locked';
  recentExplicit: { site: string; at: Millis }[];
}

/**
 * The classifier as an incremental fold. Observations must be applied in order of `at`; the report at
 * `now` is a pure function of (observations applied, rules, now), so a worker that slept computes the
 * right state when it wakes.
 */
export class Tracker {
  private at: Millis = 0;
  private sessions = new Map<string, SessionRecord>();
  private sites = new Map<string, SiteRecord>();
  /** Live session id by cookie key. Derived: rebuilt from sessions when a state is loaded. */
  private liveByKey = new Map<string, string>();
  private restartTimes: Millis[] = [];
  /** Sites with an explicit removal in the last moment: a burst across sites is a browser-wide clear. */
  private recentExplicit: { site: string; at: Millis }[] = [];
  private userState: 'active' | 'idle' | 'locked' = 'active';
  /** No time-based end can happen before this. A lower bound: activity only pushes deadlines later. */
  private nextDeadline = Number.POSITIVE_INFINITY;
  // Caches, not state: pure functions of their keys (and of the rules, reset with them).
  private hostSites = new Map<string, string | null>();
  private siteRules = new Map<string, Rules>();
  private lastOrigin = '\u0000';
  private lastOriginSite: string | null = null;

  constructor(
    private ruleSet: RuleSet,
    state?: TrackerState,
  ) {
    if (state) this.load(state);
  }

  /** New rules apply to the time-based state from now on (report and the next observations). */
  setRules(ruleSet: RuleSet): void {
    this.ruleSet = ruleSet;
    this.siteRules.clear();
    this.recomputeDeadline();
  }

  apply(o: Observation): void {
    // Out-of-order input is clamped rather than trusted: the fold only moves forward.
    const t = Number.isFinite(o.at) && o.at > this.at ? o.at : this.at;
    this.settle(t);
    switch (o.kind) {
      case 'activity':
        this.onActivity(o.url, o.source, Number.isFinite(o.count) && o.count > 0 ? o.count : 1, t);
        break;
      case 'response':
        // The adapter drops these before storage; ignoring them here keeps stored and dropped alike.
        if (responseMatters(o.at === t ? o : { ...o, at: t }, this.ruleSet))
          this.onResponse(o.url, o.setCookie, o.clearSiteData, t);
        break;
      case 'cookie-set':
        this.onCookieSet(o.cookie, t, null);
        break;
      case 'cookie-removed':
        this.onCookieRemoved(o.cookie, o.cause, t);
        break;
      case 'tab':
        this.onTab(o.url, o.change, t);
        break;
      case 'user-idle':
        this.onUserIdle(o.state, t);
        break;
      case 'startup':
        this.onStartup(o.reason, o.lastSeenAt, o.cookies, t);
        break;
      case 'user-action':
        this.onUserAction(o.action, o.site, o.sessionId, t);
        break;
    }
    this.at = t;
  }

  report(now: Millis, options: ReportOptions = {}): ExportSite[] {
    const out: { site: ExportSite; last: Millis }[] = [];
    const records = options.site !== undefined ? [this.sites.get(options.site)] : [...this.sites.values()];
    for (const rec of records) {
      if (!rec || rec.sessions.length === 0) continue;
      const rules = this.rulesOf(rec.site);
      const timings = new Map<string, SessionTiming>();
      const sessions: ExportSession[] = [];
      let last = Number.NEGATIVE_INFINITY;
      for (const id of rec.sessions) {
        const s = this.sessions.get(id);
        if (!s) continue;
        const timing = timingOf(s, rules, now);
        timings.set(id, timing);
        sessions.push(
          this.exportSession(s, timing, rules, now, options.includeValues === true, options.events !== false),
        );
        if (s.lastActivityAt > last) last = s.lastActivityAt;
      }
      const recs = rec.sessions.map((id) => this.sessions.get(id)).filter((s) => s !== undefined);
      out.push({
        site: {
          site: rec.site,
          sessions,
          inferences: inferencesFor(rec, recs, timings, now),
          lastActivityAt: Number.isFinite(last) ? iso(last) : null,
        },
        last,
      });
    }
    out.sort((a, b) => b.last - a.last || (a.site.site < b.site.site ? -1 : 1));
    return out.map((x) => x.site);
  }

  /** The state of the most relevant session of a site at `now` (for the toolbar badge), or null. */
  siteState(site: string, now: Millis): SessionState | null {
    const rec = this.sites.get(site);
    if (!rec || rec.sessions.length === 0) return null;
    const rules = this.rulesOf(site);
    let best: SessionRecord | null = null;
    for (const id of rec.live) {
      const s = this.sessions.get(id);
      if (s && (!best || s.lastActivityAt >= best.lastActivityAt)) best = s;
    }
    if (!best) return 'ended';
    return timingOf(best, rules, now).state;
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
    const s = this.sessions.get(id);
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
    return [...this.restartTimes];
  }

  /** Drops everything recorded for a site; returns how many sessions were dropped. */
  forget(site: string): number {
    const rec = this.sites.get(site);
    if (!rec) return 0;
    let n = 0;
    for (const id of rec.sessions) {
      const s = this.sessions.get(id);
      if (!s) continue;
      if (this.liveByKey.get(s.key) === id) this.liveByKey.delete(s.key);
      this.sessions.delete(id);
      n++;
    }
    this.sites.delete(site);
    this.recomputeDeadline();
    return n;
  }

  /**
   * Drops ended sessions older than `maxAgeDays`, then each site's oldest timeline events beyond
   * `maxEventsPerSite`; returns how many events were dropped (those of dropped sessions included).
   */
  /** The most timeline events any one site holds now (what retention under pressure halves). */
  largestSiteEvents(): number {
    let largest = 0;
    for (const rec of this.sites.values()) {
      let total = 0;
      for (const id of rec.sessions) total += this.sessions.get(id)?.events.length ?? 0;
      if (total > largest) largest = total;
    }
    return largest;
  }

  prune(policy: RetentionPolicy, now: Millis): number {
    let dropped = 0;
    const maxAgeMs = Math.max(0, policy.maxAgeDays) * 86_400_000;
    const maxEvents = Math.max(0, Math.floor(policy.maxEventsPerSite));
    for (const rec of this.sites.values()) {
      const keep: string[] = [];
      for (const id of rec.sessions) {
        const s = this.sessions.get(id);
        if (!s) continue;
        if (s.endedAt !== null && now - s.endedAt > maxAgeMs) {
          dropped += s.events.length;
          this.sessions.delete(id);
          for (const [k, v] of Object.entries(rec.lastByKey)) if (v === id) delete rec.lastByKey[k];
        } else keep.push(id);
      }
      rec.sessions = keep;
      let total = 0;
      for (const id of keep) total += this.sessions.get(id)?.events.length ?? 0;
      while (total > maxEvents) {
        // Drop the single oldest event of the site, across its sessions.
        let oldest: SessionRecord | null = null;
        for (const id of keep) {
          const s = this.sessions.get(id);
          const first = s?.events[0];
          if (s && first && (!oldest || first.at < (oldest.events[0]?.at ?? Number.POSITIVE_INFINITY)))
            oldest = s;
        }
        if (!oldest) break;
        oldest.events.shift();
        oldest.eventsDropped++;
        total--;
        dropped++;
      }
      if (rec.sessions.length === 0 && rec.live.length === 0) this.sites.delete(rec.site);
    }
    return dropped;
  }

  state(): TrackerState {
    const state: SerializedState = {
      version: 1,
      at: this.at,
      sessions: [...this.sessions.values()],
      sites: [...this.sites.values()],
      restarts: this.restartTimes,
      userState: this.userState,
      recentExplicit: this.recentExplicit,
    };
    // A deep copy: the caller may store it while the tracker keeps folding.
    return JSON.parse(JSON.stringify(state)) as TrackerState;
  }

  // ── loading ──────────────────────────────────────────────────────────────

  private load(input: TrackerState): void {
    const state = JSON.parse(JSON.stringify(input)) as Partial<SerializedState>;
    this.at = Number.isFinite(state.at) ? (state.at as number) : 0;
    // A stored state may come from an older or damaged snapshot: keep what is well-formed.
    for (const s of Array.isArray(state.sessions) ? state.sessions : []) {
      if (!isSessionRecord(s)) continue;
      this.sessions.set(s.id, s);
      if (s.endedAt === null) this.liveByKey.set(s.key, s.id);
    }
    for (const rec of Array.isArray(state.sites) ? state.sites : []) {
      if (!rec || typeof rec.site !== 'string') continue;
      const merged = { ...newSite(rec.site), ...rec };
      merged.sessions = merged.sessions.filter((id) => this.sessions.has(id));
      merged.live = merged.live.filter((id) => this.sessions.get(id)?.endedAt === null);
      this.sites.set(rec.site, merged);
    }
    this.restartTimes = Array.isArray(state.restarts)
      ? state.restarts.filter((x) => typeof x === 'number')
      : [];
    this.userState = state.userState ?? 'active';
    this.recentExplicit = Array.isArray(state.recentExplicit) ? state.recentExplicit : [];
    this.recomputeDeadline();
  }

  // ── helpers ──────────────────────────────────────────────────────────────

  private rulesOf(site: string): Rules {
    let r = this.siteRules.get(site);
    if (!r) {
      r = rulesFor(this.ruleSet, site);
      this.siteRules.set(site, r);
    }
    return r;
  }

  private siteOfUrlCached(url: string): string | null {
    // The host part, found without URL parsing: the hot path sees every request.
    const start = url.indexOf('//');
    let end = start < 0 ? -1 : url.indexOf('/', start + 2);
    if (end < 0) end = url.length;
    // Requests come in bursts to one origin (a page and its resources): skip the slice and lookup.
    const lastOrigin = this.lastOrigin;
    if (end === lastOrigin.length && url.startsWith(lastOrigin)) return this.lastOriginSite;
    const origin = url.slice(0, end);
    let site = this.hostSites.get(origin);
    if (site === undefined) {
      site = siteOfUrl(url);
      if (this.hostSites.size > 10_000) this.hostSites.clear();
      this.hostSites.set(origin, site);
    }
    this.lastOrigin = origin;
    this.lastOriginSite = site;
    return site;
  }

  private siteOfDomain(domain: string): string {
    const key = `\u0000${domain}`;
    let site = this.hostSites.get(key);
    if (site === undefined || site === null) {
      site = siteOf(domain);
      if (this.hostSites.size > 10_000) this.hostSites.clear();
      this.hostSites.set(key, site);
    }
    return site;
  }

  private siteRecord(site: string): SiteRecord {
    let rec = this.sites.get(site);
    if (!rec) {
      rec = newSite(site);
      this.sites.set(site, rec);
    }
    return rec;
  }

  private recognizeIn(rec: SiteRecord, c: CookieSnapshot, rules: Rules): Recognition {
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

  private recomputeDeadline(): void {
    let d = Number.POSITIVE_INFINITY;
    for (const id of this.liveByKey.values()) {
      const s = this.sessions.get(id);
      if (s) d = Math.min(d, this.deadlineOf(s));
    }
    this.nextDeadline = d;
  }

  /** Ends, at their own moments, the sessions whose expiry or rule deadline passed by `t`. */
  private settle(t: Millis): void {
    if (t < this.nextDeadline) return;
    for (const id of [...this.liveByKey.values()]) {
      const s = this.sessions.get(id);
      if (!s || this.deadlineOf(s) > t) continue;
      const timing = timingOf(s, this.rulesOf(s.site), t);
      if (timing.state === 'ended' && timing.endReason !== null && timing.endedAt !== null) {
        if (timing.idleAt !== null && timing.idleAt < timing.endedAt)
          pushEvent(s, { at: timing.idleAt, type: 'idle', requests: s.activitySinceActive });
        this.end(s, timing.endedAt, timing.endReason, {});
      }
    }
    this.recomputeDeadline();
  }

  /** Activity for a live session: records an idle gap as idle + active events instead of one per request. */
  private touch(s: SessionRecord, t: Millis, count: number, rules = this.rulesOf(s.site)): void {
    const idleAt = s.lastActivityAt + rules.idleAfterSeconds * 1000;
    if (t >= idleAt) {
      pushEvent(s, { at: idleAt, type: 'idle', requests: s.activitySinceActive });
      pushEvent(s, { at: t, type: 'active', idleSeconds: Math.round((t - s.lastActivityAt) / 1000) });
      s.activitySinceActive = 0;
    }
    s.activitySinceActive += count;
    if (t > s.lastActivityAt) s.lastActivityAt = t;
  }

  private end(
    s: SessionRecord,
    at: Millis,
    reason: EndReason,
    opts: { inferred?: boolean; provisional?: boolean; detail?: Record<string, unknown> },
  ): void {
    s.endedAt = at;
    s.endReason = reason;
    s.endInferred = opts.inferred === true;
    s.provisional = opts.provisional === true;
    pushEvent(s, { at, type: 'ended', reason, ...(opts.detail ?? {}) });
    const rec = this.siteRecord(s.site);
    const i = rec.live.indexOf(s.id);
    if (i >= 0) rec.live.splice(i, 1);
    if (this.liveByKey.get(s.key) === s.id) this.liveByKey.delete(s.key);
    rec.lastByKey[s.key] = s.id;
  }

  /** Corrects a provisional end once better evidence arrives (a header, a burst, a re-set). */
  private revise(
    s: SessionRecord,
    reason: EndReason,
    opts: { inferred?: boolean; detail?: Record<string, unknown> },
  ): void {
    s.endReason = reason;
    s.endInferred = opts.inferred === true;
    // An inference can still be overturned by a header arriving late; a seen header cannot.
    s.provisional = opts.inferred === true || (reason === 'removed' && s.provisional);
    for (let i = s.events.length - 1; i >= 0; i--) {
      const e = s.events[i];
      if (e && e.type === 'ended') {
        s.events[i] = { at: e.at, type: 'ended', reason, ...(opts.detail ?? {}) };
        break;
      }
    }
  }

  private reopen(s: SessionRecord): void {
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
    const rec = this.siteRecord(s.site);
    rec.live.push(s.id);
    this.liveByKey.set(s.key, s.id);
  }

  private start(
    c: CookieSnapshot,
    r: Recognition,
    t: Millis,
    rec: SiteRecord,
    replaces: string | null,
    detail: Record<string, unknown>,
  ): SessionRecord {
    const key = cookieId(c);
    const vh = valueHashOf(c.value);
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
    };
    s.events.push({ at: t, type: 'started', valueHash: vh, ...(replaces ? { replaces } : {}), ...detail });
    this.sessions.set(id, s);
    rec.sessions.push(id);
    rec.live.push(id);
    this.liveByKey.set(key, id);
    pushBounded(rec.sessionChanges, { at: t, kind: replaces ? 'rotated' : 'started', id, name: c.name });
    if (t > (rec.lastActivityAt ?? Number.NEGATIVE_INFINITY)) rec.lastActivityAt = t;
    this.nextDeadline = Math.min(this.nextDeadline, this.deadlineOf(s));
    return s;
  }

  /** Same session, a new value: signed client-side data, or a token for the same subject. */
  private updatesInPlace(s: SessionRecord, r: Recognition, value: string): boolean {
    const kind = r.session ? r.valueKind : s.valueKind;
    if (kind === 'signed-data' || kind === 'encrypted-data') return true;
    if (kind === 'token')
      return subjectOf(decodeData(r.decoder ? r : { ...r, decoder: s.decoder }, value)) === s.subject;
    return false;
  }

  // ── observations ─────────────────────────────────────────────────────────

  private onActivity(url: string, source: 'request' | 'navigation', count: number, t: Millis): void {
    const site = this.siteOfUrlCached(url);
    if (site === null) return;
    const rec = this.sites.get(site);
    if (!rec) return;
    if (url.charCodeAt(4) === 115 /* https */) rec.https = true;
    if (rec.live.length === 0) return;
    const rules = this.rulesOf(site);
    const counts = source === 'navigation' || rules.activity === 'any-request';
    for (const id of rec.live) {
      const s = this.sessions.get(id);
      if (!s) continue;
      if (source === 'navigation') s.navigations += count;
      else s.requests += count;
      if (counts) this.touch(s, t, count, rules);
    }
    if (counts && t > (rec.lastActivityAt ?? Number.NEGATIVE_INFINITY)) rec.lastActivityAt = t;
  }

  private onResponse(url: string, setCookie: string[], clearSiteData: string | null, t: Millis): void {
    const site = this.siteOfUrlCached(url);
    if (site === null) return;
    const rec = this.siteRecord(site);
    // Neither activity nor https evidence: the same request reaches the tracker as an `activity` observation.
    for (const header of Array.isArray(setCookie) ? setCookie : []) {
      const parsed = typeof header === 'string' ? parseSetCookie(header, t) : null;
      if (!parsed) continue;
      if (parsed.deletes) {
        pushBounded(rec.deletes, { name: parsed.name, at: t });
        // The removal may have been reported first: a provisional end becomes a logout.
        this.reviseRecent(rec, t, HEADER_MATCH_MS, (s) => s.cookie.name === parsed.name, 'logout', {
          detail: { header: 'Set-Cookie deletion' },
        });
      } else if (parsed.maxAgeSeconds !== null) {
        const i = rec.headerMaxAge.findIndex((h) => h.name === parsed.name);
        if (i >= 0) rec.headerMaxAge.splice(i, 1);
        pushBounded(rec.headerMaxAge, { name: parsed.name, seconds: parsed.maxAgeSeconds, at: t });
      }
    }
    if (typeof clearSiteData === 'string') {
      const directives = parseClearSiteData(clearSiteData);
      if (directives.includes('cookies') || directives.includes('*')) {
        let cookiesPresent = 0;
        for (const _ in rec.cookies) cookiesPresent++;
        rec.csd = { at: t, url, directives, removals: 0, cookiesPresent };
        const revised = this.reviseRecent(rec, t, BURST_WINDOW_MS, () => true, 'clear-site-data', {
          detail: { header: clearSiteData },
        });
        rec.csd.removals += revised;
      }
    }
  }

  /** Revises provisional ends of the site within `window` before `t`; returns how many. */
  private reviseRecent(
    rec: SiteRecord,
    t: Millis,
    window: Millis,
    match: (s: SessionRecord) => boolean,
    reason: EndReason,
    opts: { inferred?: boolean; detail?: Record<string, unknown> },
  ): number {
    let n = 0;
    for (const key in rec.lastByKey) {
      const id = rec.lastByKey[key];
      const s = id ? this.sessions.get(id) : undefined;
      if (!s?.provisional || s.endedAt === null || t - s.endedAt > window || !match(s)) continue;
      this.revise(s, reason, opts);
      n++;
    }
    return n;
  }

  private onCookieSet(c: CookieSnapshot, t: Millis, startDetail: Record<string, unknown> | null): void {
    const site = this.siteOfDomain(c.domain);
    const rec = this.siteRecord(site);
    const rules = this.rulesOf(site);
    const key = cookieId(c);
    const vh = valueHashOf(c.value);
    const r = this.recognizeIn(rec, c, rules);
    const prev = rec.cookies[key];
    if (r.role === 'companion' && prev && prev.valueHash !== vh)
      pushBounded(rec.companionRotations, { at: t, name: c.name });
    rec.cookies[key] = { name: c.name, valueHash: vh, role: r.role };

    const liveId = this.liveByKey.get(key);
    const live = liveId ? this.sessions.get(liveId) : undefined;
    if (live) {
      this.onWrite(live, c, vh, r, t, rec);
      return;
    }
    if (c.expiresAt !== null && c.expiresAt <= t) return;
    const lastId = rec.lastByKey[key];
    const last = lastId ? this.sessions.get(lastId) : undefined;
    if (last?.provisional && last.endedAt !== null && t - last.endedAt <= RESET_WINDOW_MS) {
      // Removed and set again at once: the same session written anew, or a rotation.
      if (vh === last.valueHash || this.updatesInPlace(last, r, c.value)) {
        this.reopen(last);
        this.onWrite(last, c, vh, r, t, rec);
        this.nextDeadline = Math.min(this.nextDeadline, this.deadlineOf(last));
        return;
      }
      this.revise(last, 'rotated', { detail: { replacedBy: null } });
      const next = this.start(c, r.session ? r : recognitionOf(last), t, rec, last.id, startDetail ?? {});
      last.replacedBy = next.id;
      this.linkRotation(last, next);
      return;
    }
    if (!r.session) return;
    this.start(c, r, t, rec, null, startDetail ?? {});
  }

  private linkRotation(old: SessionRecord, next: SessionRecord): void {
    for (let i = old.events.length - 1; i >= 0; i--) {
      const e = old.events[i];
      if (e?.type === 'ended') {
        e.replacedBy = next.id;
        break;
      }
    }
  }

  private onWrite(
    s: SessionRecord,
    c: CookieSnapshot,
    vh: string,
    r: Recognition,
    t: Millis,
    rec: SiteRecord,
  ): void {
    const before = s.cookie.expiresAt;
    if (vh === s.valueHash) {
      const pushed = c.expiresAt !== null && before !== null && c.expiresAt >= before + SLIDE_MIN_MS;
      s.resends++;
      if (pushed) s.expiryPushes++;
      s.cookie = c;
      s.lastWriteAt = t;
      if (c.expiresAt !== null) s.maxAgeSeconds = Math.round((c.expiresAt - t) / 1000);
      const last = s.events[s.events.length - 1];
      if (last && last.type === 'updated' && last.what === 'resent') {
        last.count = (last.count as number) + 1;
        last.lastAt = t;
        last.expiresAt = c.expiresAt;
      } else
        pushEvent(s, { at: t, type: 'updated', what: 'resent', count: 1, lastAt: t, expiresAt: c.expiresAt });
      this.touch(s, t, 1);
      if (c.expiresAt !== before) this.nextDeadline = Math.min(this.nextDeadline, this.deadlineOf(s));
      return;
    }
    if (this.updatesInPlace(s, r, c.value)) {
      const rr = r.session ? r : recognitionOf(s);
      s.cookie = c;
      s.valueHash = vh;
      s.decoded = decodeData(rr, c.value);
      s.subject = subjectOf(s.decoded) ?? s.subject;
      // A write of the same session: evidence for sliding expiry like a re-send of the same value.
      s.resends++;
      if (c.expiresAt !== null && before !== null && c.expiresAt >= before + SLIDE_MIN_MS) s.expiryPushes++;
      s.lastWriteAt = t;
      if (c.expiresAt !== null) s.maxAgeSeconds = Math.round((c.expiresAt - t) / 1000);
      // Coalesced: Laravel and signed cookies change value on every response.
      const last = s.events[s.events.length - 1];
      if (last && last.type === 'updated' && last.what === 'value') {
        last.count = (last.count as number) + 1;
        last.lastAt = t;
        last.valueHash = vh;
      } else pushEvent(s, { at: t, type: 'updated', what: 'value', valueHash: vh, count: 1, lastAt: t });
      this.touch(s, t, 1);
      this.nextDeadline = Math.min(this.nextDeadline, this.deadlineOf(s));
      return;
    }
    this.end(s, t, 'rotated', { detail: { replacedBy: null } });
    const next = this.start(c, r.session ? r : recognitionOf(s), t, rec, s.id, {});
    s.replacedBy = next.id;
    this.linkRotation(s, next);
  }

  private onCookieRemoved(c: CookieSnapshot, cause: CookieCause, t: Millis): void {
    const site = this.siteOfDomain(c.domain);
    const rec = this.sites.get(site);
    if (!rec) return;
    const key = cookieId(c);
    // An overwrite is always followed by the set that replaced it: that set decides.
    if (cause === 'overwrite') return;
    delete rec.cookies[key];
    const liveId = this.liveByKey.get(key);
    const s = liveId ? this.sessions.get(liveId) : undefined;

    const ua = rec.userAction;
    if (ua && t - ua.at <= USER_ACTION_WINDOW_MS && (ua.sessionId === null || !s || ua.sessionId === s.id)) {
      if (!s) return;
      if (ua.action === 'simulate-browser-close')
        this.end(s, t, 'browser-close', { detail: { cause, simulated: true } });
      else this.end(s, t, 'removed', { detail: { cause, byUser: true } });
      return;
    }
    if (rec.csd && t - rec.csd.at <= CSD_WINDOW_MS) {
      rec.csd.removals++;
      if (s) this.end(s, t, 'clear-site-data', { detail: { cause } });
      return;
    }
    if (cause === 'explicit') {
      const burst = rec.explicitRemovals.filter((x) => t - x.at <= BURST_WINDOW_MS && x.key !== key);
      rec.explicitRemovals = [...burst, { at: t, key }];
      // Several sites losing cookies at once is the user clearing browsing data, not Clear-Site-Data.
      const others = this.recentExplicit.filter((x) => t - x.at <= BURST_WINDOW_MS && x.site !== site);
      const acrossSites = others.length > 0;
      this.recentExplicit = [
        ...others.filter((x, i) => others.findIndex((y) => y.site === x.site) === i),
        { site, at: t },
      ];
      if (acrossSites) this.reviseAcrossSites(others, t);
      if (!s) {
        if (burst.length > 0 && !acrossSites) this.reviseBurst(rec, t);
        return;
      }
      const deleted = rec.deletes.some((d) => d.name === c.name && Math.abs(t - d.at) <= HEADER_MATCH_MS);
      if (deleted) {
        this.end(s, t, 'logout', { detail: { cause, header: 'Set-Cookie deletion' } });
        return;
      }
      if (acrossSites) {
        this.end(s, t, 'removed', { provisional: true, detail: { cause, acrossSites: true } });
        return;
      }
      if (burst.length > 0) {
        this.end(s, t, 'clear-site-data', {
          inferred: true,
          provisional: true,
          detail: { cause, burst: true },
        });
        this.reviseBurst(rec, t);
        return;
      }
      this.end(s, t, 'removed', { provisional: true, detail: { cause } });
      return;
    }
    if (!s) return;
    if (cause === 'expired_overwrite') this.end(s, t, 'logout', { detail: { cause } });
    else if (cause === 'evicted') this.end(s, t, 'evicted', { detail: { cause } });
    else {
      // 'expired' before the stored expiry: a server deletion as Firefox may report it.
      const deleted = rec.deletes.some((d) => d.name === c.name && Math.abs(t - d.at) <= HEADER_MATCH_MS);
      const early = s.cookie.expiresAt === null || s.cookie.expiresAt > t + SLIDE_MIN_MS;
      this.end(s, t, deleted ? 'logout' : 'expired', {
        detail: early ? { cause, beforeExpiry: true } : { cause },
      });
    }
  }

  private reviseAcrossSites(others: { site: string; at: Millis }[], t: Millis): void {
    for (const { site } of others) {
      const rec = this.sites.get(site);
      if (!rec) continue;
      this.reviseRecent(
        rec,
        t,
        BURST_WINDOW_MS,
        (s) => s.endReason === 'clear-site-data' && s.endInferred,
        'removed',
        { detail: { cause: 'explicit', acrossSites: true } },
      );
    }
  }

  private reviseBurst(rec: SiteRecord, t: Millis): void {
    this.reviseRecent(rec, t, BURST_WINDOW_MS, (s) => s.endReason === 'removed', 'clear-site-data', {
      inferred: true,
      detail: { cause: 'explicit', burst: true },
    });
  }

  private onTab(url: string, change: 'opened' | 'closed', t: Millis): void {
    const site = this.siteOfUrlCached(url);
    const rec = site === null ? undefined : this.sites.get(site);
    if (!rec) return;
    for (const id of rec.live) {
      const s = this.sessions.get(id);
      if (s) pushEvent(s, { at: t, type: change === 'opened' ? 'tab-opened' : 'tab-closed' });
    }
  }

  private onUserIdle(state: 'active' | 'idle' | 'locked', t: Millis): void {
    if (state === this.userState) return;
    this.userState = state;
    for (const id of this.liveByKey.values()) {
      const s = this.sessions.get(id);
      if (s) pushEvent(s, { at: t, type: state === 'active' ? 'user-active' : 'user-idle', state });
    }
  }

  private onUserAction(
    action: 'end-session' | 'simulate-browser-close',
    site: string,
    sessionId: string | null,
    t: Millis,
  ): void {
    const rec = this.sites.get(site);
    if (rec) rec.userAction = { action, at: t, sessionId };
  }

  private onStartup(
    reason: 'browser-restart' | 'extension-start',
    lastSeenAt: Millis | null,
    cookies: CookieSnapshot[],
    t: Millis,
  ): void {
    const list = Array.isArray(cookies) ? cookies : [];
    const present = new Map<string, CookieSnapshot>();
    for (const c of list) present.set(cookieId(c), c);
    const restart = reason === 'browser-restart';
    const goneAt = (s: SessionRecord) =>
      lastSeenAt !== null && Number.isFinite(lastSeenAt)
        ? Math.min(t, Math.max(s.lastActivityAt, lastSeenAt))
        : t;
    for (const id of [...this.liveByKey.values()]) {
      const s = this.sessions.get(id);
      if (!s) continue;
      const c = present.get(s.key);
      if (c) {
        if (restart) {
          s.restartsSurvived++;
          const restored = s.cookie.session || c.session;
          if (restored) {
            s.restoredByBrowser = true;
            s.firstRestoredAt ??= t;
          }
          pushEvent(s, { at: t, type: 'restart-survived', restored });
        }
        continue;
      }
      if (!restart) this.end(s, goneAt(s), 'removed', { detail: { whileNotWatching: true } });
      else if (s.cookie.session) this.end(s, goneAt(s), 'browser-close', {});
      else this.end(s, goneAt(s), 'removed', { detail: { lostAtRestart: true } });
    }
    // What the browser holds now is the truth about every site's cookies.
    for (const rec of this.sites.values()) rec.cookies = {};
    for (const [key, c] of present) {
      const rec = this.siteRecord(this.siteOfDomain(c.domain));
      rec.cookies[key] = { name: c.name, valueHash: valueHashOf(c.value), role: 'other' };
    }
    for (const c of present.values()) {
      const key = cookieId(c);
      const liveId = this.liveByKey.get(key);
      const live = liveId ? this.sessions.get(liveId) : undefined;
      if (live) {
        // Changed while we were not watching: judge the new value like any write.
        if (valueHashOf(c.value) !== live.valueHash) this.onCookieSet(c, t, null);
        else live.cookie = c;
        continue;
      }
      if (c.expiresAt !== null && c.expiresAt <= t) continue;
      const rec = this.siteRecord(this.siteOfDomain(c.domain));
      const rules = this.rulesOf(rec.site);
      const r = this.recognizeIn(rec, c, rules);
      rec.cookies[key] = { name: c.name, valueHash: valueHashOf(c.value), role: r.role };
      if (!r.session) continue;
      const started = this.start(c, r, t, rec, null, { seenAtStartup: reason });
      pushEvent(started, { at: t, type: 'seen-at-startup', reason });
      if (restart) {
        // Present at the first moment of the new browser: it outlived the old one.
        started.restartsSurvived = 1;
        if (c.session) {
          started.restoredByBrowser = true;
          started.firstRestoredAt = t;
        }
      }
    }
    if (restart) this.restartTimes.push(t);
    this.recomputeDeadline();
  }

  // ── report ───────────────────────────────────────────────────────────────

  private exportSession(
    s: SessionRecord,
    timing: SessionTiming,
    rules: Rules,
    now: Millis,
    includeValues: boolean,
    withEvents: boolean,
  ): ExportSession {
    const c = s.cookie;
    const events = withEvents ? exportEvents(s, timing, now) : [];
    // Ended by time but not folded yet reads as ended too: no countdown, whether or not the fold got there.
    const live = timing.state !== 'ended';
    return {
      id: s.id,
      cookie: {
        name: c.name,
        domain: c.domain,
        path: c.path,
        storeId: c.storeId,
        partitionKey: c.partitionKey,
        session: c.session,
        expiresAt: c.expiresAt === null ? null : iso(c.expiresAt),
        httpOnly: c.httpOnly,
        secure: c.secure,
        sameSite: c.sameSite,
        valueHash: s.valueHash,
        ...(includeValues ? { value: c.value } : {}),
      },
      framework: s.framework,
      // An opaque id's decoded form (Spring's base64 UUID) is the session id itself: as secret as the value.
      decoded: includeValues || s.valueKind !== 'opaque-id' ? s.decoded : null,
      state: timing.state,
      endReason: timing.endReason,
      startedAt: iso(s.startedAt),
      lastActivityAt: iso(s.lastActivityAt),
      endedAt: timing.endedAt === null ? null : iso(timing.endedAt),
      replaces: s.replaces,
      replacedBy: s.replacedBy,
      restartsSurvived: s.restartsSurvived,
      restoredByBrowser: s.restoredByBrowser,
      events,
      recognition: s.recognition,
      endInferred: s.endInferred,
      idleAt: live ? iso(s.lastActivityAt + rules.idleAfterSeconds * 1000) : null,
      idleTimeoutAt:
        live && rules.idleTimeoutSeconds !== null
          ? iso(s.lastActivityAt + rules.idleTimeoutSeconds * 1000)
          : null,
      maxLifetimeAt:
        live && rules.maxLifetimeSeconds !== null ? iso(s.startedAt + rules.maxLifetimeSeconds * 1000) : null,
      storeKind: storeKind(c.storeId),
      endsBy: summarize(s, timing, rules),
    };
  }
}

/**
 * A session's events as exported: the stored ones, with the moments that passed without an observation
 * (idle, ended) derived at `now`, never stored, merged in order.
 */
function exportEvents(s: SessionRecord, timing: SessionTiming, now: Millis): ExportEvent[] {
  let stored = s.events;
  if (s.endedAt === null) {
    const derived: StoredEvent[] = [];
    if (
      timing.idleAt !== null &&
      timing.idleAt <= now &&
      (timing.endedAt === null || timing.idleAt < timing.endedAt)
    )
      derived.push({ at: timing.idleAt, type: 'idle', requests: s.activitySinceActive });
    if (timing.endedAt !== null && timing.endReason !== null)
      derived.push({ at: timing.endedAt, type: 'ended', reason: timing.endReason });
    if (derived.length > 0) {
      stored = [...stored];
      for (const e of derived) {
        let i = stored.length;
        while (i > 0 && (stored[i - 1] as StoredEvent).at > e.at) i--;
        stored.splice(i, 0, e);
      }
    }
  }
  return stored.map(exportEvent);
}

function exportEvent(e: StoredEvent): ExportEvent {
  const out: ExportEvent = { ...e, at: iso(e.at) };
  if (typeof e.lastAt === 'number') out.lastAt = iso(e.lastAt);
  if (typeof e.expiresAt === 'number') out.expiresAt = iso(e.expiresAt);
  return out;
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

function recognitionOf(s: SessionRecord): Recognition {
  return {
    session: true,
    role: 'session',
    framework: s.framework,
    valueKind: s.valueKind,
    decoder: s.decoder,
    confidence: s.recognition.confidence,
    evidence: s.recognition.evidence,
    pinned: s.recognition.pinned,
    hints: {},
  };
}

function decodeData(r: Pick<Recognition, 'decoder'>, value: string): Record<string, unknown> | null {
  if (!r.decoder) return null;
  try {
    const d = decode(r.decoder, value);
    return d.ok ? d.data : null;
  } catch {
    return null;
  }
}

/** The JWT subject, when the decoded value is a token with claims. */
function subjectOf(decoded: Record<string, unknown> | null): string | null {
  const claims = decoded?.claims;
  if (claims && typeof claims === 'object') {
    const sub = (claims as Record<string, unknown>).sub;
    if (typeof sub === 'string' || typeof sub === 'number') return String(sub);
  }
  return null;
}

/** Classification as a pure function: the same observations, rules and now give the same sites. */
export function classify(observations: readonly Observation[], ruleSet: RuleSet, now: Millis): ExportSite[] {
  const tracker = new Tracker(ruleSet);
  for (const o of observations) tracker.apply(o);
  return tracker.report(now);
}
