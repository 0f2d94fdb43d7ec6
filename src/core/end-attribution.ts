/**
 * Why a cookie removal ended its session. Every explanation the evidence offers for one removal is
 * gathered (the user's own action in Sessionscope, a Clear-Site-Data header, a deleting Set-Cookie header,
 * a burst of removals on the site or across sites, the browser's cause, the expiry), and
 * `attributeRemoval` picks the most direct one.
 *
 * Evidence often arrives in the wrong order (Firefox reports a removal before the response that caused
 * it), so an end decided on weak evidence is provisional, and the revisions below correct it when better
 * evidence arrives within its window: a deleting header, a Clear-Site-Data header, a burst, a re-set.
 */
import type { EndReason } from './contract';
import { cookieId } from './cookie-id';
import {
  BURST_WINDOW_MS,
  CSD_WINDOW_MS,
  HEADER_MATCH_MS,
  SLIDE_MIN_MS,
  USER_ACTION_WINDOW_MS,
} from './end-reasons';
import type { EventEvidence } from './evidence';
import type { CookieCause, CookieSnapshot, Millis } from './observation';
import { type IgnoredLogout, type ServerVerdict, serverVerdict } from './server-end';
import { endedEvent, type SessionRecord, type StoredEvent } from './session';
import type { HeaderSeen, RequestEvidence, SiteRecord } from './site-record';
import type { EndOptions, Fold } from './tracker';

/** The explanations on offer for one removal; `false`/null where the evidence offers none. */
export interface RemovalCandidates {
  /** The browser's own cause (`cookies.onChanged`). */
  cause: CookieCause;
  /** The user asked Sessionscope to end the session, or to simulate a browser close, a moment before. */
  userAction: 'end-session' | 'simulate-browser-close' | null;
  /** A Clear-Site-Data header the browser honours (a secure context) came from the site a moment before. */
  clearSiteData: { request?: RequestEvidence; header?: string } | null;
  /** A deleting Set-Cookie header for this cookie's name came within HEADER_MATCH_MS. */
  deletion: boolean;
  /**
   * What the server's deletion says (server-end.ts): from the deleting header's response when `deletion`,
   * else what can be said without it (for a browser-reported server deletion, `expired_overwrite`).
   */
  server: ServerVerdict;
  /** Other cookies of the site were removed explicitly in the same moment. */
  burst: boolean;
  /** Cookies of other sites were removed explicitly in the same moment: the user clearing data. */
  acrossSites: boolean;
  /** The cookie's own expiry had not passed yet. */
  beforeExpiry: boolean;
  /** What the expiry rests on, for an end by expiry. */
  expiry?: EventEvidence['rule'];
}

export interface Attribution extends EndOptions {
  reason: EndReason;
  inferred: boolean;
  provisional: boolean;
  detail: Record<string, unknown>;
  evidence: EventEvidence;
}

/**
 * The most direct explanation of a removal, with its evidence: the user's own action; the browser's
 * eviction; a deleting Set-Cookie with its request (which beats a Clear-Site-Data header seen nearby);
 * a Clear-Site-Data header the browser honours; then patterns of removals, inferred and provisional.
 */
export function attributeRemoval(c: RemovalCandidates): Attribution {
  const { cause } = c;
  const cookieChange = { removed: true, cause };
  const end = (
    reason: EndReason,
    detail: Record<string, unknown>,
    evidence: EventEvidence,
    flags: { inferred?: boolean; provisional?: boolean } = {},
  ): Attribution => ({
    reason,
    inferred: flags.inferred === true,
    provisional: flags.provisional === true,
    detail,
    evidence: { cookieChange, ...evidence },
  });
  if (c.userAction === 'simulate-browser-close')
    return end(
      'browser-close',
      { cause, simulated: true },
      { why: ['a browser close simulated from Sessionscope'] },
    );
  if (c.userAction === 'end-session')
    return end('removed', { cause, byUser: true }, { why: ['ended from Sessionscope'] });
  if (cause === 'evicted') return end('evicted', { cause }, {});
  if (c.deletion) {
    const detail = {
      cause,
      header: 'Set-Cookie deletion',
      ...(cause === 'expired' && c.beforeExpiry ? { beforeExpiry: true } : {}),
    };
    return end(c.server.reason, detail, c.server.evidence, { inferred: c.server.inferred });
  }
  if (c.clearSiteData) {
    const { request, header } = c.clearSiteData;
    return end(
      'clear-site-data',
      { cause },
      {
        ...(request ? { request } : {}),
        ...(header !== undefined ? { header: { name: 'Clear-Site-Data' as const, value: header } } : {}),
      },
    );
  }
  if (cause === 'explicit') {
    if (c.acrossSites)
      return end(
        'removed',
        { cause, acrossSites: true },
        { why: ['cookies of several sites removed at once: browsing data cleared'] },
        { provisional: true },
      );
    if (c.burst)
      return end(
        'clear-site-data',
        { cause, burst: true },
        {
          why: ['several cookies of the site removed together'],
          unknown: 'no Clear-Site-Data header was captured: inferred from the pattern of removals',
        },
        { inferred: true, provisional: true },
      );
    return end(
      'removed',
      { cause },
      { unknown: 'removed with no header seen: devtools, another extension, a script or the user' },
      { provisional: true },
    );
  }
  // The browser reports a server deletion (Chrome's expired_overwrite; an "expiry" before the cookie's
  // expiry, as Firefox may report one), but no deleting header was seen (yet): it may still arrive.
  if (cause === 'expired_overwrite' || c.beforeExpiry)
    return end(
      c.server.reason,
      c.beforeExpiry && cause === 'expired' ? { cause, beforeExpiry: true } : { cause },
      c.server.evidence,
      {
        inferred: c.server.inferred,
        provisional: true,
      },
    );
  return end('expired', { cause }, c.expiry ? { rule: c.expiry } : {});
}

/** The user asked Sessionscope to act on a site: the removals that follow are that action's. */
export function noteUserAction(
  fold: Fold,
  action: 'end-session' | 'simulate-browser-close',
  site: string,
  sessionId: string | null,
  t: Millis,
): void {
  const rec = fold.sites.get(site);
  if (rec) rec.userAction = { action, at: t, sessionId };
}

export function onCookieRemoved(fold: Fold, c: CookieSnapshot, cause: CookieCause, t: Millis): void {
  // An overwrite is always followed by the set that replaced it: that set decides.
  if (cause === 'overwrite') return;
  const site = fold.where.siteOfDomain(c.domain);
  const rec = fold.sites.get(site);
  if (!rec) return;
  const key = cookieId(c);
  delete rec.cookies[key];
  const s = fold.live(key);

  const ua = rec.userAction;
  const userAction =
    ua && t - ua.at <= USER_ACTION_WINDOW_MS && (ua.sessionId === null || !s || ua.sessionId === s.id)
      ? ua.action
      : null;
  // A header sent before the session started (the Clear-Site-Data that ended the one before) is not its cause.
  const csd =
    userAction === null && rec.csd && t - rec.csd.at <= CSD_WINDOW_MS && (!s || rec.csd.at >= s.startedAt)
      ? rec.csd
      : null;
  if (csd) csd.removals++;
  // Browsers ignore Clear-Site-Data outside secure contexts: responses.ts never records such a header here.
  let burst = false;
  let acrossSites = false;
  if (userAction === null && csd === null && cause === 'explicit')
    ({ burst, acrossSites } = noteExplicitRemoval(fold, rec, key, t));
  if (!s) {
    if (burst && !acrossSites) reviseBurst(fold, rec, t);
    return;
  }
  const deletion = findDeletion(rec, c.name, t, s.startedAt);
  const attribution = attributeRemoval({
    cause,
    userAction,
    clearSiteData: csd,
    deletion: deletion !== null,
    server: serverVerdict(s, deletion, { removed: true, cause }, ignoredLogoutOf(rec, c.name)),
    burst,
    acrossSites,
    beforeExpiry: s.cookie.expiresAt === null || s.cookie.expiresAt > t + SLIDE_MIN_MS,
    expiry: { name: 'expiry', seconds: s.maxAgeSeconds, from: 'cookie' },
  });
  fold.end(s, t, attribution.reason, attribution);
  if (attribution.detail.burst === true) reviseBurst(fold, rec, t);
}

/** Records an explicit removal; says whether it is part of a burst on the site, or across sites. */
function noteExplicitRemoval(
  fold: Fold,
  rec: SiteRecord,
  key: string,
  t: Millis,
): { burst: boolean; acrossSites: boolean } {
  const burst = rec.explicitRemovals.filter((x) => t - x.at <= BURST_WINDOW_MS && x.key !== key);
  rec.explicitRemovals = [...burst, { at: t, key }];
  // Several sites losing cookies at once is the user clearing browsing data, not Clear-Site-Data.
  const others = fold.recentExplicit.filter((x) => t - x.at <= BURST_WINDOW_MS && x.site !== rec.site);
  fold.recentExplicit = [
    ...others.filter((x, i) => others.findIndex((y) => y.site === x.site) === i),
    { site: rec.site, at: t },
  ];
  const acrossSites = others.length > 0;
  if (acrossSites) reviseAcrossSites(fold, others, t);
  return { burst: burst.length > 0, acrossSites };
}

// ── revising provisional ends ──────────────────────────────────────────────

/** Corrects a provisional end once better evidence arrives (a header, a burst, a re-set). */
export function revise(s: SessionRecord, reason: EndReason, opts: Omit<EndOptions, 'predicted'>): void {
  s.endReason = reason;
  s.endInferred = opts.inferred === true;
  // An inference can still be overturned by a header arriving late; a seen header cannot.
  s.provisional = opts.provisional ?? (opts.inferred === true || (reason === 'removed' && s.provisional));
  const e = endedEvent(s);
  if (!e) return;
  const evidence = opts.evidence ?? e.evidence;
  const next: StoredEvent = { at: e.at, type: 'ended', reason, ...(opts.detail ?? {}) };
  if (evidence !== undefined) next.evidence = evidence;
  if (e.replacedBy !== undefined && next.replacedBy === undefined) next.replacedBy = e.replacedBy;
  s.events[s.events.indexOf(e)] = next;
}

/** Revises provisional ends of the site within `window` before `t`; returns how many. */
function reviseRecent(
  fold: Fold,
  rec: SiteRecord,
  t: Millis,
  window: Millis,
  match: (s: SessionRecord) => boolean,
  revision: (s: SessionRecord) => Omit<EndOptions, 'predicted'> & { reason: EndReason },
): number {
  let n = 0;
  for (const key in rec.lastByKey) {
    const id = rec.lastByKey[key];
    const s = id ? fold.sessions.get(id) : undefined;
    if (!s?.provisional || s.endedAt === null || t - s.endedAt > window || !match(s)) continue;
    const r = revision(s);
    revise(s, r.reason, r);
    n++;
  }
  return n;
}

/** The last logout response that deleted `name` while the browser ignored it, if any. */
function ignoredLogoutOf(rec: SiteRecord, name: string): IgnoredLogout | null {
  const ignored = rec.csdIgnored;
  return ignored?.deletes.includes(name) ? { at: ignored.at, request: ignored.request } : null;
}

/**
 * The deleting Set-Cookie header for `name` seen within HEADER_MATCH_MS of `t`, the latest first; one sent
 * before `since` (the session's start: the logout that ended the session before it) is not this one's.
 */
function findDeletion(rec: SiteRecord, name: string, t: Millis, since: Millis): HeaderSeen | null {
  for (let i = rec.deletes.length - 1; i >= 0; i--) {
    const d = rec.deletes[i];
    if (d && d.name === name && d.at >= since && Math.abs(t - d.at) <= HEADER_MATCH_MS) return d;
  }
  return null;
}

/**
 * A deleting Set-Cookie header: a removal reported just before it (Firefox reports the removal first) was
 * the server ending the session; what it was (logout, inactivity, unknown) is judged from its request.
 */
export function reviseForDeletion(fold: Fold, rec: SiteRecord, seen: HeaderSeen, t: Millis): void {
  reviseRecent(
    fold,
    rec,
    t,
    HEADER_MATCH_MS,
    (s) => s.cookie.name === seen.name,
    (s) => {
      const ended = endedEvent(s);
      const cause = typeof ended?.cause === 'string' ? ended.cause : undefined;
      const change = cause ? { removed: true, cause } : undefined;
      const verdict = serverVerdict(s, seen, change, ignoredLogoutOf(rec, seen.name));
      return {
        reason: verdict.reason,
        inferred: verdict.inferred,
        provisional: false,
        detail: { ...(cause ? { cause } : {}), header: 'Set-Cookie deletion' },
        evidence: verdict.evidence,
      };
    },
  );
}

/** A Clear-Site-Data header the browser honours: removals reported just before it were that header's. */
export function reviseForClearSiteData(
  fold: Fold,
  rec: SiteRecord,
  header: string,
  request: RequestEvidence,
  t: Millis,
): number {
  // A server deletion (expired_overwrite) is a Set-Cookie's doing, not the header's.
  return reviseRecent(
    fold,
    rec,
    t,
    BURST_WINDOW_MS,
    (s) => s.endReason !== 'server-ended',
    (s) => {
      const ended = endedEvent(s);
      const cause = typeof ended?.cause === 'string' ? ended.cause : 'explicit';
      return {
        reason: 'clear-site-data',
        detail: { header },
        evidence: {
          cookieChange: { removed: true, cause },
          request,
          header: { name: 'Clear-Site-Data', value: header },
        },
      };
    },
  );
}

function reviseAcrossSites(fold: Fold, others: { site: string; at: Millis }[], t: Millis): void {
  for (const { site } of others) {
    const rec = fold.sites.get(site);
    if (!rec) continue;
    reviseRecent(
      fold,
      rec,
      t,
      BURST_WINDOW_MS,
      (s) => s.endReason === 'clear-site-data' && s.endInferred,
      () => ({
        reason: 'removed',
        detail: { cause: 'explicit', acrossSites: true },
        evidence: {
          cookieChange: { removed: true, cause: 'explicit' },
          why: ['cookies of several sites removed at once: browsing data cleared'],
        },
      }),
    );
  }
}

function reviseBurst(fold: Fold, rec: SiteRecord, t: Millis): void {
  reviseRecent(
    fold,
    rec,
    t,
    BURST_WINDOW_MS,
    (s) => s.endReason === 'removed',
    () => ({
      reason: 'clear-site-data',
      inferred: true,
      detail: { cause: 'explicit', burst: true },
      evidence: {
        cookieChange: { removed: true, cause: 'explicit' },
        why: ['several cookies of the site removed together'],
        unknown: 'no Clear-Site-Data header was captured: inferred from the pattern of removals',
      },
    }),
  );
}
