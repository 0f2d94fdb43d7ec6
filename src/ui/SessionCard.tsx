import { Fragment } from 'preact';
import type { ExportInference, ExportSession } from '../core/contract';
import { EndEvidence } from './EndEvidence';
import { formatMoment, formatRelative, parseTime } from './format';
import { t } from './i18n';
import { inferenceText } from './inference-text';
import { Payload } from './Payload';
import { PayloadHistory } from './PayloadHistory';
import { restartsText } from './report';
import { StateChip } from './StateChip';
import { startupEvidenceOf } from './startup-evidence';
import { storeLabel } from './store';
import { endsText } from './summary';
import { valueText } from './values';

interface Countdown {
  key: string;
  at: number;
}

/** The moments this session's state will change by itself, as the background computed them. */
function countdowns(s: ExportSession): Countdown[] {
  if (s.state === 'ended') return [];
  const list: Countdown[] = [];
  const add = (key: string, iso: string | null | undefined) => {
    const at = parseTime(iso);
    if (at !== null) list.push({ key, at });
  };
  if (s.state === 'active') add('cd_idle', s.idleAt);
  add('cd_idle_timeout', s.idleTimeoutAt);
  add('cd_expiry', s.cookie.expiresAt);
  add('cd_max_lifetime', s.maxLifetimeAt);
  return list.sort((a, b) => a.at - b.at);
}

/** Lints that concern this cookie: the inference names the cookie in its value or evidence. */
function lintsFor(s: ExportSession, inferences: ExportInference[]): ExportInference[] {
  return inferences.filter(
    (inf) =>
      inf.kind === 'lint' &&
      (valueText(inf.value).includes(s.cookie.name) ||
        inf.evidence.some((e) => valueText(e).includes(s.cookie.name))),
  );
}

export function SessionCard({
  session: s,
  inferences,
  now,
  onEnd,
  onShowEvents,
  onCopyHeader,
  idPrefix = 'session-',
}: {
  session: ExportSession;
  /** The site's inferences: the card shows the lints and the login visibility that name its cookie. */
  inferences: ExportInference[];
  now: number;
  /** Absent for imported timelines: there is no live cookie to end. */
  onEnd?: (id: string) => void;
  /** Given (the DevTools panel), the card offers to show this session alone in the detail pane. */
  onShowEvents?: (id: string) => void;
  /** Given, the card offers to copy the Cookie header the browser would send with this session's cookie. */
  onCopyHeader?: (id: string) => void;
  /** Element ids are made from it: a second copy of a card on the page needs another. */
  idPrefix?: string;
}) {
  const store = storeLabel(s, t);
  const started = parseTime(s.startedAt) ?? now;
  const last = parseTime(s.lastActivityAt) ?? started;
  const lints = lintsFor(s, inferences);
  const startup = startupEvidenceOf(s);
  const titleId = `${idPrefix}${s.id}`;
  return (
    <article class="card" aria-labelledby={titleId} data-session={s.id} data-state={s.state}>
      <div class="row">
        <StateChip state={s.state} />
        <h2 id={titleId} class="session-title">
          <code>{s.cookie.name}</code>
        </h2>
        <span class="badge">{s.framework ?? t('framework_unknown')}</span>
        {store ? <span class="badge">{store}</span> : null}
        {s.cookie.partitionKey ? <span class="badge">{t('partitioned')}</span> : null}
      </div>
      <p class="ends" data-testid="ends">
        {endsText(s, now, t)}
      </p>
      <EndEvidence session={s} now={now} />
      <dl class="facts">
        <dt>{t('started')}</dt>
        <dd>
          <time dateTime={s.startedAt}>{formatMoment(started, now)}</time>{' '}
          <span class="muted">({formatRelative(started, now, t)})</span>
        </dd>
        <dt>{t('last_activity')}</dt>
        <dd>
          <time dateTime={s.lastActivityAt}>{formatMoment(last, now)}</time>{' '}
          <span class="muted">({formatRelative(last, now, t)})</span>
        </dd>
        {s.endedAt ? (
          <>
            <dt>{t('ended_at')}</dt>
            <dd>
              <time dateTime={s.endedAt}>{formatMoment(parseTime(s.endedAt) ?? now, now)}</time>
            </dd>
          </>
        ) : null}
        {s.state === 'idle' && parseTime(s.idleAt) !== null ? (
          <>
            <dt>{t('idle_since')}</dt>
            <dd>
              {formatMoment(parseTime(s.idleAt)!, now)}{' '}
              <span class="muted">({formatRelative(parseTime(s.idleAt)!, now, t)})</span>
            </dd>
          </>
        ) : null}
        {countdowns(s).map((c) => (
          <Fragment key={c.key}>
            <dt>{t(c.key)}</dt>
            <dd class="countdown" data-countdown={c.key}>
              {/* A moment just passed shows as "now" until the next state fetch brings the new state. */}
              {formatRelative(Math.max(c.at, now), now, t)}
            </dd>
          </Fragment>
        ))}
        <dt>{t('restarts')}</dt>
        <dd>
          {s.restartsSurvived > 0
            ? restartsText(s.restartsSurvived, s.restoredByBrowser, t)
            : t('restarts_none')}
          {startup ? (
            <details class="startup-evidence">
              <summary>
                {startup.type === 'restart-survived' ? t('startup_why_restored') : t('startup_why_seen')}
              </summary>
              {startup.signals.length > 0 ? (
                <ul>
                  {startup.signals.map((line) => (
                    <li key={line} class="wrap">
                      {line}
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="muted">{t('startup_no_signals')}</p>
              )}
            </details>
          ) : null}
        </dd>
        {s.replaces ? (
          <>
            <dt>{t('rotation')}</dt>
            <dd>{t('replaces_earlier')}</dd>
          </>
        ) : null}
        {s.replacedBy ? (
          <>
            <dt>{t('rotation')}</dt>
            <dd>{t('replaced_by_new')}</dd>
          </>
        ) : null}
      </dl>
      {s.recognition ? (
        <details>
          <summary>{t('recognized_as', [Math.round(s.recognition.confidence * 100)])}</summary>
          <ul>
            {s.recognition.pinned ? <li>{t('recognized_pinned')}</li> : null}
            {s.recognition.evidence.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {lints.length > 0 ? (
        <ul class="lints" aria-label={t('lints')}>
          {lints.map((l) => (
            <li key={valueText(l.value)}>⚠ {inferenceText(l, t)}</li>
          ))}
        </ul>
      ) : null}
      {s.decoded && Object.keys(s.decoded).length > 0 ? (
        <Payload decoded={s.decoded} label={t('payload_title')} />
      ) : null}
      <PayloadHistory session={s} inferences={inferences} now={now} />
      {(s.state !== 'ended' && onEnd) || onShowEvents || (s.state !== 'ended' && onCopyHeader) ? (
        <div class="row">
          {s.state !== 'ended' && onEnd ? (
            <button type="button" class="danger" onClick={() => onEnd(s.id)}>
              {t('action_end_session')}
            </button>
          ) : null}
          {onShowEvents ? (
            <button type="button" onClick={() => onShowEvents(s.id)}>
              {t('session_show_events')}
            </button>
          ) : null}
          {s.state !== 'ended' && onCopyHeader ? (
            <button
              type="button"
              data-action="copy-session-header"
              title={t('copy_values_hint')}
              onClick={() => onCopyHeader(s.id)}
            >
              {t('action_copy_session_header')}
            </button>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}
