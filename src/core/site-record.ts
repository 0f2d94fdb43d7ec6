/**
 * What the tracker keeps per site besides its sessions: the evidence that end reasons and inferences
 * are decided from. Plain data, part of the snapshot.
 */
import type { EventEvidence } from './evidence';
import type { Millis } from './observation';
import type { RefusalRecord } from './refusals';

/** The response a header came with. */
export type RequestEvidence = NonNullable<EventEvidence['request']>;

/** A Set-Cookie header seen, with the response that carried it. */
export interface HeaderSeen {
  name: string;
  at: Millis;
  /** Absent in snapshots from before requests were recorded. */
  request?: RequestEvidence;
  header?: string;
  /**
   * The hash of the value a non-deleting header writes: a cookie change rests on this header only when
   * its value is the one the header wrote (several writes of one name can come within a moment).
   */
  valueHash?: string;
}

export interface SiteRecord {
  site: string;
  /** Session ids in start order, and those still live. */
  sessions: string[];
  live: string[];
  /** Every cookie of the site the browser holds now (sessions or not), by cookie key. */
  cookies: Record<string, { name: string; valueHash: string; role: 'session' | 'companion' | 'other' }>;
  /** Seen over https: a session cookie without Secure is then worth a lint. */
  https: boolean;
  lastActivityAt: Millis | null;
  /** The last Clear-Site-Data header asking to clear cookies, and how many removals followed it. */
  csd: {
    at: Millis;
    url: string;
    directives: string[];
    removals: number;
    cookiesPresent: number;
    request?: RequestEvidence;
    header?: string;
  } | null;
  /**
   * The last Clear-Site-Data header browsers ignore (plain http on a host that is not localhost), with the
   * session cookies the same response deleted: Chromium then ignores those deletions too.
   */
  csdIgnored?: { at: Millis; request: RequestEvidence; header: string; deletes: string[] } | null;
  /** Deleting Set-Cookie headers (Max-Age=0, past Expires) by cookie name. */
  deletes: HeaderSeen[];
  /** Session and companion cookies written by a response: what a start or a rotation rests on. */
  sets?: HeaderSeen[];
  /** Recent removals with cause `explicit`: a burst of them is Clear-Site-Data without the header. */
  explicitRemovals: { at: Millis; key: string }[];
  userAction: {
    action: 'end-session' | 'simulate-browser-close';
    at: Millis;
    sessionId: string | null;
  } | null;
  /** Companions (csrftoken…) that changed value, and session starts/rotations: login evidence. */
  companionRotations: { at: Millis; name: string }[];
  sessionChanges: { at: Millis; kind: 'started' | 'rotated'; id: string; name: string }[];
  /** Max-Age from the latest non-deleting Set-Cookie header per name. */
  headerMaxAge: { name: string; seconds: number; at: Millis }[];
  /** The last session of each cookie key, live or ended: where a re-set or a late header applies. */
  lastByKey: Record<string, string>;
  /** Set-Cookie headers for session cookies that break a browser rule (refusals.ts); absent: none. */
  refusals?: RefusalRecord[];
  /** Cookies written in the last moments, by name and value hash: a refusal they match was not one. */
  recentWrites?: { name: string; valueHash: string; at: Millis }[];
}

/** Per-site evidence lists are bounded: a chatty site keeps its latest entries. */
const SITE_LIST_MAX = 20;

export function pushBounded<T>(list: T[], item: T): void {
  if (list.length >= SITE_LIST_MAX) list.shift();
  list.push(item);
}

export function newSite(site: string): SiteRecord {
  return {
    site,
    sessions: [],
    live: [],
    cookies: {},
    https: false,
    lastActivityAt: null,
    csd: null,
    csdIgnored: null,
    deletes: [],
    sets: [],
    explicitRemovals: [],
    userAction: null,
    companionRotations: [],
    sessionChanges: [],
    headerMaxAge: [],
    lastByKey: {},
  };
}
