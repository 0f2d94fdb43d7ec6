/**
 * Synthetic but contract-valid data for the scale benchmarks: export documents of any size and a stream of
 * observations shaped like real browsing (cookies set, rotated and removed, requests, navigations, tabs).
 * Deterministic (a seeded generator), so two runs measure the same input.
 */
import type { ExportDocument, ExportEvent, ExportSession, ExportSite } from '../src/core/contract';
import type { CookieSnapshot, Observation } from '../src/core/observation';
import { DEFAULT_RULE_SET } from '../src/core/rules';

const T0 = Date.UTC(2026, 10, 1);
const EVENT_TYPES = ['activity', 'idle', 'active', 'updated', 'activity', 'activity'];

/** xorshift32: reproducible pseudo-random numbers without Math.random. */
export function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();

function session(siteIndex: number, sessionIndex: number, events: number, rand: () => number): ExportSession {
  const started = T0 + siteIndex * 60_000 + sessionIndex * 3_600_000;
  const evs: ExportEvent[] = [{ at: iso(started), type: 'started' }];
  let t = started;
  for (let i = 1; i < events - 1; i++) {
    t += 1000 + Math.floor(rand() * 60_000);
    evs.push({ at: iso(t), type: EVENT_TYPES[i % EVENT_TYPES.length] as string });
  }
  const ended = siteIndex % 3 === 0;
  t += 5000;
  evs.push(ended ? { at: iso(t), type: 'ended', reason: 'logout' } : { at: iso(t), type: 'activity' });
  return {
    id: `s${siteIndex}-${sessionIndex}`,
    cookie: {
      name: 'sessionid',
      domain: `site${siteIndex}.example`,
      path: '/',
      storeId: '0',
      partitionKey: null,
      session: siteIndex % 2 === 0,
      expiresAt: siteIndex % 2 === 0 ? null : iso(t + 1_209_600_000),
      httpOnly: true,
      secure: true,
      sameSite: 'lax',
      valueHash: Math.floor(rand() * 0xffffffff)
        .toString(16)
        .padStart(8, '0'),
    },
    framework: 'django',
    decoded: null,
    state: ended ? 'ended' : siteIndex % 3 === 1 ? 'idle' : 'active',
    endReason: ended ? 'logout' : null,
    startedAt: iso(started),
    lastActivityAt: iso(t),
    endedAt: ended ? iso(t) : null,
    replaces: null,
    replacedBy: null,
    restartsSurvived: 0,
    restoredByBrowser: false,
    events: evs,
  };
}

/** `sites` sites with one session of `eventsPerSite` events each. */
export function syntheticSites(sites: number, eventsPerSite: number, seed = 1): ExportSite[] {
  const rand = rng(seed);
  const out: ExportSite[] = [];
  for (let s = 0; s < sites; s++) {
    const sess = session(s, 0, eventsPerSite, rand);
    out.push({
      site: `site${s}.example`,
      sessions: [sess],
      inferences: [],
      lastActivityAt: sess.lastActivityAt,
    });
  }
  return out;
}

export function syntheticDocument(sites: number, eventsPerSite: number): ExportDocument {
  return {
    format: 'sessionscope-timeline',
    version: 1,
    exportedAt: iso(T0 + 30 * 86_400_000),
    browser: { name: 'chrome', version: '156.0.0.0' },
    rules: DEFAULT_RULE_SET,
    restarts: [],
    sites: syntheticSites(sites, eventsPerSite),
  };
}

function cookie(site: number, name: string, value: string, persistent: boolean, at: number): CookieSnapshot {
  return {
    storeId: '0',
    partitionKey: null,
    domain: `.site${site}.example`,
    path: '/',
    name,
    value,
    hostOnly: false,
    session: !persistent,
    expiresAt: persistent ? at + 1_209_600_000 : null,
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
  };
}

/**
 * `count` observations over `sites` sites, in order of `at`, generated lazily. Mix per site visit:
 * mostly request activity and navigations, some Set-Cookie responses and cookie writes, occasional
 * rotations (overwrite removal + new value), logouts and tab changes.
 */
export function* syntheticObservations(count: number, sites = 1000, seed = 7): Generator<Observation> {
  const rand = rng(seed);
  let at = T0;
  const value = (): string =>
    Math.floor(rand() * 2 ** 52)
      .toString(36)
      .padStart(12, '0');
  const current = new Map<number, string>();
  for (let i = 0; i < count; i++) {
    at += 1 + Math.floor(rand() * 50);
    const s = Math.floor(rand() * sites);
    const url = `https://www.site${s}.example/page/${i % 97}`;
    const r = rand();
    if (!current.has(s) || r < 0.02) {
      // A session starts or rotates: the old value is overwritten, then the new one is set.
      const old = current.get(s);
      if (old) {
        yield {
          kind: 'cookie-removed',
          at,
          cookie: cookie(s, 'sessionid', old, true, at),
          cause: 'overwrite',
        };
        if (++i >= count) return;
      }
      const v = value();
      current.set(s, v);
      yield { kind: 'cookie-set', at, cookie: cookie(s, 'sessionid', v, true, at) };
    } else if (r < 0.03) {
      const old = current.get(s) as string;
      current.delete(s);
      yield {
        kind: 'cookie-removed',
        at,
        cookie: cookie(s, 'sessionid', old, true, at),
        cause: 'expired_overwrite',
      };
    } else if (r < 0.1) {
      yield {
        kind: 'response',
        at,
        url,
        storeId: '0',
        status: 200,
        setCookie: [`csrftoken=${value()}; Max-Age=31449600; Path=/; SameSite=Lax`],
        clearSiteData: null,
      };
    } else if (r < 0.12) {
      yield { kind: 'cookie-set', at, cookie: cookie(s, 'csrftoken', value(), true, at) };
    } else if (r < 0.2) {
      yield { kind: 'activity', at, url, source: 'navigation', count: 1 };
    } else if (r < 0.21) {
      yield { kind: 'tab', at, url, change: rand() < 0.5 ? 'opened' : 'closed' };
    } else {
      yield { kind: 'activity', at, url, source: 'request', count: 1 + Math.floor(rand() * 20) };
    }
  }
}

export const SYNTHETIC_END = (count: number): number => T0 + count * 26;
