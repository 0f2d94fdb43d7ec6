import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { t } from './i18n';
import { MASK, valueText } from './values';

/** A decoded signed cookie or JWT: keys visible, values masked until the user asks to see them. */
export function Payload({ decoded, label }: { decoded: Record<string, unknown>; label: string }) {
  const [revealed, setRevealed] = useState(false);
  const entries = Object.entries(decoded);
  return (
    <div class="payload">
      <div class="row">
        <h3 class="muted payload-title">{label}</h3>
        <button type="button" class="link" aria-pressed={revealed} onClick={() => setRevealed(!revealed)}>
          {revealed ? t('payload_hide') : t('payload_reveal')}
        </button>
      </div>
      <dl class="facts mono">
        {entries.map(([key, value]) => (
          <Fragment key={key}>
            <dt>{key}</dt>
            <dd>{revealed ? valueText(value) : MASK}</dd>
          </Fragment>
        ))}
      </dl>
    </div>
  );
}
