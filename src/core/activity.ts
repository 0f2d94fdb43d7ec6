/**
 * Activity: the requests and navigations that keep a session active, the idle gaps between them, and
 * the timeline marks of tabs and of the user's own presence at the machine.
 */
import type { Millis } from './observation';
import type { Rules } from './rules';
import { notePause, pushEvent, type SessionRecord } from './session';
import type { Fold } from './tracker';

/** Activity for a live session: records an idle gap as idle + active events instead of one per request. */
export function touch(fold: Fold, s: SessionRecord, t: Millis, count: number, rules?: Rules): void {
  const idleAt = s.lastActivityAt + (rules ?? fold.rulesOf(s.site)).idleAfterSeconds * 1000;
  if (t >= idleAt) {
    pushEvent(s, { at: idleAt, type: 'idle', requests: s.activitySinceActive });
    pushEvent(s, { at: t, type: 'active', idleSeconds: Math.round((t - s.lastActivityAt) / 1000) });
    s.activitySinceActive = 0;
  }
  s.activitySinceActive += count;
  notePause(s, t);
  if (t > s.lastActivityAt) s.lastActivityAt = t;
}

export function onActivity(
  fold: Fold,
  url: string,
  source: 'request' | 'navigation',
  count: number,
  t: Millis,
): void {
  const site = fold.where.siteOfUrl(url);
  if (site === null) return;
  const rec = fold.sites.get(site);
  if (!rec) return;
  if (url.charCodeAt(4) === 115 /* https */) rec.https = true;
  if (rec.live.length === 0) return;
  const rules = fold.rulesOf(site);
  const counts = source === 'navigation' || rules.activity === 'any-request';
  for (const id of rec.live) {
    const s = fold.sessions.get(id);
    if (!s) continue;
    if (source === 'navigation') s.navigations += count;
    else s.requests += count;
    if (counts) touch(fold, s, t, count, rules);
  }
  if (counts && t > (rec.lastActivityAt ?? Number.NEGATIVE_INFINITY)) rec.lastActivityAt = t;
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
