import type { ExportInference } from '../core/contract';
import { formatDurationLong } from './format';
import type { Translate } from './translate';
import { valueText } from './values';

const keyPart = (s: string) => s.replace(/[^a-zA-Z0-9]/g, '_');

/** A message if the locale has it, else null (so a newer background's kinds still show, as themselves). */
function known(t: Translate, key: string, subs?: (string | number)[]): string | null {
  const text = t(key, subs);
  return text === key ? null : text;
}

/** One inference as a sentence: "Sliding expiry: pushed forward…", "No HttpOnly: …". */
export function inferenceText(inf: ExportInference, t: Translate): string {
  const v = inf.value;
  const kind = keyPart(inf.kind);
  let text: string | null = null;
  if (typeof v === 'boolean') text = known(t, `inf_${kind}_${v}`) ?? known(t, `inf_${kind}`);
  else if (inf.kind === 'cookie-age' && typeof v === 'number')
    text = t('inf_cookie_age', [formatDurationLong(v * 1000, t)]);
  else if (inf.kind === 'lint' && typeof v === 'string') text = known(t, `inf_lint_${keyPart(v)}`);
  else if (typeof v === 'string') text = known(t, `inf_${kind}_${keyPart(v)}`);
  else if (inf.kind === 'cookie-refused' && v && typeof v === 'object') {
    const { cookie, rule } = v as { cookie?: unknown; rule?: unknown };
    text = known(t, 'inf_cookie_refused', [String(cookie), String(rule)]);
  } else if (inf.kind === 'expiry' && v && typeof v === 'object' && 'mode' in v) {
    const { mode, maxAgeSeconds } = v as { mode: unknown; maxAgeSeconds?: unknown };
    text = known(t, `inf_expiry_${keyPart(String(mode))}`);
    if (text && typeof maxAgeSeconds === 'number')
      text += ` (${formatDurationLong(maxAgeSeconds * 1000, t)})`;
  }
  return text ?? `${inf.kind}: ${valueText(v)}`;
}

/** One piece of evidence as a line: strings as they are, records as "key: value" pairs. */
export function evidenceText(e: unknown): string {
  if (e && typeof e === 'object' && !Array.isArray(e)) {
    return Object.entries(e as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${valueText(v)}`)
      .join(', ');
  }
  return valueText(e);
}
