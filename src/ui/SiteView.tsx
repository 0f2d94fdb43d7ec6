import { useCallback, useState } from 'preact/hooks';
import type { ExportSite } from '../core/contract';
import type { Status } from '../core/messages';
import type { ViewSite } from './all-sites';
import { CaptureNote } from './Banners';
import { send } from './client';
import { copyText } from './download';
import { exportToFile } from './exporting';
import { formatMoment, parseTime } from './format';
import { Inferences } from './Inferences';
import { t } from './i18n';
import { reportText } from './report';
import { SessionCard } from './SessionCard';
import { Timeline } from './Timeline';
import { useNow, usePoll } from './use-now';

const STATE_POLL_MS = 3000;

/** Live sessions first, most recent first; ended ones after, most recently ended first. */
function ordered(site: ExportSite): ExportSite['sessions'] {
  const rank = { active: 0, idle: 1, ended: 2 } as const;
  return [...site.sessions].sort(
    (a, b) =>
      rank[a.state] - rank[b.state] ||
      (parseTime(b.endedAt ?? b.lastActivityAt) ?? 0) - (parseTime(a.endedAt ?? a.lastActivityAt) ?? 0),
  );
}

export function SiteView({
  site,
  status,
  notifySites,
  onNotifyChange,
  onAllSites,
}: {
  site: string;
  status: Status | null;
  notifySites: string[];
  onNotifyChange: (sites: string[]) => void;
  onAllSites: () => void;
}) {
  const [data, setData] = useState<ExportSite | null>(null);
  const [imported, setImported] = useState<ViewSite[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const [restarts, setRestarts] = useState<number[]>([]);
  const [message, setMessage] = useState('');
  const now = useNow(offset);

  const refresh = useCallback(async () => {
    const reply = await send({ type: 'state/get', site });
    if (!reply.ok) {
      setError(reply.error);
      return;
    }
    setError(null);
    setOffset((parseTime(reply.now) ?? Date.now()) - Date.now());
    const mine = (reply.sites as ViewSite[]).filter((s) => s.site === site);
    setData(mine.find((s) => s.origin !== 'imported') ?? null);
    setImported(mine.filter((s) => s.origin === 'imported'));
    setRestarts(reply.restarts.map(parseTime).filter((at): at is number => at !== null));
    setLoaded(true);
  }, [site]);
  usePoll(refresh, STATE_POLL_MS, [site]);

  const act = async (run: () => Promise<string | null>, done: string) => {
    const err = await run();
    setMessage(err ? t('action_failed', [err]) : done);
    await refresh();
  };
  const endSession = (id: string) =>
    act(async () => {
      const r = await send({ type: 'session/end', id });
      return r.ok ? null : r.error;
    }, t('done_end_session'));
  const simulateClose = () =>
    act(async () => {
      const r = await send({ type: 'site/simulate-browser-close', site });
      return r.ok ? null : r.error;
    }, t('done_simulate_close'));
  // Popups cannot show confirm() in Firefox: ask inline instead.
  const [confirmForget, setConfirmForget] = useState(false);
  const forget = () => {
    setConfirmForget(false);
    void act(async () => {
      const r = await send({ type: 'site/forget', site });
      return r.ok ? null : r.error;
    }, t('done_forget'));
  };
  const copyCookies = (as: 'header' | 'netscape') =>
    act(
      async () => {
        const r = await send({ type: 'site/cookies', site });
        if (!r.ok) return r.error;
        if (r.count === 0) return t('no_cookies');
        return (await copyText(as === 'header' ? r.cookieHeader : r.netscape)) ? null : t('copy_refused');
      },
      as === 'header' ? t('done_copy_header') : t('done_copy_netscape'),
    );
  const copyReport = () =>
    act(async () => {
      if (!data) return t('no_sessions_site', [site]);
      const browserName = status ? `${status.browser.name} ${status.browser.version}` : undefined;
      const text = reportText(data, now, t, { ...(browserName ? { browser: browserName } : {}), restarts });
      return (await copyText(text)) ? null : t('copy_refused');
    }, t('done_copy_report'));
  const notify = notifySites.includes(site);

  const sessions = data ? ordered(data) : [];
  const lints = data?.inferences.filter((i) => i.kind === 'lint') ?? [];
  const others = data?.inferences.filter((i) => i.kind !== 'lint') ?? [];
  return (
    <main class="stack" aria-labelledby="site-title">
      <div class="row" style="justify-content:space-between">
        <h1 id="site-title">{site}</h1>
        <button type="button" class="link" onClick={onAllSites}>
          {t('all_sites')}
        </button>
      </div>
      <CaptureNote status={status} site={site} />
      {error ? (
        <p class="error" role="alert">
          {t('load_failed', [error])}
        </p>
      ) : null}
      {loaded && sessions.length === 0 && imported.length === 0 ? (
        <div class="card empty">
          <p>{t('no_sessions_site', [site])}</p>
          <p class="muted">{t('empty_hint')}</p>
        </div>
      ) : null}
      {sessions.length > 0 ? (
        <section aria-label={t('timeline')}>
          <Timeline sessions={sessions} restarts={restarts} now={now} />
        </section>
      ) : null}
      <section class="stack" aria-label={t('sessions')}>
        {sessions.map((s) => (
          <SessionCard key={s.id} session={s} inferences={lints} now={now} onEnd={endSession} />
        ))}
      </section>
      {imported.map((imp) => (
        <details key={imp.importedAt ?? 'imported'} class="imported card">
          <summary>
            {t('imported_timeline', [
              formatMoment(parseTime(imp.importedAt) ?? now, now),
              imp.sessions.length,
            ])}
          </summary>
          <div class="stack">
            <Timeline sessions={ordered(imp)} restarts={[]} now={now} />
            {ordered(imp).map((s) => (
              <SessionCard
                key={s.id}
                session={s}
                inferences={imp.inferences.filter((i) => i.kind === 'lint')}
                now={now}
              />
            ))}
            <Inferences items={imp.inferences.filter((i) => i.kind !== 'lint')} title={t('inferences')} />
          </div>
        </details>
      ))}
      <Inferences items={others} title={t('inferences')} />
      <Inferences items={lints} title={t('lints')} />
      <section aria-label={t('actions')} class="stack">
        <h2>{t('actions')}</h2>
        <label class="row">
          <input
            type="checkbox"
            checked={notify}
            onChange={(e) => {
              const on = (e.currentTarget as HTMLInputElement).checked;
              onNotifyChange(on ? [...notifySites, site] : notifySites.filter((s) => s !== site));
            }}
          />
          {t('notify_toggle')}
        </label>
        <div class="row">
          <button type="button" onClick={simulateClose} title={t('action_simulate_close_hint')}>
            {t('action_simulate_close')}
          </button>
          {confirmForget ? null : (
            <button type="button" class="danger" onClick={() => setConfirmForget(true)}>
              {t('action_forget')}
            </button>
          )}
        </div>
        {confirmForget ? (
          <div class="row banner" role="alertdialog" aria-label={t('action_forget')}>
            <span>{t('confirm_forget', [site])}</span>
            <button type="button" class="danger" onClick={forget}>
              {t('action_forget_confirm')}
            </button>
            <button type="button" onClick={() => setConfirmForget(false)}>
              {t('cancel')}
            </button>
          </div>
        ) : null}
        <fieldset class="bare">
          <legend>{t('export')}</legend>
          {(['json', 'csv', 'trace'] as const).map((f) => (
            <button
              key={f}
              type="button"
              onClick={() => act(() => exportToFile(f, site, now), t('done_export'))}
            >
              {t(`export_${f}`)}
            </button>
          ))}
        </fieldset>
        <fieldset class="bare">
          <legend>{t('copy')}</legend>
          <button type="button" onClick={copyReport}>
            {t('action_copy_report')}
          </button>
          <button type="button" onClick={() => copyCookies('header')} title={t('copy_values_hint')}>
            {t('action_copy_header')}
          </button>
          <button type="button" onClick={() => copyCookies('netscape')} title={t('copy_values_hint')}>
            {t('action_copy_netscape')}
          </button>
        </fieldset>
        <p class="status" role="status" aria-live="polite">
          {message}
        </p>
      </section>
    </main>
  );
}
