import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { EventEvidence } from './event-evidence';
import { causeText } from './event-text';
import { formatMoment, formatSeconds, parseTime } from './format';
import { t } from './i18n';
import { requestLine } from './shape';
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
        <Fact label={t('ev_cookie_change')} name="cookieChange">
          {e.cookieChange.removed ? t('ev_cookie_removed') : t('ev_cookie_set')} · {t('evt_f_cause')}:{' '}
          {causeText(e.cookieChange.cause, t)}
        </Fact>
      ) : null}
      {e.request ? (
        <Fact label={t('ev_request')} name="request" class="wrap mono">
          {requestLine(e.request, t('ev_method_unknown'), t('ev_status_unknown'))}
          {requestAt !== null ? <span class="muted"> · {formatMoment(requestAt, now)}</span> : null}
        </Fact>
      ) : null}
      {e.header ? (
        <Fact label={t('ev_header')} name="header" class="wrap mono">
          {e.header.name}: {e.header.value}
        </Fact>
      ) : null}
      {e.rule ? (
        <Fact label={t('ev_rule')} name="rule">
          {e.rule.name}
          {e.rule.seconds !== null ? ` (${formatSeconds(e.rule.seconds, t)})` : ''} ·{' '}
          {e.rule.from === 'rules' ? t('ev_rule_from_rules') : t('ev_rule_from_cookie')}
        </Fact>
      ) : null}
      {e.why ? (
        <Fact label={t('ev_why')} name="why">
          <Lines lines={e.why} />
        </Fact>
      ) : null}
      {e.startup ? (
        <Fact label={t('ev_startup')} name="startup">
          <Lines lines={e.startup} />
        </Fact>
      ) : null}
      {e.unknown ? (
        <Fact label={t('ev_unknown')} name="unknown" class="wrap">
          {e.unknown}
        </Fact>
      ) : null}
      {e.payload ? (
        <Fact label={t('ev_payload')} name="payload">
          <PayloadChange payload={e.payload} />
        </Fact>
      ) : null}
    </dl>
  );
}

/** One fact of the list; `data-evidence` names the part of the evidence it shows, for tests and styles. */
function Fact(props: { label: string; name: string; class?: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd class={props.class} data-evidence={props.name}>
        {props.children}
      </dd>
    </>
  );
}

/** Reasoning lines, each as the core wrote it. */
function Lines({ lines }: { lines: readonly string[] }) {
  return (
    <ul class="plain">
      {lines.map((line) => (
        <li key={line} class="wrap">
          {line}
        </li>
      ))}
    </ul>
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
