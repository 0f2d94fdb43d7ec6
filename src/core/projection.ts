/**
 * The export projection: the fold's records as the contract's sites and sessions (contract.ts,
 * docs/export-format.md) at a moment `now`. Moments that passed without an observation (idle, an end
 * by time) are derived here, never stored, so the report is a pure function of (observations, rules, now).
 */
import { clearSiteDataInferences } from './clear-site-data';
import type { ExportEvent, ExportSession, ExportSite, SessionState } from './contract';
import { storeKind } from './cookie-id';
import { type SessionTiming, timingOf } from './end-reasons';
import { type EventEvidence, exportEvidence } from './evidence';
import { inferencesFor } from './inferences';
import type { Millis } from './observation';
import { exportPayloads } from './payload';
import { timeEndEvidence } from './predictions';
import { hasRefusals } from './refusals';
import type { Rules } from './rules';
import { iso, type SessionRecord, type StoredEvent } from './session';
import { summarize } from './summary';
import type { Fold } from './tracker';

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

export function report(fold: Fold, now: Millis, options: ReportOptions = {}): ExportSite[] {
  const out: { site: ExportSite; last: Millis }[] = [];
  const records = options.site !== undefined ? [fold.sites.get(options.site)] : [...fold.sites.values()];
  for (const rec of records) {
    // A site whose session cookie was refused may have no session at all: that is the finding.
    if (!rec || (rec.sessions.length === 0 && !hasRefusals(rec))) continue;
    const rules = fold.rulesOf(rec.site);
    const timings = new Map<string, SessionTiming>();
    const sessions: ExportSession[] = [];
    let last = Number.NEGATIVE_INFINITY;
    for (const id of rec.sessions) {
      const s = fold.sessions.get(id);
      if (!s) continue;
      const timing = timingOf(s, rules, now);
      timings.set(id, timing);
      sessions.push(
        exportSession(s, timing, rules, now, options.includeValues === true, options.events !== false),
      );
      if (s.lastActivityAt > last) last = s.lastActivityAt;
    }
    const recs = rec.sessions.map((id) => fold.sessions.get(id)).filter((s) => s !== undefined);
    out.push({
      site: {
        site: rec.site,
        sessions,
        inferences: [
          ...inferencesFor(rec, recs, timings, now),
          ...clearSiteDataInferences(rec, recs, now, options.includeValues === true),
        ],
        lastActivityAt: Number.isFinite(last) ? iso(last) : null,
      },
      last,
    });
  }
  out.sort((a, b) => b.last - a.last || (a.site.site < b.site.site ? -1 : 1));
  return out.map((x) => x.site);
}

/** The state of the most relevant session of a site at `now` (for the toolbar badge), or null. */
export function siteStateOf(fold: Fold, site: string, now: Millis): SessionState | null {
  const rec = fold.sites.get(site);
  if (!rec || rec.sessions.length === 0) return null;
  let best: SessionRecord | null = null;
  for (const id of rec.live) {
    const s = fold.sessions.get(id);
    if (s && (!best || s.lastActivityAt >= best.lastActivityAt)) best = s;
  }
  if (!best) return 'ended';
  return timingOf(best, fold.rulesOf(site), now).state;
}

export function exportSession(
  s: SessionRecord,
  timing: SessionTiming,
  rules: Rules,
  now: Millis,
  includeValues: boolean,
  withEvents: boolean,
): ExportSession {
  const c = s.cookie;
  const events = withEvents ? exportEvents(s, timing, rules, now, includeValues) : [];
  // Ended by time but not folded yet reads as ended too: no countdown, whether or not the fold got there.
  const live = timing.state !== 'ended';
  const showDecoded = includeValues || s.valueKind !== 'opaque-id';
  const history = showDecoded ? exportPayloads(s) : [];
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
    decoded: showDecoded ? s.decoded : null,
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
    endInferred: timing.endInferred,
    endPredicted: timing.endPredicted,
    idleAt: live ? iso(s.lastActivityAt + rules.idleAfterSeconds * 1000) : null,
    idleTimeoutAt:
      live && rules.idleTimeoutSeconds !== null
        ? iso(s.lastActivityAt + rules.idleTimeoutSeconds * 1000)
        : null,
    maxLifetimeAt:
      live && rules.maxLifetimeSeconds !== null ? iso(s.startedAt + rules.maxLifetimeSeconds * 1000) : null,
    storeKind: storeKind(c.storeId),
    endsBy: summarize(s, timing, rules),
    // Under the rule of `decoded`; absent when there is nothing to show.
    ...(showDecoded && history.length > 0 ? { decodedHistory: history } : {}),
  };
}

/**
 * A session's events as exported: the stored ones, with the moments that passed without an observation
 * (idle, ended) derived at `now`, never stored, merged in order.
 */
export function exportEvents(
  s: SessionRecord,
  timing: SessionTiming,
  rules: Rules,
  now: Millis,
  includeValues: boolean,
): ExportEvent[] {
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
      derived.push({
        at: timing.endedAt,
        type: 'ended',
        reason: timing.endReason,
        evidence: timeEndEvidence(timing.endReason, rules),
      });
    if (derived.length > 0) {
      stored = [...stored];
      for (const e of derived) {
        let i = stored.length;
        while (i > 0 && (stored[i - 1] as StoredEvent).at > e.at) i--;
        stored.splice(i, 0, e);
      }
    }
  }
  return stored.map((e) => exportEvent(e, includeValues));
}

function exportEvent(e: StoredEvent, includeValues: boolean): ExportEvent {
  const out: ExportEvent = { ...e, at: iso(e.at) };
  if (typeof e.lastAt === 'number') out.lastAt = iso(e.lastAt);
  if (typeof e.expiresAt === 'number') out.expiresAt = iso(e.expiresAt);
  if (typeof e.predictedAt === 'number') out.predictedAt = iso(e.predictedAt);
  if (e.evidence && typeof e.evidence === 'object')
    out.evidence = exportEvidence(e.evidence as EventEvidence, includeValues);
  return out;
}
