import type { Translate } from './translate';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const UNITS: ReadonlyArray<[number, string]> = [
  [DAY, 'unit_d'],
  [HOUR, 'unit_h'],
  [MINUTE, 'unit_min'],
  [SECOND, 'unit_s'],
];

function durationParts(ms: number, t: Translate, keyOf: (unit: string, n: number) => string): string {
  let rest = Math.floor(Math.abs(ms) / SECOND) * SECOND;
  if (!Number.isFinite(rest) || rest < SECOND) return t(keyOf('unit_s', 0), [0]);
  const parts: string[] = [];
  for (const [size, key] of UNITS) {
    if (parts.length === 2) break;
    const n = Math.floor(rest / size);
    if (n > 0) {
      parts.push(t(keyOf(key, n), [n]));
      rest -= n * size;
    } else if (parts.length > 0) {
      break;
    }
  }
  return parts.join(' ');
}

/** A duration in words for sentences ("14 days", "15 minutes 2 seconds"). */
export function formatDurationLong(ms: number, t: Translate): string {
  return durationParts(
    ms,
    t,
    (unit, n) => `${unit.replace('unit_', 'unit_long_')}_${n === 1 ? 'one' : 'other'}`,
  );
}

/**
 * A duration in the two largest units that matter ("15 min 2 s", "14 d", "2 h 5 min"): precise enough
 * for a countdown, short enough to read at a glance.
 */
export function formatDuration(ms: number, t: Translate): string {
  return durationParts(ms, t, (unit) => unit);
}

/** Seconds as a duration, for rules ("idle after 5 min"). */
export function formatSeconds(seconds: number, t: Translate): string {
  return formatDuration(seconds * SECOND, t);
}

/** "in 4 min 3 s" for a moment to come, "2 min ago" for one that has passed. */
export function formatRelative(atMs: number, nowMs: number, t: Translate): string {
  const diff = atMs - nowMs;
  if (Math.abs(diff) < SECOND) return t('time_now');
  return diff > 0 ? t('time_in', [formatDuration(diff, t)]) : t('time_ago', [formatDuration(-diff, t)]);
}

export function parseTime(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** A day as people say it ("25 Nov"), in the user's locale. */
export function formatDay(ms: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(ms);
}

/** A moment: the time alone when it is today, the day and time otherwise. */
export function formatMoment(ms: number, nowMs: number, locale?: string): string {
  const sameDay = new Date(ms).toDateString() === new Date(nowMs).toDateString();
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  if (sameDay) return time.format(ms);
  const day = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  return day.format(ms);
}
