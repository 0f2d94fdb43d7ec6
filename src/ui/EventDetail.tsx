import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { ExportEvent, ExportSession } from '../core/contract';
import { detailFields, type EventEvidence, evidenceOf } from './event-evidence';
import { causeText, eventTitle, fieldLabel, fieldValue } from './event-text';
import { formatMoment, formatSeconds, parseTime } from './format';
import { t } from './i18n';
import { MASK, valueText } from './values';

/**
 * What one timeline event rests on: the cookie change with the browser's cause, the request that carried
 * it, the header, the decoded payload before and after, the rule that decided, and every other field the
 * classifier recorded. Everything a website wrote (URLs, header values, payload keys and values) is
 * rendered as text and wraps inside the pane.
 */
export function EventDetail({
  session,
  event,
  now,
  headingLevel = 2,
}: {
  session: ExportSession;
  event: ExportEvent;
  now: number;
  headingLevel?: 2 | 3;
}) {
  const evidence = evidenceOf(event);
  const details = detailFields(event);
  const at = parseTime(event.at);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section
      class="event-detail card stack"
      aria-labelledby="event-detail-title"
      data-event-type={event.type}
    >
      <Heading id="event-detail-title">{eventTitle(event, t)}</Heading>
      <p class="muted">
        <code>{session.cookie.name}</code> ·{' '}
        {at === null ? event.at : <time dateTime={event.at}>{formatMoment(at, now)}</time>}
      </p>
      {evidence ? <Evidence evidence={evidence} now={now} /> : <p class="muted">{t('ev_none')}</p>}
      {details.length > 0 ? (
        <>
          <h3 class="detail-heading">{t('ev_details')}</h3>
          <dl class="facts ev-fields">
            {details.map(([key, value]) => (
              <Fragment key={key}>
                <dt>{fieldLabel(key, t)}</dt>
                <dd class="wrap">{fieldValue(key, value, t)}</dd>
              </Fragment>
            ))}
          </dl>
        </>
      ) : null}
    </section>
  );
}

function Evidence({ evidence: e, now }: { evidence: EventEvidence; now: number }) {
  const requestAt = e.request ? parseTime(e.request.at) : null;
  return (
    <dl class="facts evidence" aria-label={t('ev_evidence')}>
      {e.cookieChange ? (
        <>
          <dt>{t('ev_cookie_change')}</dt>
          <dd data-evidence="cookieChange">
            {e.cookieChange.removed ? t('ev_cookie_removed') : t('ev_cookie_set')} · {t('evt_f_cause')}:{' '}
            {causeText(e.cookieChange.cause, t)}
          </dd>
        </>
      ) : null}
      {e.request ? (
        <>
          <dt>{t('ev_request')}</dt>
          <dd class="wrap mono" data-evidence="request">
            {e.request.method ?? t('ev_method_unknown')} {e.request.url} →{' '}
            {e.request.status ?? t('ev_status_unknown')}
            {requestAt !== null ? <span class="muted"> · {formatMoment(requestAt, now)}</span> : null}
          </dd>
        </>
      ) : null}
      {e.header ? (
        <>
          <dt>{t('ev_header')}</dt>
          <dd class="wrap mono" data-evidence="header">
            {e.header.name}: {e.header.value}
          </dd>
        </>
      ) : null}
      {e.rule ? (
        <>
          <dt>{t('ev_rule')}</dt>
          <dd data-evidence="rule">
            {e.rule.name}
            {e.rule.seconds !== null ? ` (${formatSeconds(e.rule.seconds, t)})` : ''} ·{' '}
            {e.rule.from === 'rules' ? t('ev_rule_from_rules') : t('ev_rule_from_cookie')}
          </dd>
        </>
      ) : null}
      {e.unknown ? (
        <>
          <dt>{t('ev_unknown')}</dt>
          <dd class="wrap" data-evidence="unknown">
            {e.unknown}
          </dd>
        </>
      ) : null}
      {e.payload ? (
        <>
          <dt>{t('ev_payload')}</dt>
          <dd data-evidence="payload">
            <PayloadChange payload={e.payload} />
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** A signed cookie's decoded payload before and after the change: keys visible, values masked until asked. */
function PayloadChange({ payload }: { payload: NonNullable<EventEvidence['payload']> }) {
  const [revealed, setRevealed] = useState(false);
  const keys = [...new Set([...Object.keys(payload.before ?? {}), ...Object.keys(payload.after ?? {})])];
  const cell = (side: Record<string, unknown> | null, key: string) => {
    if (!side || !(key in side)) return <span class="muted">{t('none')}</span>;
    return revealed ? valueText(side[key]) : MASK;
  };
  return (
    <div class="payload-change">
      <button type="button" class="link" aria-pressed={revealed} onClick={() => setRevealed(!revealed)}>
        {revealed ? t('payload_hide') : t('payload_reveal')}
      </button>
      <table class="mono">
        <thead>
          <tr>
            <th scope="col">{t('ev_payload_key')}</th>
            <th scope="col">{t('ev_payload_before')}</th>
            <th scope="col">{t('ev_payload_after')}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const changed = payload.changed.includes(key);
            return (
              <tr key={key} class={changed ? 'changed' : undefined}>
                <th scope="row" class="wrap">
                  {key}
                  {changed ? <span class="badge">{t('ev_payload_changed')}</span> : null}
                </th>
                <td class="wrap">{cell(payload.before, key)}</td>
                <td class="wrap">{cell(payload.after, key)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
