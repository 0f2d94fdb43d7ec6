import { useState } from 'preact/hooks';
import type { ExportInference, ExportSession } from '../core/contract';
import { formatMoment, parseTime } from './format';
import { t } from './i18n';
import { inferenceText } from './inference-text';
import { changedValue, loginVisibilityFor, payloadRows, payloadRowText } from './payload-history';
import { MASK } from './values';

/**
 * A signed session cookie's decoded payloads over its life: when each appeared and what changed, values
 * masked until asked. For an encrypted cookie, that logins and logouts cannot be seen in it.
 */
export function PayloadHistory({
  session: s,
  inferences,
  now,
}: {
  session: ExportSession;
  inferences: readonly ExportInference[];
  now: number;
}) {
  const [revealed, setRevealed] = useState(false);
  const rows = payloadRows(s);
  const visibility = loginVisibilityFor(s, inferences);
  if (rows.length < 2 && !visibility) return null;
  return (
    <div class="payload-history stack">
      {visibility ? (
        <div class="login-visibility" data-testid="login-visibility">
          <p>⚠ {inferenceText(visibility, t)}</p>
          <ul>
            {visibility.evidence
              .filter((e): e is string => typeof e === 'string')
              .map((e) => (
                <li key={e} class="wrap">
                  {e}
                </li>
              ))}
          </ul>
        </div>
      ) : null}
      {rows.length >= 2 ? (
        <>
          <div class="row">
            <h3 class="muted payload-title">{t('ph_title')}</h3>
            <button type="button" class="link" aria-pressed={revealed} onClick={() => setRevealed(!revealed)}>
              {revealed ? t('payload_hide') : t('payload_reveal')}
            </button>
          </div>
          <ol class="plain stack" aria-label={t('ph_title')}>
            {rows.map((row) => {
              const at = parseTime(row.at);
              return (
                <li key={row.at} data-payload-at={row.at}>
                  <time dateTime={row.at}>{at === null ? row.at : formatMoment(at, now)}</time> ·{' '}
                  {payloadRowText(row, t)}
                  {!row.first && row.changed.length > 0 ? (
                    <ul class="mono">
                      {row.changed.map((key) => (
                        <li key={key} class="wrap">
                          {key}: {revealed ? changedValue(row, key, t) : MASK}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </>
      ) : null}
    </div>
  );
}
