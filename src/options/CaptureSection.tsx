import type { FieldError } from '../core/messages';
import type { HeaderCaptureMode, Settings } from '../core/settings';
import { errorsFor } from '../ui/field-errors';
import { t } from '../ui/i18n';
import { ListField } from './controls';

const MODES: HeaderCaptureMode[] = ['all', 'sites', 'off'];

/** Header capture is the extension's largest cost on page loads: each choice says what it costs and misses. */
export function CaptureSection({
  settings,
  errors,
  save,
}: {
  settings: Settings;
  errors: FieldError[];
  save: (
    patch: Partial<Settings> | { headerCapture: Partial<Settings['headerCapture']> },
    field: string,
  ) => Promise<boolean>;
}) {
  const { mode, sites } = settings.headerCapture;
  const modeErrors = errorsFor('headerCapture.mode', errors);
  return (
    <section aria-labelledby="capture-title" class="stack">
      <h2 id="capture-title">{t('opt_capture')}</h2>
      <p class="muted">{t('opt_capture_intro')}</p>
      <fieldset>
        <legend>{t('opt_capture_mode')}</legend>
        <div role="radiogroup" aria-labelledby="capture-title" class="stack">
          {MODES.map((m) => (
            <div key={m} class="radio">
              <input
                type="radio"
                id={`capture-${m}`}
                name="capture-mode"
                value={m}
                checked={mode === m}
                aria-describedby={`capture-${m}-cost`}
                onChange={() => void save({ headerCapture: { mode: m } }, 'headerCapture.mode')}
              />
              <label for={`capture-${m}`}>{t(`opt_capture_${m}`)}</label>
              <div id={`capture-${m}-cost`} class="hint muted">
                {t(`capture_cost_${m}`)}
                {m !== 'all' ? ` ${t('capture_cannot_see')}` : ''}
              </div>
            </div>
          ))}
        </div>
        {modeErrors.length > 0 ? (
          <p class="error" role="alert">
            {modeErrors.join(' · ')}
          </p>
        ) : null}
      </fieldset>
      {mode === 'sites' ? (
        <ListField
          path="headerCapture.sites"
          label={t('opt_capture_sites')}
          value={sites}
          hint={t('opt_capture_sites_hint')}
          errors={errorsFor('headerCapture.sites', errors)}
          onCommit={(v) => void save({ headerCapture: { sites: v } }, 'headerCapture.sites')}
        />
      ) : null}
    </section>
  );
}
