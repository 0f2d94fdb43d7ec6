/**
 * The decoded payloads a signed session cookie carried (`decodedHistory`, src/core/payload.ts), read for
 * the session card: when each appeared, how often it was written unchanged, and what changed from the one
 * before. Also whether logins can be seen in the cookie at all: an encrypted cookie hides them.
 */
import type { ExportInference, ExportSession } from '../core/contract';
import { isObject } from './shape';
import type { Translate } from './translate';
import { valueText } from './values';

export interface PayloadRow {
  at: string;
  lastAt: string;
  count: number;
  decoded: Record<string, unknown> | null;
  /** Keys that differ from the payload before; the first payload: none. */
  changed: string[];
  first: boolean;
}

/** The session's payload history, oldest first, each entry kept only when it has the documented shape. */
export function payloadRows(s: ExportSession): PayloadRow[] {
  const list = Array.isArray(s.decodedHistory) ? s.decodedHistory : [];
  return list
    .filter((p) => isObject(p) && typeof p.at === 'string')
    .map((p, i) => ({
      at: p.at,
      lastAt: typeof p.lastAt === 'string' ? p.lastAt : p.at,
      count: typeof p.count === 'number' && p.count > 0 ? p.count : 1,
      decoded: isObject(p.decoded) ? p.decoded : null,
      changed: Array.isArray(p.changed) ? p.changed.filter((k): k is string => typeof k === 'string') : [],
      first: i === 0,
    }));
}

/** What one entry says: the first payload's keys, or what changed; and how often it was written. */
export function payloadRowText(row: PayloadRow, t: Translate): string {
  let text: string;
  if (row.first) text = t('ph_first', [Object.keys(row.decoded ?? {}).join(', ') || t('none')]);
  else if (row.decoded === null) text = t('ph_gone');
  else if (row.changed.length === 0) text = t('ph_same');
  else text = t('ph_changed', [row.changed.join(', ')]);
  return row.count > 1 ? `${text} ${t('ph_times', [row.count])}` : text;
}

/** A changed key's new value (`claims.exp` reads one level in), as text; absent keys read as none. */
export function changedValue(row: PayloadRow, key: string, t: Translate): string {
  let v: unknown = row.decoded;
  for (const part of key.split('.')) v = isObject(v) ? v[part] : undefined;
  return v === undefined ? t('none') : valueText(v);
}

/**
 * The `logins-visible` inference about this session's cookie, when it says logins cannot be seen (an
 * encrypted cookie) or that it is not known: the view must not imply that none happened.
 */
export function loginVisibilityFor(
  s: ExportSession,
  inferences: readonly ExportInference[],
): ExportInference | null {
  const prefix = `${s.cookie.name} `;
  return (
    inferences.find(
      (inf) =>
        inf.kind === 'logins-visible' &&
        inf.value !== true &&
        Array.isArray(inf.evidence) &&
        typeof inf.evidence[0] === 'string' &&
        inf.evidence[0].startsWith(prefix),
    ) ?? null
  );
}
