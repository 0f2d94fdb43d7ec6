/**
 * Activity: the requests and navigations that keep a session active, the idle gaps between them, and
 * the timeline marks of tabs and of the user's own presence at the machine.
 */
import { type RequestScope, type Sendability, wouldSendAny } from './cookie-sendable';
import type { EventEvidence } from './evidence';
import type { Millis, Observation } from './observation';
import type { Rules } from './rules';
import { notePause, pushEvent, type SessionRecord } from './session';
import type { Fold } from './tracker';

/** Activity for a live session: records an idle gap as idle + active events instead of one per request. */
export function touch(
  fold: Fold,
  s: SessionRecord,
  t: Millis,
  count: number,
  rules?: Rules,
  /** What caused it, asked for only when it ends an idle gap. */
  evidence?: () => EventEvidence,
): void {
  const idleAt = s.lastActivityAt + (rules ?? fold.rulesOf(s.site)).idleAfterSeconds * 1000;
  if (t >= idleAt) {
    pushEvent(s, { at: idleAt, type: 'idle', requests: s.activitySinceActive });
    pushEvent(s, {
      at: t,
      type: 'active',
      idleSeconds: Math.round((t - s.lastActivityAt) / 1000),
      ...(evidence ? { evidence: evidence() } : {}),
    });
    s.activitySinceActive = 0;
  }
  s.activitySinceActive += count;
  notePause(s, t);
  if (t > s.lastActivityAt) s.lastActivityAt = t;
}

type Activity = Extract<Observation, { kind: 'activity' }>;

/**
 * Requests and navigations count for a session only when the browser would have sent its cookie with
 * them (cookie-sendable.ts): a sibling host, another cookie store or another path keeps no session alive.
 * What the observation cannot tell (an older one, a request that does not say its initiator) counts, as
 * it always did, and the session's `active` event says what was unknown.
 */
export function onActivity(fold: Fold, o: Activity, t: Millis): void {
  const url = typeof o.url === 'string' ? o.url : '';
  const site = fold.where.siteOfUrl(url);
  if (site === null) return;
  const rec = fold.sites.get(site);
  if (!rec) return;
  if (url.charCodeAt(4) === 115 /* https */) rec.https = true;
  if (rec.live.length === 0) return;
  const count = Number.isFinite(o.count) && o.count > 0 ? o.count : 1;
  const rules = fold.rulesOf(site);
  const counts = o.source === 'navigation' || rules.activity === 'any-request';
  const scope = scopeOf(o, url, count);
  let any = false;
  for (const id of rec.live) {
    const s = fold.sessions.get(id);
    if (!s) continue;
    const sent = scope === null ? null : wouldSendAny(s.cookie, scope, scope.paths);
    if (sent?.verdict === 'no') continue;
    any = true;
    if (o.source === 'navigation') s.navigations += count;
    else s.requests += count;
    if (counts) touch(fold, s, t, count, rules, () => evidenceOf(o, url, t, sent));
  }
  if (any && counts && t > (rec.lastActivityAt ?? Number.NEGATIVE_INFINITY)) rec.lastActivityAt = t;
}

/** The request as cookie-sendable.ts reads it; null when not even its host is known (older coalesced counts). */
function scopeOf(o: Activity, url: string, count: number): (RequestScope & { paths: string[] }) | null {
  const paths = Array.isArray(o.paths) ? o.paths.filter((p) => typeof p === 'string') : [];
  if (count > 1 && paths.length === 0 && o.source === 'request') return null;
  const scope: RequestScope & { paths: string[] } = { url, paths };
  if (typeof o.storeId === 'string') scope.storeId = o.storeId;
  if (o.initiator === null || typeof o.initiator === 'string') scope.initiator = o.initiator;
  if (typeof o.type === 'string') scope.type = o.type;
  if (typeof o.method === 'string') scope.method = o.method;
  if (typeof o.topLevel === 'string') scope.topLevel = o.topLevel;
  return scope;
}

/** What woke a session from idle: the request, and what it did not say about the cookie being sent. */
function evidenceOf(o: Activity, url: string, t: Millis, sent: Sendability | null): EventEvidence {
  const q = url.search(/[?#]/);
  const evidence: EventEvidence = {
    request: {
      method: typeof o.method === 'string' ? o.method : null,
      url: q < 0 ? url : url.slice(0, q),
      status: null,
      at: t,
    },
  };
  if (sent === null)
    evidence.unknown = 'an older record: which hosts and paths these requests went to is not known';
  else if (sent.verdict === 'unknown')
    evidence.unknown = `counted, but not known to carry the cookie: ${sent.reason}`;
  return evidence;
}

export function onTab(fold: Fold, url: string, change: 'opened' | 'closed', t: Millis): void {
  const site = fold.where.siteOfUrl(url);
  const rec = site === null ? undefined : fold.sites.get(site);
  if (!rec) return;
  for (const id of rec.live) {
    const s = fold.sessions.get(id);
    if (s) pushEvent(s, { at: t, type: change === 'opened' ? 'tab-opened' : 'tab-closed' });
  }
}

export function onUserIdle(fold: Fold, state: 'active' | 'idle' | 'locked', t: Millis): void {
  if (state === fold.userState) return;
  fold.userState = state;
  for (const id of fold.liveByKey.values()) {
    const s = fold.sessions.get(id);
    if (s) pushEvent(s, { at: t, type: state === 'active' ? 'user-active' : 'user-idle', state });
  }
}
