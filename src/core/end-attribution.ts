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
import type { CookieCause, CookieSnapshot, Millis } from './observation';
import type { SessionRecord } from './session';
import type { SiteRecord } from './site-record';
import type { EndOptions, Fold } from './tracker';

/** The explanations on offer for one removal; `false`/null where the evidence offers none. */
export interface RemovalCandidates {
  /** The browser's own cause (`cookies.onChanged`). */
  cause: CookieCause;
  /** The user asked Sessionscope to end the session, or to simulate a browser close, a moment before. */
  userAction: 'end-session' | 'simulate-browser-close' | null;
  /** A Clear-Site-Data header asking to clear cookies came from the site a moment before. */
  clearSiteData: boolean;
  /** A deleting Set-Cookie header for this cookie's name came within HEADER_MATCH_MS. */
  deletion: boolean;
  /** Other cookies of the site were removed explicitly in the same moment. */
  burst: boolean;
  /** Cookies of other sites were removed explicitly in the same moment: the user clearing data. */
  acrossSites: boolean;
  /** The cookie's own expiry had not passed yet. */
  beforeExpiry: boolean;
}

export interface Attribution extends EndOptions {
  reason: EndReason;
  inferred: boolean;
  provisional: boolean;
  detail: Record<string, unknown>;
}

/** The most direct explanation of a removal, and what the ended event says about it. */
export function attributeRemoval(c: RemovalCandidates): Attribution {
  const { cause } = c;
  const seen = (reason: EndReason, detail: Record<string, unknown>): Attribution => ({
    reason,
    inferred: false,
    provisional: false,
    detail,
  });
  if (c.userAction === 'simulate-browser-close') return seen('browser-close', { cause, simulated: true });
  if (c.userAction === 'end-session') return seen('removed', { cause, byUser: true });
  if (c.clearSiteData) return seen('clear-site-data', { cause });
  if (cause === 'explicit') {
    if (c.deletion) return seen('logout', { cause, header: 'Set-Cookie deletion' });
    if (c.acrossSites)
      return { reason: 'removed', inferred: false, provisional: true, detail: { cause, acrossSites: true } };
    if (c.burst)
      return { reason: 'clear-site-data', inferred: true, provisional: true, detail: { cause, burst: true } };
    return { reason: 'removed', inferred: false, provisional: true, detail: { cause } };
  }
  if (cause === 'expired_overwrite') return seen('logout', { cause });
  if (cause === 'evicted') return seen('evicted', { cause });
  // 'expired' before the stored expiry: a server deletion as Firefox may report it.
  return seen(c.deletion ? 'logout' : 'expired', c.beforeExpiry ? { cause, beforeExpiry: true } : { cause });
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
  const csd = userAction === null && rec.csd && t - rec.csd.at <= CSD_WINDOW_MS ? rec.csd : null;
  if (csd) csd.removals++;
  let burst = false;
  let acrossSites = false;
  if (userAction === null && csd === null && cause === 'explicit')
    ({ burst, acrossSites } = noteExplicitRemoval(fold, rec, key, t));
  if (!s) {
    if (burst && !acrossSites) reviseBurst(fold, rec, t);
    return;
  }
  const attribution = attributeRemoval({
    cause,
    userAction,
    clearSiteData: csd !== null,
    deletion: rec.deletes.some((d) => d.name === c.name && Math.abs(t - d.at) <= HEADER_MATCH_MS),
    burst,
    acrossSites,
    beforeExpiry: s.cookie.expiresAt === null || s.cookie.expiresAt > t + SLIDE_MIN_MS,
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
export function revise(
  s: SessionRecord,
  reason: EndReason,
  opts: { inferred?: boolean; detail?: Record<string, unknown> },
): void {
  s.endReason = reason;
  s.endInferred = opts.inferred === true;
  // An inference can still be overturned by a header arriving late; a seen header cannot.
  s.provisional = opts.inferred === true || (reason === 'removed' && s.provisional);
  for (let i = s.events.length - 1; i >= 0; i--) {
    const e = s.events[i];
    if (e && e.type === 'ended') {
      s.events[i] = { at: e.at, type: 'ended', reason, ...(opts.detail ?? {}) };
      break;
    }
  }
}

/** Revises provisional ends of the site within `window` before `t`; returns how many. */
function reviseRecent(
  fold: Fold,
  rec: SiteRecord,
  t: Millis,
  window: Millis,
  match: (s: SessionRecord) => boolean,
  reason: EndReason,
  opts: { inferred?: boolean; detail?: Record<string, unknown> },
): number {
  let n = 0;
  for (const key in rec.lastByKey) {
    const id = rec.lastByKey[key];
    const s = id ? fold.sessions.get(id) : undefined;
    if (!s?.provisional || s.endedAt === null || t - s.endedAt > window || !match(s)) continue;
    revise(s, reason, opts);
    n++;
  }
  return n;
}

/** A deleting Set-Cookie header: a removal reported just before it was the server logging out. */
export function reviseForDeletion(fold: Fold, rec: SiteRecord, name: string, t: Millis): void {
  reviseRecent(fold, rec, t, HEADER_MATCH_MS, (s) => s.cookie.name === name, 'logout', {
    detail: { header: 'Set-Cookie deletion' },
  });
}

/** A Clear-Site-Data header: removals reported just before it were that header honoured. */
export function reviseForClearSiteData(fold: Fold, rec: SiteRecord, header: string, t: Millis): number {
  return reviseRecent(fold, rec, t, BURST_WINDOW_MS, () => true, 'clear-site-data', {
    detail: { header },
  });
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
      'removed',
      { detail: { cause: 'explicit', acrossSites: true } },
    );
  }
}

function reviseBurst(fold: Fold, rec: SiteRecord, t: Millis): void {
  reviseRecent(fold, rec, t, BURST_WINDOW_MS, (s) => s.endReason === 'removed', 'clear-site-data', {
    inferred: true,
    detail: { cause: 'explicit', burst: true },
  });
}
