import type { ExportSession } from '../core/contract';
import { clipText } from './clip-text';
import { formatDay, formatMoment } from './format';
import { t } from './i18n';
import { storeLabel } from './store';
import { endedText } from './summary';
import { axisTicks, buildTimeline, type Mark, type Tick } from './timeline-model';

const WIDTH = 560;
const LABEL_W = 96;
/** What fits in LABEL_W at the label's 10px font; a longer cookie name would run over the lanes. */
const LABEL_CHARS = 15;
const LANE_H = 22;
const AXIS_H = 20;
const TOP = 6;

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
}: {
  sessions: ExportSession[];
  restarts: number[];
  now: number;
}) {
  const model = buildTimeline(sessions, restarts, now);
  const laneSessions = model.lanes.map((l) => l.session);
  const height = TOP + model.lanes.length * LANE_H + AXIS_H;
  const plotW = WIDTH - LABEL_W - 8;
  const x = (at: number) => LABEL_W + ((at - model.from) / (model.to - model.from)) * plotW;
  const laneY = (i: number) => TOP + i * LANE_H;
  const ticks = axisTicks(model.from, model.to, 5, new Date(now).getTimezoneOffset());
  const axisY = TOP + model.lanes.length * LANE_H;
  return (
    <figure class="timeline-figure">
      <svg class="timeline" viewBox={`0 0 ${WIDTH} ${height}`}>
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
              <text class="lane-label" x={0} y={laneY(i) + 14}>
                <title>{label}</title>
                {clipText(label, LABEL_CHARS)}
              </text>
              {lane.segments.map((seg) => (
                <rect
                  key={seg.from}
                  class={`seg-${seg.state}`}
                  x={x(seg.from)}
                  y={laneY(i) + 5}
                  width={Math.max(2, x(seg.to) - x(seg.from))}
                  height={10}
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
          const cy = laneY(mark.lane) + 10;
          const toY = mark.toLane !== undefined ? laneY(mark.toLane) + 10 : cy;
          return (
            <g key={`${mark.kind}${mark.lane}`}>
              {mark.kind === 'rotation' && toY !== cy ? (
                <path
                  class="connector"
                  d={`M${cx},${cy} C${cx + 8},${cy} ${cx + 8},${toY} ${cx + 2},${toY}`}
                />
              ) : null}
              <circle
                class={`mark mark-${mark.kind}`}
                cx={cx}
                cy={cy}
                r={mark.kind === 'end' ? 4 : 5}
                tabindex={0}
                aria-label={label}
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
