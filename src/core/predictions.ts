/**
 * Ends that time decides. The cookie's own expiry is the browser's rule: the cookie is gone. The user's
 * rules (idle-timeout, max-lifetime) only predict what the server does: such an end is `ended` with
 * `endInferred` and `endPredicted`, the rule as its evidence, and when the server writes the same cookie
 * value again afterwards the same session resumes, its timeline keeping both the prediction and the
 * resumption.
 */
import type { EndReason } from './contract';
import type { EventEvidence } from './evidence';
import type { Millis } from './observation';
import { writeEvidence } from './responses';
import type { Rules } from './rules';
import { iso, notePause, pushEvent, type SessionRecord } from './session';
import type { SiteRecord } from './site-record';
import type { EndOptions, Fold } from './tracker';

/** True for an end only a rule of the user's decided: a prediction, not an observation. */
export function isRuleEnd(reason: EndReason | null): boolean {
  return reason === 'idle-timeout' || reason === 'max-lifetime';
}

/** What a time-based end rests on: the rule in force, or the cookie's expiry. */
export function timeEndEvidence(reason: EndReason, rules: Rules): EventEvidence {
  if (reason === 'idle-timeout')
    return { rule: { name: 'idle-timeout', seconds: rules.idleTimeoutSeconds, from: 'rules' } };
  if (reason === 'max-lifetime')
    return { rule: { name: 'max-lifetime', seconds: rules.maxLifetimeSeconds, from: 'rules' } };
  // The cookie's own expiry: its moment is the end's, and what lifetime the server gave is the cookie-age
  // inference's to say. Kept to what a report holds, so a view deriving this end says the same.
  return { rule: { name: 'expiry', seconds: null, from: 'cookie' } };
}

/** How the fold records a time-based end; the report derives the same for an end not folded yet. */
export function timeEndOptions(reason: EndReason, rules: Rules): EndOptions {
  const predicted = isRuleEnd(reason);
  return { inferred: predicted, predicted, evidence: timeEndEvidence(reason, rules) };
}

/**
 * The cookie of a session whose end a rule predicted is written again with the same value: the server
 * still holds the session. Reopens it (keeping the predicted `ended` event) and returns it, else null.
 */
export function resumePredicted(
  fold: Fold,
  rec: SiteRecord,
  key: string,
  name: string,
  valueHash: string,
  t: Millis,
): SessionRecord | null {
  if (fold.live(key)) return null;
  const id = rec.lastByKey[key];
  const s = id ? fold.sessions.get(id) : undefined;
  if (!s || s.endedAt === null || s.endPredicted !== true || s.valueHash !== valueHash) return null;
  const predicted = s.endReason;
  const predictedAt = s.endedAt;
  s.endedAt = null;
  s.endReason = null;
  s.endInferred = false;
  s.endPredicted = false;
  s.provisional = false;
  rec.live.push(s.id);
  fold.liveByKey.set(key, s.id);
  // The write is activity that ends the pause: recorded here, so no idle gap is drawn across the prediction.
  notePause(s, t);
  s.lastActivityAt = Math.max(s.lastActivityAt, t);
  s.activitySinceActive = 0;
  pushEvent(s, {
    at: t,
    type: 'resumed',
    state: 'active',
    predicted,
    predictedAt,
    evidence: {
      ...writeEvidence(rec, name, valueHash, t, { removed: false, cause: 'set' }),
      why: [
        `your ${predicted} rule predicted its end at ${iso(predictedAt)}; the same value was written again, so the server still holds it`,
      ],
    },
  });
  fold.noteDeadline(s);
  return s;
}
