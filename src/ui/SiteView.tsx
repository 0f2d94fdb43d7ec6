import { useState } from 'preact/hooks';
import type { ExportSession, ExportSite } from '../core/contract';
import type { ResolvedTarget, Status } from '../core/messages';
import type { ViewSite } from './all-sites';
import { CaptureControl } from './CaptureControl';
import { send } from './client';
import { copyText } from './download';
import { EventDetail } from './EventDetail';
import { EventList } from './EventList';
import { exportToFile } from './exporting';
import { formatMoment, parseTime } from './format';
import { Inferences } from './Inferences';
import { t } from './i18n';
import { useProjected } from './live';
import { Refusals } from './Refusals';
import { refusalsIn } from './refusal-view';
import { reportText } from './report';
import { SessionCard } from './SessionCard';
import { type EventRef, Timeline } from './Timeline';
import { useNow } from './use-now';

/** Live sessions first, most recent first; ended ones after, most recently ended first. */
function ordered(site: ExportSite): ExportSite['sessions'] {
  const rank = { active: 0, idle: 1, ended: 2 } as const;
  return [...site.sessions].sort(
    (a, b) =>
      rank[a.state] - rank[b.state] ||
      (parseTime(b.endedAt ?? b.lastActivityAt) ?? 0) - (parseTime(a.endedAt ?? a.lastActivityAt) ?? 0),
  );
}

/** A selected event, found again by its time and type when a push moved it in the list (retention). */
interface Selection extends EventRef {
  at: string;
  type: string;
}

function find(sessions: ExportSession[], sel: Selection | null) {
  if (sel === null) return null;
  const session = sessions.find((s) => s.id === sel.session);
  if (!session) return null;
  const same = (i: number) => session.events[i]?.at === sel.at && session.events[i]?.type === sel.type;
  const index = same(sel.index) ? sel.index : session.events.findIndex((_, i) => same(i));
  return index >= 0 ? { session, event: session.events[index]!, index } : null;
}

/**
 * One site's sessions: the timeline, each session, the event a user selects with its evidence, the
 * inferences and the actions. The popup shows it in one column; the DevTools panel (`wide`) puts the
 * selected event or session in a pane beside a large timeline.
 */
export function SiteView({
  site,
  sites,
  restarts,
  offset,
  loaded,
  store,
  status,
  notifySites,
  onNotifyChange,
  onAllSites,
  error = null,
  wide = false,
  tabId = 'active',
}: {
  site: string;
  /** Everything pushed for this site: the live site (in the followed store) and imported timelines. */
  sites: readonly ViewSite[];
  restarts: number[];
  offset: number;
  loaded: boolean;
  store?: ResolvedTarget['storeKind'];
  status: Status | null;
  notifySites: string[];
  onNotifyChange: (sites: string[]) => void;
  onAllSites: () => void;
  error?: string | null;
  wide?: boolean;
  /** The tab whose URL the copied Cookie header is scoped to: the popup's active tab, the panel's inspected one. */
  tabId?: number | 'active';
}) {
  const [message, setMessage] = useState('');
  const [selected, setSelected] = useState<Selection | null>(null);
  const [focusSession, setFocusSession] = useState<string | null>(null);
  const now = useNow(offset);
  const mine = useProjected(sites, now);
  const data = mine.find((s) => s.site === site && s.origin !== 'imported') ?? null;
  const imported = mine.filter((s) => s.site === site && s.origin === 'imported');
  const select = (ref: EventRef, sessions: ExportSession[]) => {
    const e = sessions.find((s) => s.id === ref.session)?.events[ref.index];
    if (e) setSelected({ ...ref, at: e.at, type: e.type });
  };

  // No refresh after an action: what it changes reaches the view as a push.
  const act = async (run: () => Promise<string | null>, done: string) => {
    const err = await run();
    setMessage(err ? t('action_failed', [err]) : done);
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
        const r = await send({ type: 'site/cookies', site, tabId });
        if (!r.ok) return r.error;
        if (r.count === 0) return t('no_cookies');
        return (await copyText(as === 'header' ? r.cookieHeader : r.netscape)) ? null : t('copy_refused');
      },
      as === 'header' ? t('done_copy_header') : t('done_copy_netscape'),
    );
  // Scoped to what the browser would send with this one session's cookie (its store, host, path, partition).
  const copySessionHeader = (sessionId: string) => {
    void (async () => {
      const r = await send({ type: 'site/cookies', site, sessionId });
      if (!r.ok) return setMessage(t('action_failed', [r.error]));
      if (r.count === 0) return setMessage(t('action_failed', [t('no_cookies')]));
      const copied = await copyText(r.cookieHeader);
      setMessage(
        copied ? t('done_copy_session_header', [r.count, r.url]) : t('action_failed', [t('copy_refused')]),
      );
    })();
  };
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
  const siteInferences = data?.inferences ?? [];
  const refused = refusalsIn(siteInferences).length;
  // Refusals have their own section, with the header and the rule broken.
  const others = siteInferences.filter((i) => i.kind !== 'lint' && i.kind !== 'cookie-refused');
  // Imported timelines explain their events too; their ids are made apart from this browser's own.
  const importedBlocks = imported.map((imp) => ({
    imp,
    sessions: ordered(imp).map((s) => ({ ...s, id: `imported:${imp.importedAt ?? ''}:${s.id}` })),
  }));
  const everySession = [...sessions, ...importedBlocks.flatMap((b) => b.sessions)];
  const chosen = find(everySession, selected);
  const chosenIn = (list: ExportSession[]) => chosen !== null && list.includes(chosen.session);
  const chosenRef = chosen ? { session: chosen.session.id, index: chosen.index } : null;
  const focused = sessions.find((s) => s.id === focusSession) ?? null;
  const onSelect = (ref: EventRef) => select(ref, everySession);
  const showEventsOf = (id: string) => {
    setFocusSession(id);
    setSelected(null);
  };
  const events = (
    <EventList sessions={focused ? [focused] : sessions} selected={chosenRef} onSelect={onSelect} now={now} />
  );
  const detail = chosen ? <EventDetail session={chosen.session} event={chosen.event} now={now} /> : null;
  const cards = (
    <section class="stack" aria-label={t('sessions')}>
      {sessions.map((s) => (
        <SessionCard
          key={s.id}
          session={s}
          inferences={siteInferences}
          now={now}
          onEnd={endSession}
          onCopyHeader={copySessionHeader}
          {...(wide ? { onShowEvents: showEventsOf } : {})}
        />
      ))}
    </section>
  );
  const body = (
    <>
      {loaded && sessions.length === 0 && imported.length === 0 ? (
        <div class="card empty">
          <p>{t('no_sessions_site', [site])}</p>
          {/* A login that "does not stick" is most often a refused cookie: say so rather than "sign in". */}
          <p class="muted">{refused > 0 ? t('no_sessions_refused') : t('empty_hint')}</p>
        </div>
      ) : null}
      {sessions.length > 0 ? (
        <section aria-label={t('timeline')}>
          <Timeline
            sessions={sessions}
            restarts={restarts}
            now={now}
            wide={wide}
            selected={chosenRef}
            onSelect={onSelect}
          />
        </section>
      ) : null}
      {wide ? events : chosenIn(sessions) ? detail : null}
      {!wide && sessions.length > 0 ? (
        <details class="events-fold">
          <summary>{t('events_n', [sessions.reduce((n, s) => n + s.events.length, 0)])}</summary>
          {events}
        </details>
      ) : null}
      {data ? <Refusals inferences={data.inferences} now={now} /> : null}
      {cards}
      {importedBlocks.map(({ imp, sessions: list }) => (
        <details key={imp.importedAt ?? 'imported'} class="imported card" open={chosenIn(list) || undefined}>
          <summary>
            {t('imported_timeline', [
              formatMoment(parseTime(imp.importedAt) ?? now, now),
              imp.sessions.length,
            ])}
          </summary>
          <div class="stack">
            <Timeline
              sessions={list}
              restarts={[]}
              now={now}
              wide={wide}
              selected={chosenIn(list) ? chosenRef : null}
              onSelect={onSelect}
            />
            {!wide && chosenIn(list) ? detail : null}
            <EventList sessions={list} selected={chosenRef} onSelect={onSelect} now={now} />
            {list.map((s) => (
              <SessionCard key={s.id} session={s} inferences={imp.inferences} now={now} />
            ))}
            <Refusals inferences={imp.inferences} now={now} />
            <Inferences
              items={imp.inferences.filter((i) => i.kind !== 'lint' && i.kind !== 'cookie-refused')}
              title={t('inferences')}
            />
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
    </>
  );
  return (
    <main class={wide ? 'stack site-view wide' : 'stack site-view'} aria-labelledby="site-title">
      <div class="row" style="justify-content:space-between">
        <h1 id="site-title">{site}</h1>
        <button type="button" class="link" onClick={onAllSites}>
          {t('all_sites')}
        </button>
      </div>
      <CaptureControl site={site} status={status} capture={data?.capture} />
      {store === 'private' || store === 'container' ? (
        <p class="muted store-note">{t(`store_only_${store}`)}</p>
      ) : null}
      {error ? (
        <p class="error" role="alert">
          {t('load_failed', [error])}
        </p>
      ) : null}
      {wide ? (
        <div class="site-grid">
          <div class="site-main stack">{body}</div>
          <aside class="detail-pane stack" aria-label={t('panel_detail')}>
            {detail ??
              (focused ? (
                <SessionCard
                  session={focused}
                  inferences={siteInferences}
                  now={now}
                  onEnd={endSession}
                  onCopyHeader={copySessionHeader}
                  idPrefix="detail-session-"
                />
              ) : (
                <p class="muted">{t('event_select_hint')}</p>
              ))}
          </aside>
        </div>
      ) : (
        body
      )}
    </main>
  );
}
