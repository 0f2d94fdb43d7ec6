import { useState } from 'preact/hooks';
import type { EventEvidence } from './event-evidence';
import { causeText } from './event-text';
import { formatMoment, formatSeconds, parseTime } from './format';
import { t } from './i18n';
import { MASK, valueText } from './values';

/**
 * What a verdict rests on, as facts: the browser's cookie change, the request that carried it, the
 * header, the rule, the reasoning behind an inference, the startup signals, and what is unknown. Shared
 * by an event's detail and a session's end. Everything a website wrote is rendered as text and wraps.
 */
export function EvidenceFacts({ evidence: e, now }: { evidence: EventEvidence; now: number }) {
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
      {e.why ? (
        <>
          <dt>{t('ev_why')}</dt>
          <dd data-evidence="why">
            <ul class="plain">
              {e.why.map((line) => (
                <li key={line} class="wrap">
                  {line}
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
      {e.startup ? (
        <>
          <dt>{t('ev_startup')}</dt>
          <dd data-evidence="startup">
            <ul class="plain">
              {e.startup.map((line) => (
                <li key={line} class="wrap">
                  {line}
                </li>
              ))}
            </ul>
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
