import { Fragment } from 'preact';
import type { ExportEvent, ExportSession } from '../core/contract';
import { EvidenceFacts } from './EvidenceFacts';
import { detailFields, evidenceOf } from './event-evidence';
import { eventTitle, fieldLabel, fieldValue } from './event-text';
import { formatMoment, parseTime } from './format';
import { t } from './i18n';

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
      {evidence ? <EvidenceFacts evidence={evidence} now={now} /> : <p class="muted">{t('ev_none')}</p>}
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
