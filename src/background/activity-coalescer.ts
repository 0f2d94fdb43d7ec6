/**
 * Turns a stream of requests into at most one `activity` observation per site per window: a busy page
 * makes hundreds of requests per second, and storing each would cost more than the page load itself.
 * The first request of a window is emitted at once (so state flips to active without delay); the rest
 * are counted and emitted when the window closes, or earlier through `drain()`, which the recorder calls
 * before any other observation so that observations stay in order of `at`.
 */
import type { Millis, Observation } from '../core/observation';

type Activity = Extract<Observation, { kind: 'activity' }>;

interface Bucket {
  url: string;
  at: Millis;
  count: number;
  isPrivate: boolean;
  windowEndsAt: Millis;
}

export interface CoalescerDeps {
  emit: (obs: Activity, isPrivate: boolean) => void;
  /** Schedules `drainDue` once; injected so the logic is testable without timers. */
  schedule: (delayMs: number) => void;
}

export class ActivityCoalescer {
  private buckets = new Map<string, Bucket>();

  constructor(
    private deps: CoalescerDeps,
    private windowMs = 1000,
  ) {}

  add(site: string, url: string, at: Millis, isPrivate: boolean): void {
    const key = `${isPrivate ? 'p' : 'n'}:${site}`;
    const bucket = this.buckets.get(key);
    if (bucket && at < bucket.windowEndsAt) {
      bucket.count++;
      bucket.at = at;
      bucket.url = url;
      return;
    }
    if (bucket) this.emitBucket(key, bucket);
    this.deps.emit({ kind: 'activity', at, url, source: 'request', count: 1 }, isPrivate);
    this.buckets.set(key, { url, at, count: 0, isPrivate, windowEndsAt: at + this.windowMs });
    this.deps.schedule(this.windowMs);
  }

  /** Emits every pending count (window closed or not). */
  drain(): void {
    for (const [key, bucket] of this.buckets) this.emitBucket(key, bucket);
  }

  /** Emits the counts whose window has closed by `now`; keeps the others. */
  drainDue(now: Millis): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.windowEndsAt <= now) this.emitBucket(key, bucket);
    }
  }

  private emitBucket(key: string, bucket: Bucket): void {
    this.buckets.delete(key);
    if (bucket.count === 0) return;
    this.deps.emit(
      { kind: 'activity', at: bucket.at, url: bucket.url, source: 'request', count: bucket.count },
      bucket.isPrivate,
    );
  }
}
