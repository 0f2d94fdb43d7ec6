import { useEffect, useRef, useState } from 'preact/hooks';
import type { ExportSession } from '../core/contract';
import { clipText } from './clip-text';
import { eventTitle } from './event-text';
import { formatDay, formatMoment, parseTime } from './format';
import { t } from './i18n';
import { storeLabel } from './store';
import { endedText } from './summary';
import { axisTicks, buildTimeline, type Mark, type Tick } from './timeline-model';

/** The popup's drawing, and the DevTools panel's: wider, taller lanes, longer labels, more ticks. */
const SIZES = {
  narrow: { width: 560, labelW: 96, labelChars: 15, laneH: 22, ticks: 5 },
  wide: { width: 1100, labelW: 170, labelChars: 26, laneH: 34, ticks: 10 },
} as const;

/**
 * The wide drawing takes the width it is given, one unit a pixel, so its text stays at its size in a
 * DevTools pane of any width; the popup's fixed drawing scales with the popup.
 */
function useWidth(enabled: boolean, fallback: number) {
  const ref = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!enabled || !el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(480, Math.round(entry.contentRect.width)));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [enabled]);
  return [ref, width] as const;
}
const AXIS_H = 20;
const TOP = 6;
/** Events drawn per lane, the latest: a bounded drawing whatever the retention keeps (the list shows all). */
const MAX_EVENT_TICKS = 200;

/** An event of a session: the session's id and the event's index in its `events`. */
export interface EventRef {
  session: string;
  index: number;
}

function tickLabel(tick: Tick): string {
  if (tick.style === 'day') return formatDay(tick.at);
  const opts: Intl.DateTimeFormatOptions =
    tick.style === 'seconds'
      ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
      : { hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(undefined, opts).format(tick.at);
}

function markText(mark: Mark, sessions: ExportSession[], now: number): string {
  const when = formatMoment(mark.at, now);
  if (mark.kind === 'restart') return t('tl_restart', [when]);
  const s = sessions[mark.lane];
  const name = s?.cookie.name ?? '';
  if (mark.kind === 'rotation') {
    const next = mark.toLane !== undefined ? sessions[mark.toLane] : undefined;
    return t('tl_rotation', [name, when, next?.cookie.name ?? name]);
  }
  return t('tl_end', [name, when, s ? endedText(s, t) : '']);
}

/**
 * The site's sessions as a picture: a lane per session coloured by state, with browser restarts,
 * rotations, logouts and Clear-Site-Data marked. Marks are focusable and name their event.
 */
export function Timeline({
  sessions,
  restarts,
  now,
  wide = false,
  selected = null,
  onSelect,
}: {
  sessions: ExportSession[];
  restarts: number[];
  now: number;
  wide?: boolean;
  selected?: EventRef | null;
  /** Given, each event is drawn as a tick that selects it; the ends select their 'ended' event. */
  onSelect?: (ref: EventRef) => void;
}) {
  const size = SIZES[wide ? 'wide' : 'narrow'];
  const { labelW: LABEL_W, labelChars: LABEL_CHARS, laneH: LANE_H, ticks: TICKS } = size;
  const [figureRef, WIDTH] = useWidth(wide, size.width);
  /** A lane's middle, below its top; its bar is drawn around it. */
  const MID = LANE_H / 2 - 1;
  const BAR_H = wide ? 14 : 10;
  const model = buildTimeline(sessions, restarts, now);
  const laneSessions = model.lanes.map((l) => l.session);
  const height = TOP + model.lanes.length * LANE_H + AXIS_H;
  const plotW = WIDTH - LABEL_W - 8;
  const x = (at: number) => LABEL_W + ((at - model.from) / (model.to - model.from)) * plotW;
  const laneY = (i: number) => TOP + i * LANE_H;
  const ticks = axisTicks(model.from, model.to, TICKS, new Date(now).getTimezoneOffset());
  const axisY = TOP + model.lanes.length * LANE_H;
  const endedIndex = (s: ExportSession) => s.events.findLastIndex((e) => e.type === 'ended');
  // Out of the tab order: the event list beside the timeline is the keyboard's way to every event.
  const eventTicks = (s: ExportSession, lane: number) =>
    s.events.slice(-MAX_EVENT_TICKS).map((e, k) => {
      const index = Math.max(0, s.events.length - MAX_EVENT_TICKS) + k;
      const at = parseTime(e.at);
      if (at === null || at < model.from) return null;
      const isSelected = selected?.session === s.id && selected.index === index;
      const label = `${s.cookie.name}: ${eventTitle(e, t)} · ${formatMoment(at, now)}`;
      return (
        // biome-ignore lint/a11y/useSemanticElements: an SVG shape cannot be a <button>; it acts as one.
        <rect
          key={`e${index}`}
          class={`event-tick${isSelected ? ' selected' : ''}`}
          data-event-type={e.type}
          x={x(at) - 2}
          y={laneY(lane) + MID - 8}
          width={4}
          height={16}
          role="button"
          tabindex={-1}
          aria-label={label}
          onClick={() => onSelect?.({ session: s.id, index })}
          onKeyDown={(ev) => {
            if (ev.key === 'Enter' || ev.key === ' ') onSelect?.({ session: s.id, index });
          }}
        >
          <title>{label}</title>
        </rect>
      );
    });
  const selectEnd = (lane: number) => {
    const s = laneSessions[lane];
    const index = s ? endedIndex(s) : -1;
    if (s && onSelect && index >= 0) onSelect({ session: s.id, index });
  };
  return (
    <figure class="timeline-figure" ref={figureRef}>
      <svg
        class={`timeline${onSelect ? ' selectable' : ''}${wide ? ' wide' : ''}`}
        viewBox={`0 0 ${WIDTH} ${height}`}
      >
        <title>{t('tl_label', [formatMoment(model.from, now), formatMoment(model.to, now)])}</title>
        {ticks.map((tick) => (
          <g key={tick.at}>
            <line class="gridline" x1={x(tick.at)} x2={x(tick.at)} y1={TOP} y2={axisY} />
            <text class="tick-label" x={x(tick.at)} y={axisY + 13} text-anchor="middle">
              {tickLabel(tick)}
            </text>
          </g>
        ))}
        {model.lanes.map((lane, i) => {
          const s = lane.session;
          const store = storeLabel(s, t);
          const label = store ? `${s.cookie.name} · ${store}` : s.cookie.name;
          return (
            <g key={s.id}>
              <text class="lane-label" x={0} y={laneY(i) + MID + 4}>
                <title>{label}</title>
                {clipText(label, LABEL_CHARS)}
              </text>
              {lane.segments.map((seg) => (
                <rect
                  key={seg.from}
                  class={`seg-${seg.state}`}
                  x={x(seg.from)}
                  y={laneY(i) + MID - BAR_H / 2}
                  width={Math.max(2, x(seg.to) - x(seg.from))}
                  height={BAR_H}
                  rx={2}
                >
                  <title>
                    {t('tl_segment', [
                      t(`state_${seg.state}`),
                      formatMoment(seg.from, now),
                      formatMoment(seg.to, now),
                    ])}
                  </title>
                </rect>
              ))}
              {onSelect ? eventTicks(s, i) : null}
            </g>
          );
        })}
        {model.marks.map((mark) => {
          const label = markText(mark, laneSessions, now);
          const cx = x(mark.at);
          if (mark.kind === 'restart') {
            return (
              <g key={`r${mark.at}`}>
                <line class="restart-line" x1={cx} x2={cx} y1={TOP} y2={axisY} />
                <rect
                  class="mark mark-restart"
                  x={cx - 5}
                  y={TOP - 5}
                  width={10}
                  height={10}
                  tabindex={0}
                  aria-label={label}
                >
                  <title>{label}</title>
                </rect>
              </g>
            );
          }
          const cy = laneY(mark.lane) + MID;
          const toY = mark.toLane !== undefined ? laneY(mark.toLane) + MID : cy;
          return (
            <g key={`${mark.kind}${mark.lane}`}>
              {mark.kind === 'rotation' && toY !== cy ? (
                <path
                  class="connector"
                  d={`M${cx},${cy} C${cx + 8},${cy} ${cx + 8},${toY} ${cx + 2},${toY}`}
                />
              ) : null}
              {/* biome-ignore lint/a11y/useSemanticElements: an SVG shape cannot be a <button>; it acts as one. */}
              <circle
                class={`mark mark-${mark.kind}`}
                cx={cx}
                cy={cy}
                r={mark.kind === 'end' ? 4 : 5}
                role="button"
                tabindex={0}
                aria-label={label}
                onClick={() => selectEnd(mark.lane)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    selectEnd(mark.lane);
                  }
                }}
              >
                <title>{label}</title>
              </circle>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
