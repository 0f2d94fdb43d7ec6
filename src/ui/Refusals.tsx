import type { ExportInference } from '../core/contract';
import { formatMoment, parseTime } from './format';
import { t } from './i18n';
import { refusalsIn } from './refusal-view';
import { requestLine } from './shape';

/**
 * The site's session cookies the browser refused: each with the Set-Cookie header the site sent, the
 * request that carried it, and the browser rule it broke. One of the most common reasons a login does
 * not stick, and invisible otherwise: a refused cookie leaves no cookie and no cookie change.
 */
export function Refusals({ inferences, now }: { inferences: readonly ExportInference[]; now: number }) {
  const list = refusalsIn(inferences);
  if (list.length === 0) return null;
  return (
    <section aria-labelledby="refusals-title" class="refusals card stack">
      <h2 id="refusals-title">{t('refusals_title')}</h2>
      <ul class="plain stack">
        {list.map((r) => (
          <li key={`${r.cookie}-${r.rule}`} class="stack" data-refused={r.cookie}>
            <p>{t('refusal_item', [r.cookie, r.rule])}</p>
            {r.attempts.map((a, i) => {
              const at = parseTime(a.at);
              return (
                <dl key={`${a.at ?? ''}-${i}`} class="facts evidence">
                  {a.reason ? (
                    <>
                      <dt>{t('refusal_rule')}</dt>
                      <dd class="wrap" data-evidence="rule">
                        {a.reason}
                      </dd>
                    </>
                  ) : null}
                  {a.header ? (
                    <>
                      <dt>{t('ev_header')}</dt>
                      <dd class="wrap mono" data-evidence="header">
                        {a.header}
                      </dd>
                    </>
                  ) : null}
                  {a.request ? (
                    <>
                      <dt>{t('ev_request')}</dt>
                      <dd class="wrap mono" data-evidence="request">
                        {requestLine(a.request, t('ev_method_unknown'), t('ev_status_unknown'))}
                        {at !== null ? <span class="muted"> · {formatMoment(at, now)}</span> : null}
                      </dd>
                    </>
                  ) : null}
                </dl>
              );
            })}
            {r.notes.map((n) => (
              <p key={n} class="muted wrap">
                {n}
              </p>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
