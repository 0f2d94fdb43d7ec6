/**
 * What a site's sessions reveal about its server, each conclusion with the evidence it rests on.
 * Computed at report time from the evidence the tracker stored, so it is as pure as the report.
 */
import type { ExportInference } from './contract';
import { LOGIN_MATCH_MS, type SessionTiming } from './end-reasons';
import { expiryInferences } from './expiry';
import type { Millis } from './observation';
import { loginVisibility } from './payload';
import { refusalInferences } from './refusals';
import { iso, type SessionRecord } from './session';
import type { SiteRecord } from './site-record';

export function inferencesFor(
  rec: SiteRecord,
  sessions: readonly SessionRecord[],
  timings: ReadonlyMap<string, SessionTiming>,
  now: Millis,
): ExportInference[] {
  const out: ExportInference[] = [];
  const byName = new Map<string, SessionRecord[]>();
  for (const s of sessions) {
    const list = byName.get(s.cookie.name);
    if (list) list.push(s);
    else byName.set(s.cookie.name, [s]);
  }
  for (const [name, list] of byName) {
    const latest = list[list.length - 1];
    if (!latest) continue;
    const c = latest.cookie;
    out.push({
      kind: 'ends-at-browser-close',
      value: c.session,
      evidence: c.session
        ? [`${name} has no Expires or Max-Age: a browser session cookie`]
        : [`${name} expires at ${c.expiresAt === null ? '?' : iso(c.expiresAt)}`],
    });
    out.push(...expiryInferences(rec, name, list));
    const logins = loginVisibility(name, list);
    if (logins) out.push(logins);
    if (!c.httpOnly)
      out.push({
        kind: 'lint',
        value: 'no-httponly',
        evidence: [`${name} has no HttpOnly: scripts can read the session id`],
      });
    if (rec.https && !c.secure)
      out.push({
        kind: 'lint',
        value: 'no-secure-on-https',
        evidence: [`${name} has no Secure although ${rec.site} is served over https`],
      });
    if (c.sameSite === 'no_restriction')
      out.push({
        kind: 'lint',
        value: 'samesite-none',
        evidence: [`${name} has SameSite=None: sent on cross-site requests`],
      });
  }

  loginInferences(rec, sessions, now, out);
  out.push(...refusalInferences(rec, now));

  const survivors = sessions.filter((s) => s.restartsSurvived > 0);
  const closed = sessions.filter(
    (s) => timings.get(s.id)?.endReason === 'browser-close' && !closedBySimulation(s),
  );
  if (survivors.length > 0)
    out.push({
      kind: 'survives-restart',
      value: true,
      evidence: survivors.map((s) => ({
        at: iso(s.firstRestoredAt ?? s.startedAt),
        cookie: s.cookie.name,
        restarts: s.restartsSurvived,
        restoredByBrowser: s.restoredByBrowser,
      })),
    });
  else if (closed.length > 0)
    out.push({
      kind: 'survives-restart',
      value: false,
      evidence: closed.map((s) => ({
        at: iso(s.endedAt ?? 0),
        cookie: s.cookie.name,
        ended: 'browser-close',
      })),
    });
  return out;
}

function closedBySimulation(s: SessionRecord): boolean {
  return s.events.some((e) => e.type === 'ended' && e.simulated === true);
}

/**
 * A companion (csrftoken) changing value is what a login looks like from outside. If the session id
 * changed in the same moment the server rotates at login; if an opaque id stayed, it risks fixation.
 */
function loginInferences(
  rec: SiteRecord,
  sessions: readonly SessionRecord[],
  now: Millis,
  out: ExportInference[],
): void {
  const rotated: unknown[] = [];
  const unchanged: unknown[] = [];
  for (const cr of rec.companionRotations) {
    if (now - cr.at < LOGIN_MATCH_MS) continue; // the session id may still change
    const change = rec.sessionChanges.find((x) => Math.abs(x.at - cr.at) <= LOGIN_MATCH_MS);
    if (change) {
      if (change.kind === 'rotated')
        rotated.push({ at: iso(cr.at), companion: cr.name, session: change.name });
      continue;
    }
    const kept = sessions.find(
      (s) =>
        s.valueKind === 'opaque-id' &&
        s.startedAt < cr.at &&
        (s.endedAt === null || s.endedAt > cr.at + LOGIN_MATCH_MS),
    );
    if (kept)
      unchanged.push({
        at: iso(cr.at),
        companion: cr.name,
        session: kept.cookie.name,
        valueHash: kept.valueHash,
      });
  }
  if (rotated.length === 0 && unchanged.length === 0) return;
  out.push({
    kind: 'rotates-at-login',
    value: rotated.length > 0 && unchanged.length === 0,
    evidence: [...rotated, ...unchanged],
  });
  if (unchanged.length > 0)
    out.push({
      kind: 'session-fixation-risk',
      value: true,
      evidence: [...unchanged, 'a login-like change (companion rotated) left the session id unchanged'],
    });
}
