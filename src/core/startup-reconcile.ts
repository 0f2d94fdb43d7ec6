/**
 * The background started: what the browser holds now is compared with what the tracker knew. A browser
 * purges session cookies at shutdown without any cookie event, so a session missing here is how
 * `browser-close` is seen at all; one present after a restart survived it (restored by the browser, for a
 * session cookie). Cookies that changed while nothing listened are judged like any write.
 */
import { cookieId } from './cookie-id';
import { onCookieSet } from './cookie-writes';
import { valueHash } from './hash';
import type { CookieSnapshot, Millis } from './observation';
import { pushEvent, type SessionRecord } from './session';
import type { Fold } from './tracker';

export function onStartup(
  fold: Fold,
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
  for (const id of [...fold.liveByKey.values()]) {
    const s = fold.sessions.get(id);
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
    if (!restart) fold.end(s, goneAt(s), 'removed', { detail: { whileNotWatching: true } });
    else if (s.cookie.session) fold.end(s, goneAt(s), 'browser-close', {});
    else fold.end(s, goneAt(s), 'removed', { detail: { lostAtRestart: true } });
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
    const started = fold.start(c, r, t, rec, null, { seenAtStartup: reason });
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
  if (restart) fold.restartTimes.push(t);
  fold.recomputeDeadline();
}
