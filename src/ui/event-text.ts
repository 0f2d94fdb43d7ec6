import type { ExportEvent } from '../core/contract';
import { evidenceOf } from './event-evidence';
import type { Translate } from './translate';
import { valueText } from './values';

const keyPart = (s: string) => s.replace(/[^a-zA-Z0-9]/g, '_');

/** A message if the locale has it, else null (a newer background's event types still show, as themselves). */
function known(t: Translate, key: string, subs?: (string | number)[]): string | null {
  const text = t(key, subs);
  return text === key ? null : text;
}

/** The ends only a rule of the user's decides (src/core/predictions.ts): predictions until the server confirms. */
const RULE_ENDS: readonly string[] = ['idle-timeout', 'max-lifetime'];

/** True for an `ended` event a rule of the user's predicted: the cookie was not seen to go. */
export function isPredictedEnd(e: ExportEvent): boolean {
  if (e.type !== 'ended' || typeof e.reason !== 'string' || !RULE_ENDS.includes(e.reason)) return false;
  return evidenceOf(e)?.rule?.from === 'rules';
}

/**
 * True for an `ended` event whose reason the classifier inferred from what surrounded the server's
 * deletion (an idle timeout told by the idle gap), rather than read from the deletion itself.
 */
export function isInferredEnd(e: ExportEvent): boolean {
  if (e.type !== 'ended' || typeof e.reason !== 'string' || !RULE_ENDS.includes(e.reason)) return false;
  const ev = evidenceOf(e);
  return ev !== null && ev.rule === undefined && (ev.request !== undefined || ev.why !== undefined);
}

/** One timeline event in a few words: "Ended: you logged out", "Value changed (3×)". */
export function eventTitle(e: ExportEvent, t: Translate): string {
  const type = typeof e.type === 'string' ? e.type : '';
  if (type === 'ended') {
    const reason = typeof e.reason === 'string' ? e.reason : 'removed';
    const base = known(t, `ended_${keyPart(reason)}`) ?? t('evt_ended', [reason]);
    if (isPredictedEnd(e)) return `${base} ${t('evt_end_predicted')}`;
    if (isInferredEnd(e)) return `${base} ${t('ended_inferred')}`;
    return base;
  }
  if (type === 'resumed') {
    const predicted = typeof e.predicted === 'string' ? e.predicted : '';
    return t('evt_resumed', [predicted === '' ? t('evt_resumed_rule') : predicted]);
  }
  if (type === 'updated') {
    const count = typeof e.count === 'number' && e.count > 1 ? e.count : 1;
    const what = typeof e.what === 'string' ? e.what : '';
    const base = known(t, `evt_updated_${keyPart(what)}`) ?? t('evt_updated');
    return count > 1 ? t('evt_times', [base, count]) : base;
  }
  if (type === 'started' && e.replaces) return t('evt_started_replacing');
  if (type === 'started' && e.seenAtStartup) return t('evt_started_at_startup');
  return known(t, `evt_${keyPart(type)}`) ?? type;
}

/** The label of an event's detail field ("Browser's cause"), or the field's own name when unknown. */
export function fieldLabel(key: string, t: Translate): string {
  return known(t, `evt_f_${keyPart(key)}`) ?? key;
}

/** A detail field's value as text: causes in words, flags as yes/no, anything else as it was recorded. */
export function fieldValue(key: string, value: unknown, t: Translate): string {
  if (key === 'cause' && typeof value === 'string') return causeText(value, t);
  if (key === 'reason' && typeof value === 'string') return known(t, `ended_${keyPart(value)}`) ?? value;
  if (typeof value === 'boolean') return value ? t('yes') : t('no');
  if (value === null) return t('none');
  return valueText(value);
}

/** The browser's cause of a cookie change (cookies.onChanged), with what it means. */
export function causeText(cause: string, t: Translate): string {
  const meaning = known(t, `cause_${keyPart(cause)}`);
  return meaning ? `${cause}: ${meaning}` : cause;
}
