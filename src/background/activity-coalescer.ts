/**
 * Turns a stream of requests into at most one `activity` observation per site per window: a busy page
 * makes hundreds of requests per second, and storing each would cost more than the page load itself.
 * The first request of a window is emitted at once (so state flips to active without delay); the rest
 * are counted and emitted when the window closes, or earlier through `drain()`, which the recorder calls
 * before any other observation so that observations stay in order of `at`.
 *
 * Activity counts for a session only when the browser sent its cookie (src/core/cookie-sendable.ts), so
 * only requests alike in what decides that are counted together: the same origin, cookie store,
 * initiator, kind of request, method and top-level site. Their paths differ; each is kept, cut after its
 * first segments (`pathKey`), and cut shorter when a window would keep too many: a path known less
 * precisely makes the core's answer `unknown` (still counted), never wrong.
 */
import { pathKey } from '../core/cookie-sendable';
import type { ActivityScope, Millis, Observation } from '../core/observation';

type Activity = Extract<Observation, { kind: 'activity' }>;
export type RequestScope = Omit<ActivityScope, 'paths'>;

interface Bucket {
  url: string;
  at: Millis;
  count: number;
  isPrivate: boolean;
  windowEndsAt: Millis;
  scope: RequestScope;
  paths: Set<string>;
  /** Segments each kept path has: fewer once a window sees many folders. */
  depth: number;
}

const DEPTH = 2;

/** Distinct paths one observation carries: a page's resources come from a handful of folders. */
export const MAX_PATHS = 16;

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

  add(site: string, url: string, at: Millis, isPrivate: boolean, scope: RequestScope = {}): void {
    const { origin, path } = split(url);
    const key = [
      isPrivate ? 'p' : 'n',
      site,
      origin,
      scope.storeId,
      scope.initiator === null ? '\u0000' : scope.initiator,
      scope.type,
      scope.method,
      scope.topLevel,
    ].join('\u0001');
    const bucket = this.buckets.get(key);
    if (bucket && at < bucket.windowEndsAt) {
      bucket.count++;
      bucket.at = at;
      bucket.url = url;
      keepPath(bucket, path);
      return;
    }
    if (bucket) this.emitBucket(key, bucket);
    this.deps.emit({ kind: 'activity', at, url, source: 'request', count: 1, ...defined(scope) }, isPrivate);
    this.buckets.set(key, {
      url,
      at,
      count: 0,
      isPrivate,
      windowEndsAt: at + this.windowMs,
      scope,
      paths: new Set(),
      depth: DEPTH,
    });
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
      {
        kind: 'activity',
        at: bucket.at,
        url: bucket.url,
        source: 'request',
        count: bucket.count,
        ...defined(bucket.scope),
        paths: [...bucket.paths],
      },
      bucket.isPrivate,
    );
  }
}

function keepPath(bucket: Bucket, path: string): void {
  const cut = pathKey(path, bucket.depth);
  if (bucket.paths.has(cut)) return;
  while (bucket.paths.size >= MAX_PATHS && bucket.depth > 0) {
    bucket.depth--;
    bucket.paths = new Set([...bucket.paths].map((p) => pathKey(p, bucket.depth)));
  }
  bucket.paths.add(pathKey(path, bucket.depth));
}

function split(url: string): { origin: string; path: string } {
  const start = url.indexOf('//');
  const end = start < 0 ? -1 : url.indexOf('/', start + 2);
  if (end < 0) return { origin: url, path: '/' };
  const rest = url.slice(end);
  const q = rest.search(/[?#]/);
  return { origin: url.slice(0, end), path: q < 0 ? rest : rest.slice(0, q) };
}

/** Only the fields that are known: an absent field means unknown to the core. */
function defined(scope: RequestScope): RequestScope {
  const out: RequestScope = {};
  if (scope.storeId !== undefined) out.storeId = scope.storeId;
  if (scope.initiator !== undefined) out.initiator = scope.initiator;
  if (scope.type !== undefined) out.type = scope.type;
  if (scope.method !== undefined) out.method = scope.method;
  if (scope.topLevel !== undefined) out.topLevel = scope.topLevel;
  return out;
}
