/**
 * Disk space, as the browser reports it for the extension (`navigator.storage.estimate()`: with
 * `unlimitedStorage` the quota is what is stored plus the free space of the profile's disk).
 *
 * Why act before the disk is full: a write that meets a full disk fails with an IO error, Chromium then
 * counts the IndexedDB database as corrupt and deletes it at its next open: the whole timeline, not
 * just the write (seen with the IndexedDB folder on a 1 MB tmpfs). So below LOW_SPACE_BYTES free,
 * retention drops the oldest half of the events, and the popup says why.
 */
import type { Settings } from './settings';

export const LOW_SPACE_BYTES = 64 * 1024 * 1024;

/** Free bytes left to the extension, or null when the browser does not say. */
export function freeBytes(usedBytes: number | null, quotaBytes: number | null): number | null {
  if (usedBytes === null || quotaBytes === null) return null;
  if (!Number.isFinite(usedBytes) || !Number.isFinite(quotaBytes)) return null;
  return Math.max(0, quotaBytes - usedBytes);
}

export function spaceIsLow(usedBytes: number | null, quotaBytes: number | null): boolean {
  const free = freeBytes(usedBytes, quotaBytes);
  return free !== null && free < LOW_SPACE_BYTES;
}

/** The events kept per site must shrink, not just stay under a limit the timeline never reached. */
export const MIN_EVENTS_PER_SITE = 100;

/** Retention when storage is short: half of what the largest site holds now (or of the limit, if lower). */
export function retentionUnderPressure(
  retention: Settings['retention'],
  largestSiteEvents: number,
): Settings['retention'] {
  const now = Math.min(retention.maxEventsPerSite, Math.max(0, Math.floor(largestSiteEvents)));
  return {
    maxEventsPerSite: Math.max(MIN_EVENTS_PER_SITE, Math.floor(now / 2)),
    maxAgeDays: retention.maxAgeDays,
  };
}
