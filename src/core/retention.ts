/**
 * What the tracker keeps: ended sessions up to an age, timeline events up to a count per site, and
 * nothing of a site the user asked to forget. Live sessions are never dropped.
 */
import type { Millis } from './observation';
import { pruneRefusals } from './refusals';
import type { SessionRecord } from './session';
import type { Fold } from './tracker';

export interface RetentionPolicy {
  maxEventsPerSite: number;
  maxAgeDays: number;
}

/** Drops everything recorded for a site; returns how many sessions were dropped. */
export function forget(fold: Fold, site: string): number {
  const rec = fold.sites.get(site);
  if (!rec) return 0;
  let n = 0;
  for (const id of rec.sessions) {
    const s = fold.sessions.get(id);
    if (!s) continue;
    if (fold.liveByKey.get(s.key) === id) fold.liveByKey.delete(s.key);
    fold.sessions.delete(id);
    n++;
  }
  fold.sites.delete(site);
  fold.recomputeDeadline();
  return n;
}

/** The most timeline events any one site holds now (what retention under pressure halves). */
export function largestSiteEvents(fold: Fold): number {
  let largest = 0;
  for (const rec of fold.sites.values()) {
    let total = 0;
    for (const id of rec.sessions) total += fold.sessions.get(id)?.events.length ?? 0;
    if (total > largest) largest = total;
  }
  return largest;
}

/**
 * Drops ended sessions older than `maxAgeDays`, then each site's oldest timeline events beyond
 * `maxEventsPerSite`; returns how many events were dropped (those of dropped sessions included).
 */
export function prune(fold: Fold, policy: RetentionPolicy, now: Millis): number {
  let dropped = 0;
  const maxAgeMs = Math.max(0, policy.maxAgeDays) * 86_400_000;
  const maxEvents = Math.max(0, Math.floor(policy.maxEventsPerSite));
  for (const rec of fold.sites.values()) {
    const keep: string[] = [];
    for (const id of rec.sessions) {
      const s = fold.sessions.get(id);
      if (!s) continue;
      if (s.endedAt !== null && now - s.endedAt > maxAgeMs) {
        dropped += s.events.length;
        fold.sessions.delete(id);
        for (const [k, v] of Object.entries(rec.lastByKey)) if (v === id) delete rec.lastByKey[k];
      } else keep.push(id);
    }
    rec.sessions = keep;
    let total = 0;
    for (const id of keep) total += fold.sessions.get(id)?.events.length ?? 0;
    while (total > maxEvents) {
      // Drop the single oldest event of the site, across its sessions.
      let oldest: SessionRecord | null = null;
      for (const id of keep) {
        const s = fold.sessions.get(id);
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
    const refusals = pruneRefusals(rec, now, maxAgeMs);
    if (rec.sessions.length === 0 && rec.live.length === 0 && refusals === 0) fold.sites.delete(rec.site);
  }
  return dropped;
}
