import { useId, useState } from 'preact/hooks';
import type { ExportSession } from '../core/contract';
import { eventTitle } from './event-text';
import { formatMoment, parseTime } from './format';
import { t } from './i18n';
import type { EventRef } from './Timeline';

const PAGE = 50;

interface Row {
  session: ExportSession;
  index: number;
  at: number;
}

/**
 * The sessions' events, newest first, each a button that selects it: the keyboard's and screen reader's
 * way to the same events the timeline draws.
 */
export function EventList({
  sessions,
  selected,
  onSelect,
  now,
}: {
  sessions: ExportSession[];
  selected: EventRef | null;
  onSelect: (ref: EventRef) => void;
  now: number;
}) {
  const [shown, setShown] = useState(PAGE);
  const titleId = useId();
  const rows: Row[] = [];
  for (const session of sessions) {
    session.events.forEach((e, index) => {
      rows.push({ session, index, at: parseTime(e.at) ?? 0 });
    });
  }
  rows.sort((a, b) => b.at - a.at || b.index - a.index);
  if (rows.length === 0) return null;
  return (
    <section class="event-list stack" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('events_title')}</h2>
      <ol class="plain">
        {rows.slice(0, shown).map(({ session, index, at }) => {
          const e = session.events[index]!;
          const isSelected = selected?.session === session.id && selected.index === index;
          return (
            <li key={`${session.id}:${index}`}>
              <button
                type="button"
                class={`event-row${isSelected ? ' selected' : ''}`}
                aria-pressed={isSelected}
                data-session={session.id}
                data-event-type={e.type}
                onClick={() => onSelect({ session: session.id, index })}
              >
                <time dateTime={e.at} class="muted">
                  {formatMoment(at, now)}
                </time>{' '}
                <code class="clip">{session.cookie.name}</code> {eventTitle(e, t)}
              </button>
            </li>
          );
        })}
      </ol>
      {rows.length > shown ? (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          {t('show_more', [Math.min(PAGE, rows.length - shown)])}
        </button>
      ) : null}
    </section>
  );
}
