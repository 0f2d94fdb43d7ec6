import { useCallback, useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { CaptureStatus, FieldError, Status } from '../core/messages';
import type { HeaderCaptureMode, Settings } from '../core/settings';
import { send } from '../ui/client';
import { errorsFor } from '../ui/field-errors';
import { t } from '../ui/i18n';
import { HEAVY_PAGE, MEASURED_ON, ratio } from '../ui/measured-costs';
import { ListField } from './controls';

const MODES: HeaderCaptureMode[] = ['sites', 'all', 'off'];

/** Each choice with what it was measured to cost (src/ui/measured-costs.ts), never more than was measured. */
function costOf(mode: HeaderCaptureMode): string {
  const { chromium, firefox } = HEAVY_PAGE;
  if (mode === 'all') {
    return t('capture_cost_all', [ratio(chromium.captured), ratio(firefox.captured), MEASURED_ON]);
  }
  if (mode === 'off') {
    return t('capture_cost_off', [
      ratio(chromium.permissionHeldNoCapture),
      ratio(chromium.noPermission),
      MEASURED_ON,
    ]);
  }
  return t('capture_cost_sites', [
    ratio(chromium.otherSiteCaptured),
    ratio(firefox.otherSiteCaptured),
    MEASURED_ON,
    ratio(chromium.captured),
    ratio(firefox.captured),
  ]);
}

/**
 * Which sites' requests are captured, and the optional `webRequest` permission that capture needs: asked
 * for from a click, given back from a click. Header capture is the extension's largest cost on page loads.
 */
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
  const [capture, setCapture] = useState<CaptureStatus | null>(null);
  const [browserName, setBrowserName] = useState<Status['browser']['name'] | null>(null);
  const [note, setNote] = useState('');

  const refresh = useCallback(async () => {
    const reply = await send({ type: 'status/get' });
    if (reply.ok) {
      setCapture(reply.status.headerCapture);
      setBrowserName(reply.status.browser.name);
    }
  }, []);
  // Again after each settings change: it can change what is in force.
  useEffect(() => void refresh(), [refresh, settings]);

  const grant = async () => {
    setNote('');
    let granted = false;
    try {
      // Inside the click: the only place a browser allows asking for an optional permission.
      granted = await browser.permissions.request({ permissions: ['webRequest'] });
    } catch {
      granted = false;
    }
    if (!granted) setNote(t('capture_permission_refused'));
    await refresh();
  };

  const release = async () => {
    const removed = await browser.permissions.remove({ permissions: ['webRequest'] }).catch(() => false);
    setNote(removed ? t(browserName === 'chrome' ? 'opt_perm_released_chromium' : 'opt_perm_released') : '');
    await refresh();
  };

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
                {costOf(m)}
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
      {capture ? (
        <fieldset class="stack capture-permission">
          <legend>{t('opt_perm_title')}</legend>
          <p role="status">{t(capture.permission ? 'opt_perm_held' : 'opt_perm_missing')}</p>
          {capture.waitsForRestart ? <p class="banner">{t('capture_waits_restart')}</p> : null}
          {!capture.permission && capture.grantTakesEffect === 'next-browser-start' ? (
            <p class="hint muted">{t('capture_grant_next_start')}</p>
          ) : null}
          <div class="row">
            {capture.permission ? (
              <button type="button" class="danger" onClick={() => void release()}>
                {t('opt_perm_release')}
              </button>
            ) : (
              <button type="button" class="primary" onClick={() => void grant()}>
                {t('opt_perm_grant')}
              </button>
            )}
          </div>
          {note ? <p class="status">{note}</p> : null}
        </fieldset>
      ) : null}
    </section>
  );
}
