/**
 * The background started: what the browser holds now is compared with what the tracker knew. A browser
 * purges session cookies at shutdown without any cookie event, so a session missing here is how
 * `browser-close` is seen at all; one present after a restart survived it (restored by the browser, for a
 * session cookie). Cookies that changed while nothing listened are judged like any write.
 */
import { cookieId } from './cookie-id';
import { onCookieSet } from './cookie-writes';
import type { EventEvidence } from './evidence';
import { valueHash } from './hash';
import type { CookieSnapshot, Millis, Observation } from './observation';
import { pushEvent, type SessionRecord } from './session';
import type { Fold } from './tracker';

type Startup = Extract<Observation, { kind: 'startup' }>;

export function onStartup(fold: Fold, o: Startup, t: Millis): void {
  const { reason, lastSeenAt, cookies } = o;
  // What told a restart from an extension start (startup.ts in the background); absent before it was kept.
  const signals = Array.isArray(o.evidence) ? o.evidence.filter((x) => typeof x === 'string') : [];
  const startup: EventEvidence = signals.length > 0 ? { startup: signals } : {};
  const list = Array.isArray(cookies) ? cookies : [];
  const present = new Map<string, CookieSnapshot>();
  for (const c of list) present.set(cookieId(c), c);
  const restart = reason === 'browser-restart';
  const goneAt = (s: SessionRecord) =>
    lastSeenAt !== null && Number.isFinite(lastSeenAt)
      ? Math.min(t, Math.max(s.lastActivityAt, lastSeenAt))
      : t;
  const since = typeof o.since === 'number' && Number.isFinite(o.since) ? o.since : Number.POSITIVE_INFINITY;
  for (const id of [...fold.liveByKey.values()]) {
    const s = fold.sessions.get(id);
    // Started while this start waited for the browser's signals: this run saw it begin.
    if (!s || s.startedAt >= since) continue;
    const c = present.get(s.key);
    if (c) {
      if (restart) {
        s.restartsSurvived++;
        const restored = s.cookie.session || c.session;
        if (restored) {
          s.restoredByBrowser = true;
          s.firstRestoredAt ??= t;
        }
        pushEvent(s, { at: t, type: 'restart-survived', restored, evidence: startup });
      }
      continue;
    }
    if (!restart)
      fold.end(s, goneAt(s), 'removed', {
        detail: { whileNotWatching: true },
        evidence: {
          ...startup,
          unknown: 'the cookie went while Sessionscope was not running: how is not known',
        },
      });
    else if (s.cookie.session)
      fold.end(s, goneAt(s), 'browser-close', {
        evidence: {
          ...startup,
          why: ['a session cookie absent when the browser started again: dropped at close'],
        },
      });
    else
      fold.end(s, goneAt(s), 'removed', {
        detail: { lostAtRestart: true },
        evidence: {
          ...startup,
          unknown: 'a persistent cookie absent after the restart: how it went is not known',
        },
      });
  }
  // What the browser holds now is the truth about every site's cookies.
  for (const rec of fold.sites.values()) rec.cookies = {};
  for (const [key, c] of present) {
    const rec = fold.siteRecord(fold.where.siteOfDomain(c.domain));
    rec.cookies[key] = { name: c.name, valueHash: valueHash(c.value), role: 'other' };
  }
  for (const c of present.values()) {
    const key = cookieId(c);
    const live = fold.live(key);
    if (live) {
      // Changed while we were not watching: judge the new value like any write.
      if (valueHash(c.value) !== live.valueHash) onCookieSet(fold, c, t, null);
      else live.cookie = c;
      continue;
    }
    if (c.expiresAt !== null && c.expiresAt <= t) continue;
    const rec = fold.siteRecord(fold.where.siteOfDomain(c.domain));
    const r = fold.recognizeIn(rec, c, fold.rulesOf(rec.site));
    rec.cookies[key] = { name: c.name, valueHash: valueHash(c.value), role: r.role };
    if (!r.session) continue;
    const started = fold.start(
      c,
      r,
      t,
      rec,
      null,
      { seenAtStartup: reason },
      { ...startup, unknown: 'present when Sessionscope started: how it was set was not seen' },
    );
    pushEvent(started, { at: t, type: 'seen-at-startup', reason, evidence: startup });
    if (restart) {
      // Present at the first moment of the new browser: it outlived the old one.
      started.restartsSurvived = 1;
      if (c.session) {
        started.restoredByBrowser = true;
        started.firstRestoredAt = t;
      }
    }
  }
  if (restart) fold.restarts.push(signals.length > 0 ? { at: t, evidence: signals } : { at: t });
  fold.recomputeDeadline();
}
