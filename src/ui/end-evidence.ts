/**
 * What a session's end rests on, for the session card: whether it was observed, inferred from what
 * surrounded the server's deletion, or only predicted by a rule of the user's; the evidence of its
 * `ended` event; and, where the evidence does not decide, why not. Also the predicted ends the server
 * later contradicted (the session resumed).
 */
import type { ExportEvent, ExportSession } from '../core/contract';
import { type EventEvidence, evidenceOf } from './event-evidence';
import { isPredictedEnd } from './event-text';
import { formatMoment, parseTime } from './format';
import type { Translate } from './translate';

export type EndKind = 'observed' | 'inferred' | 'predicted';

export interface EndView {
  kind: EndKind;
  /** The rule that predicted it (`idle-timeout`, `max-lifetime`), for a prediction. */
  rule: string | null;
  event: ExportEvent | null;
  evidence: EventEvidence | null;
  /** Why the cause cannot be told, in plain words; null when the evidence decides. */
  unknown: string | null;
}

/** The end of an ended session, as its last `ended` event and the session's own flags record it. */
export function endView(s: ExportSession): EndView | null {
  if (s.state !== 'ended') return null;
  const event = s.events.findLast((e) => e.type === 'ended') ?? null;
  const evidence = event ? evidenceOf(event) : null;
  const predicted = s.endPredicted === true || (event !== null && isPredictedEnd(event));
  const kind: EndKind = predicted ? 'predicted' : s.endInferred === true ? 'inferred' : 'observed';
  const rule = predicted ? (evidence?.rule?.name ?? s.endReason) : null;
  const unknown = evidence?.unknown ?? (typeof s.endUnknown === 'string' ? s.endUnknown : null);
  return { kind, rule, event, evidence, unknown };
}

/** How sure the end is, in words: observed, inferred (see why), or predicted by a rule and not seen. */
export function endKindText(v: EndView, t: Translate): string {
  if (v.kind === 'predicted') return t('end_kind_predicted', [v.rule ?? t('evt_resumed_rule')]);
  if (v.kind === 'inferred') return t('end_kind_inferred');
  // The removal was seen, its cause was not: "seen directly" alone would claim more than that.
  return v.unknown === null ? t('end_kind_observed') : t('end_kind_seen_cause_unknown');
}

/** The evidence to list below the verdict: without `unknown`, which the view states on its own line. */
export function listedEvidence(v: EndView): EventEvidence | null {
  if (!v.evidence) return null;
  const { unknown: _shown, ...rest } = v.evidence;
  return Object.keys(rest).length > 0 ? rest : null;
}

export interface ResumeView {
  at: string;
  /** The rule whose predicted end did not happen. */
  rule: string;
  predictedAt: string | null;
  evidence: EventEvidence | null;
}

/** The predicted ends the server contradicted by writing the same value again, oldest first. */
export function resumesOf(s: ExportSession): ResumeView[] {
  return s.events
    .filter((e) => e.type === 'resumed')
    .map((e) => ({
      at: e.at,
      rule: typeof e.predicted === 'string' ? e.predicted : '',
      predictedAt: typeof e.predictedAt === 'string' ? e.predictedAt : null,
      evidence: evidenceOf(e),
    }));
}

/** "Your idle-timeout rule predicted its end at 10:04; the same value was written again…". */
export function resumeText(r: ResumeView, now: number, t: Translate): string {
  const at = parseTime(r.predictedAt);
  return t('resumed_note', [
    r.rule === '' ? t('evt_resumed_rule') : r.rule,
    at === null ? t('unknown_time') : formatMoment(at, now),
  ]);
}
