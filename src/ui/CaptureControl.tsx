import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { SiteCapture } from '../core/capture';
import type { CaptureStatus, Status } from '../core/messages';
import { send } from './client';
import { t } from './i18n';
import { HEAVY_PAGE, MEASURED_ON, ratio } from './measured-costs';

/**
 * The site view's one control over header capture: capture this site's requests, or stop. The first time it
 * asks for the optional `webRequest` permission inside the click (the only place a browser allows it), and
 * says before the click when the browser will only use it from its next start (Chromium).
 */
export function CaptureControl({
  site,
  status,
  capture: siteCapture,
}: {
  site: string;
  status: Status | null;
  /** What the site's report says (`state/get`): captured since when, or what is missing. */
  capture: SiteCapture | undefined;
}) {
  const [capture, setCapture] = useState<CaptureStatus | null>(status?.headerCapture ?? null);
  const [message, setMessage] = useState('');
  useEffect(() => setCapture(status?.headerCapture ?? null), [status]);
  if (!capture) return null;

  // The background's name for the tab's site (its registrable domain), when it was asked with the tab's URL.
  const target = capture.site?.site ?? site;
  const chosen = capture.site
    ? capture.site.chosen
    : capture.mode === 'all' || (capture.mode === 'sites' && capture.sites.includes(site));
  const captured = capture.site ? capture.site.captured : chosen && capture.active;

  /** Inside the click: a browser shows (or grants) an optional permission only from a user's gesture. */
  const askPermission = async (): Promise<boolean> => {
    try {
      if (await browser.permissions.request({ permissions: ['webRequest'] })) return true;
    } catch {
      // Refused without asking (no gesture): said below.
    }
    setMessage(t('capture_permission_refused'));
    return false;
  };

  const toggle = async (on: boolean) => {
    setMessage('');
    if (on && !capture.permission && !(await askPermission())) return;
    const reply = await send({ type: 'capture/set', site: target, captured: on });
    if (reply.ok) setCapture(reply.capture);
    else setMessage(t('action_failed', [reply.error]));
  };

  /** The site is chosen but the permission is missing (given back, or an update that did not keep it). */
  const grant = async () => {
    setMessage('');
    if (!(await askPermission())) return;
    const host = target.includes(':') && !target.startsWith('[') ? `[${target}]` : target;
    const reply = await send({ type: 'status/get', url: `http://${host}/` });
    if (reply.ok) setCapture(reply.status.headerCapture);
  };

  const restartFirst = !capture.permission && capture.grantTakesEffect === 'next-browser-start';
  return (
    <section class="capture-control card stack" aria-label={t('capture_title')}>
      <label class="row">
        <input
          type="checkbox"
          name="capture-site"
          checked={chosen}
          disabled={capture.mode === 'all'}
          onChange={(e) => void toggle((e.currentTarget as HTMLInputElement).checked)}
        />
        {t('capture_toggle')}
      </label>
      {capture.mode === 'all' ? <p class="muted">{t('capture_every_site')}</p> : null}
      {!chosen && restartFirst ? (
        <p class="banner capture-restart-note">{t('capture_grant_next_start')}</p>
      ) : null}
      {chosen && capture.waitsForRestart ? (
        <p class="banner capture-restart-note" role="status">
          {t('capture_waits_restart')}
        </p>
      ) : null}
      <p class="muted capture-state" role="status">
        {captured
          ? t('capture_site_captured')
          : t('capture_site_not_captured', [siteCapture?.unknown ?? t('capture_navigations_only')])}
      </p>
      {chosen && !capture.permission ? (
        <button type="button" class="primary capture-grant" onClick={() => void grant()}>
          {t('opt_perm_grant')}
        </button>
      ) : null}
      <details class="capture-cost">
        <summary class="muted">{t('capture_cost_summary')}</summary>
        <p class="muted hint">
          {t('capture_cost', [
            ratio(HEAVY_PAGE.chromium.captured),
            ratio(HEAVY_PAGE.firefox.captured),
            MEASURED_ON,
            ratio(HEAVY_PAGE.chromium.nothingCaptured),
            ratio(HEAVY_PAGE.firefox.nothingCaptured),
          ])}
        </p>
      </details>
      {message ? (
        <p class="error" role="alert">
          {message}
        </p>
      ) : null}
    </section>
  );
}
