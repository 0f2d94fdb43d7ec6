/**
 * Which sites' requests Sessionscope saw, and since when. Response headers (request activity, Set-Cookie,
 * Clear-Site-Data) exist only for sites whose requests were captured at that moment; elsewhere a verdict
 * that rests on them must say "unknown" and why, never guess.
 *
 * The background keeps a capture log: each time what is in force changes (settings, the optional
 * `webRequest` permission, a browser start that makes a grant take effect), it appends the sites whose
 * responses the listener sees from then on. Everything here is a pure function of that log.
 */
import type { ExportSession, ExportSite } from './contract';
import type { Millis } from './observation';

/** Every site, or the listed sites and their subdomains. */
export type CapturedSites = 'all' | readonly string[];

export interface CaptureChange {
  at: Millis;
  sites: CapturedSites;
}

/** Oldest first. Before its first entry nothing was captured. */
export type CaptureLog = readonly CaptureChange[];

/** The words each verdict uses when it lacks headers (the UI shows them as they are). */
export const CAUSE_NOT_CAPTURED = 'cause unknown: requests on this site are not captured';
export const ACTIVITY_NAVIGATIONS_ONLY = 'activity seen: navigations only';

/** Above this many entries the oldest are folded away (entries older than every kept event do not matter). */
export const MAX_CAPTURE_LOG = 500;

const bare = (host: string): string =>
  host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/^\.+/, '');

/** Whether `site` (a site key: registrable domain, host of an IP or localhost) is among `sites`. */
export function covers(sites: CapturedSites, site: string): boolean {
  if (sites === 'all') return true;
  const s = bare(site);
  // A captured parent domain covers the site; a captured subdomain alone does not cover all of it.
  return sites.some((entry) => {
    const e = bare(entry);
    return e !== '' && (s === e || s.endsWith(`.${e}`));
  });
}

/** What was in force at `at`: the last change at or before it. */
function entryAt(log: CaptureLog, at: Millis): number {
  let found = -1;
  for (let i = 0; i < log.length; i++) {
    const entry = log[i];
    if (entry && entry.at <= at) found = i;
    else break;
  }
  return found;
}

/** Whether the site's requests were captured at `at`, and since when without a break. */
export function coverageAt(
  log: CaptureLog,
  site: string,
  at: Millis,
): { captured: boolean; since: Millis | null } {
  let i = entryAt(log, at);
  const current = log[i];
  if (!current || !covers(current.sites, site)) return { captured: false, since: null };
  let since = current.at;
  for (i -= 1; i >= 0; i--) {
    const earlier = log[i];
    if (!earlier || !covers(earlier.sites, site)) break;
    since = earlier.at;
  }
  return { captured: true, since };
}

/**
 * For the classifier: the reason a verdict about `site` at `at` that needs response headers cannot be
 * given, or null when the site's requests were captured then.
 */
export function headerEvidenceGap(log: CaptureLog, site: string, at: Millis): string | null {
  return coverageAt(log, site, at).captured ? null : CAUSE_NOT_CAPTURED;
}

function sameSites(a: CapturedSites, b: CapturedSites): boolean {
  if (a === 'all' || b === 'all') return a === b;
  return a.length === b.length && a.every((s) => b.includes(s));
}

/**
 * The log with `change` appended, unless it changes nothing. Kept under MAX_CAPTURE_LOG entries: the oldest
 * go first, and the entry in force at `keepAfter` (the oldest moment any kept event has) is never dropped.
 */
export function withChange(
  log: CaptureLog,
  change: CaptureChange,
  keepAfter = Number.NEGATIVE_INFINITY,
): CaptureLog {
  const last = log[log.length - 1];
  // Time only moves forward here: a change dated before the last entry is applied at that entry's time.
  const at = last && change.at < last.at ? last.at : change.at;
  const sites =
    change.sites === 'all' ? 'all' : [...new Set(change.sites.map(bare).filter((s) => s !== ''))].sort();
  if (last && sameSites(last.sites, sites)) return log;
  let next: CaptureChange[] = [...log, { at, sites }];
  const firstNeeded = Math.max(0, entryAt(next, keepAfter));
  next = next.slice(firstNeeded);
  if (next.length > MAX_CAPTURE_LOG) next = next.slice(next.length - MAX_CAPTURE_LOG);
  return next;
}

/** A stored log, as read back: anything malformed is left out rather than trusted. */
export function parseCaptureLog(value: unknown): CaptureLog {
  if (!Array.isArray(value)) return [];
  const out: CaptureChange[] = [];
  for (const item of value) {
    if (item === null || typeof item !== 'object') continue;
    const { at, sites } = item as { at?: unknown; sites?: unknown };
    if (typeof at !== 'number' || !Number.isFinite(at)) continue;
    if (sites === 'all') out.push({ at, sites: 'all' });
    else if (Array.isArray(sites) && sites.every((s) => typeof s === 'string')) out.push({ at, sites });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** What a site object says about capture (added to `state/get` and exports). */
export interface SiteCapture {
  /** Whether this site's requests are captured now. */
  captured: boolean;
  /** Since when, without a break (ISO); null when not captured, or captured since before the capture log began. */
  since: string | null;
  /** Present when not captured now: what the timeline is missing, in the UI's words. */
  unknown?: string;
}

/**
 * How a session's end was decided when it rests on response headers: a removal not asked for by the user
 * (the server's Set-Cookie deletion or a Clear-Site-Data would have shown in the headers), a Clear-Site-Data
 * inferred from a burst of removals, or an expiry reported before the cookie's stored expiry.
 */
function endNeedsHeaders(session: ExportSession): boolean {
  if (session.state !== 'ended' || session.endReason === null) return false;
  if (session.endReason === 'clear-site-data') return session.endInferred === true;
  const ended = [...session.events].reverse().find((e) => e.type === 'ended');
  if (session.endReason === 'removed') {
    // Without the events (a list asked without them) the details are not known: say nothing rather than guess.
    if (!ended) return false;
    return !(ended.byUser === true || ended.whileNotWatching === true || ended.lostAtRestart === true);
  }
  if (session.endReason === 'expired') return ended?.beforeExpiry === true;
  return false;
}

/**
 * Each site with what capture covered: the site's `capture`, and for each session whose end rests on
 * headers that were not captured when it ended, `endUnknown` and the same text on its `ended` event's
 * `evidence.unknown`. Returns new objects; the input is not changed.
 */
export function annotateCapture(sites: readonly ExportSite[], log: CaptureLog, now: Millis): ExportSite[] {
  return sites.map((site) => {
    const current = coverageAt(log, site.site, now);
    const capture: SiteCapture = current.captured
      ? // `since` 0 is the start of a log carried over from 0.1.0: the real start is not known.
        { captured: true, since: current.since ? new Date(current.since).toISOString() : null }
      : { captured: false, since: null, unknown: ACTIVITY_NAVIGATIONS_ONLY };
    const sessions = site.sessions.map((session) => {
      if (!endNeedsHeaders(session) || session.endedAt === null) return session;
      const endedAt = Date.parse(session.endedAt);
      const gap = Number.isNaN(endedAt) ? CAUSE_NOT_CAPTURED : headerEvidenceGap(log, site.site, endedAt);
      if (gap === null) return session;
      const events = session.events.map((e) =>
        e.type === 'ended'
          ? {
              ...e,
              evidence: { ...((e.evidence as Record<string, unknown> | undefined) ?? {}), unknown: gap },
            }
          : e,
      );
      return { ...session, events, endUnknown: gap } satisfies ExportSession;
    });
    return { ...site, sessions, capture } satisfies ExportSite;
  });
}
