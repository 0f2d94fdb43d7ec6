/**
 * A report as it reads at a later moment, from the times it already holds. The background pushes a
 * view the state when something is observed; what changes with time alone (a session going idle, an
 * expiry, an idle timeout or maximum lifetime passing) the view derives here, from the moments the
 * classifier computed (`idleAt`, `idleTimeoutAt`, `maxLifetimeAt`, `cookie.expiresAt`), so it needs no
 * poll. The result equals the classifier's own report at that moment (project.test.ts checks it
 * against the Tracker), except for the request count of a derived idle event, which a report does
 * not carry.
 */
import type { EndReason, ExportEvent, ExportSession } from './contract';

/** What projecting needs of a session: a full one, or the all-sites list's (list-view.ts). */
export type Projectable = Pick<
  ExportSession,
  | 'state'
  | 'endReason'
  | 'endedAt'
  | 'events'
  | 'idleAt'
  | 'idleTimeoutAt'
  | 'maxLifetimeAt'
  | 'endInferred'
  | 'endPredicted'
  | 'endsBy'
  | 'lastActivityAt'
  | 'startedAt'
> & { cookie: { expiresAt: string | null } };

interface ProjectableSite<S extends Projectable> {
  sessions: S[];
}

const ms = (iso: string | null | undefined): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};

/** The earliest time-based end, in the classifier's order of precedence when two fall together. */
function timeEnd(s: Projectable): { at: number; reason: EndReason } | null {
  let best: { at: number; reason: EndReason } | null = null;
  const consider = (at: number | null, reason: EndReason) => {
    if (at !== null && (!best || at < best.at)) best = { at, reason };
  };
  consider(ms(s.cookie.expiresAt), 'expired');
  consider(ms(s.maxLifetimeAt), 'max-lifetime');
  consider(ms(s.idleTimeoutAt), 'idle-timeout');
  return best;
}

function insertInOrder(events: ExportEvent[], event: ExportEvent): void {
  const at = ms(event.at) ?? 0;
  let i = events.length;
  while (i > 0 && (ms(events[i - 1]?.at) ?? 0) > at) i--;
  events.splice(i, 0, event);
}

/** The rule behind a time-based end, as the classifier words it (predictions.ts `timeEndEvidence`). */
function endEvidence(s: Projectable, end: { at: number; reason: EndReason }): ExportEvent['evidence'] {
  const seconds = (from: string | null | undefined): number | null => {
    const start = ms(from);
    return start === null ? null : Math.round((end.at - start) / 1000);
  };
  if (end.reason === 'idle-timeout')
    return { rule: { name: 'idle-timeout', seconds: seconds(s.lastActivityAt), from: 'rules' } };
  if (end.reason === 'max-lifetime')
    return { rule: { name: 'max-lifetime', seconds: seconds(s.startedAt), from: 'rules' } };
  return { rule: { name: 'expiry', seconds: null, from: 'cookie' } };
}

/** The session at `now`; the same object when nothing about it changed since its report. */
export function projectSession<S extends Projectable>(s: S, now: number): S {
  if (s.state === 'ended') return s;
  const idleAt = ms(s.idleAt);
  const end = timeEnd(s);
  const endsNow = end !== null && end.at <= now;
  const goesIdle = s.state === 'active' && idleAt !== null && idleAt <= now && (!end || idleAt < end.at);
  if (!endsNow && !goesIdle) return s;
  const events = [...s.events];
  // A report without events (the all-sites list) stays without: it never had the earlier ones either.
  const withEvents = s.events.length > 0;
  if (goesIdle && withEvents) insertInOrder(events, { at: new Date(idleAt).toISOString(), type: 'idle' });
  if (!endsNow) return { ...s, state: 'idle', events };
  const endedAt = new Date(end.at).toISOString();
  // A rule's end is a prediction (predictions.ts); the cookie's own expiry is the browser's rule.
  const predicted = end.reason !== 'expired';
  if (withEvents)
    insertInOrder(events, { at: endedAt, type: 'ended', reason: end.reason, evidence: endEvidence(s, end) });
  return {
    ...s,
    state: 'ended',
    endReason: end.reason,
    endedAt,
    events,
    endInferred: predicted,
    endPredicted: predicted,
    idleAt: null,
    idleTimeoutAt: null,
    maxLifetimeAt: null,
    endsBy: { kind: 'ended', reason: end.reason, at: endedAt, inferred: predicted },
  };
}

/** The site at `now`; the same object when none of its sessions changed. */
export function projectSite<S extends Projectable, T extends ProjectableSite<S>>(site: T, now: number): T {
  let changed = false;
  const sessions = site.sessions.map((s) => {
    const p = projectSession(s, now);
    if (p !== s) changed = true;
    return p;
  });
  return changed ? { ...site, sessions } : site;
}

/** The sites at `now`; the same array when none of them changed. */
export function projectSites<T extends ProjectableSite<Projectable>>(
  sites: readonly T[],
  now: number,
): readonly T[] {
  let changed = false;
  const out = sites.map((site) => {
    const p = projectSite<Projectable, T>(site, now);
    if (p !== site) changed = true;
    return p;
  });
  return changed ? out : sites;
}

/** The next moment after `now` at which any of the sites reads differently by time alone; Infinity if none. */
export function nextChangeAt(sites: readonly ProjectableSite<Projectable>[], now: number): number {
  let next = Number.POSITIVE_INFINITY;
  const consider = (at: number | null) => {
    if (at !== null && at > now && at < next) next = at;
  };
  for (const site of sites) {
    for (const s of site.sessions) {
      if (s.state === 'ended') continue;
      if (s.state === 'active') consider(ms(s.idleAt));
      consider(timeEnd(s)?.at ?? null);
    }
  }
  return next;
}
