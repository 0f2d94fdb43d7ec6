import type { ExportSession } from '../core/contract';
import type { EndsBy } from '../core/summary';
import { formatDay, formatDuration, formatDurationLong, parseTime } from './format';
import type { Translate } from './translate';

/** "once", "twice", "3 times". */
export function timesText(n: number, t: Translate): string {
  if (n === 1) return t('times_once');
  if (n === 2) return t('times_twice');
  return t('times_n', [n]);
}

/** Why a session ended, in the words a user would use. */
export function endedText(s: ExportSession, t: Translate): string {
  const reason = s.endsBy?.kind === 'ended' ? (s.endsBy.reason ?? s.endReason) : s.endReason;
  const inferred = s.endsBy?.kind === 'ended' ? s.endsBy.inferred : s.endInferred;
  const text = t(`ended_${(reason ?? 'removed').replace(/-/g, '_')}`);
  // A rule's end is a prediction: the cookie was not seen to go (src/core/predictions.ts).
  if (s.endPredicted === true) return `${text} ${t('ended_predicted')}`;
  return inferred ? `${text} ${t('ended_inferred')}` : text;
}

function browserCloseText(
  s: ExportSession,
  restoredAt: number | null,
  t: Translate,
  locale?: string,
): string {
  if (restoredAt === null) return t('ends_browser_close');
  const times = timesText(Math.max(1, s.restartsSurvived), t);
  const key = s.restartsSurvived > 1 ? 'ends_restore_clause_first' : 'ends_restore_clause';
  return t('ends_browser_close_unless', [t(key, [times, formatDay(restoredAt, locale)])]);
}

/** The background's structured verdict, in words. */
function endsByText(s: ExportSession, by: EndsBy, now: number, t: Translate, locale?: string): string {
  const left = (at: string) => formatDuration((parseTime(at) ?? now) - now, t);
  const day = (at: string) => formatDay(parseTime(at) ?? now, locale);
  switch (by.kind) {
    case 'ended':
      return endedText(s, t);
    case 'browser-close':
      return browserCloseText(s, parseTime(by.restoredOnce), t, locale);
    case 'expires-at':
      return t('ends_expires_fixed', [day(by.at), left(by.at)]);
    case 'expiry-unknown': {
      const text = t('ends_expiry_unknown', [day(by.at), left(by.at)]);
      return by.frameworkDefault === 'django' ? `${text} ${t('ends_expiry_unknown_django')}` : text;
    }
    case 'expires-after-write':
    case 'expires-after-inactivity': {
      const key = by.kind === 'expires-after-write' ? 'ends_after_write' : 'ends_after_response';
      const base = t(key, [formatDurationLong(by.seconds * 1000, t)]);
      const framework = by.frameworkDefault ? ` ${t(`framework_default_${by.frameworkDefault}`)}` : '';
      return `${base}${framework}. ${t('ends_now_due', [day(by.at), left(by.at)])}`;
    }
    case 'idle-timeout':
      return t('ends_rule_idle_timeout', [formatDurationLong(by.seconds * 1000, t), left(by.at)]);
    case 'max-lifetime':
      return t('ends_rule_max_lifetime', [formatDurationLong(by.seconds * 1000, t), left(by.at)]);
    default:
      return t('ends_unknown');
  }
}

/** Restores seen on this session's events, when the background sent no verdict. */
function firstRestore(s: ExportSession): number | null {
  if (!s.restoredByBrowser || s.restartsSurvived === 0) return null;
  const at = s.events
    .filter((e) => e.type === 'restart-survived')
    .map((e) => parseTime(e.at))
    .filter((x): x is number => x !== null)
    .sort((a, b) => a - b)[0];
  return at ?? null;
}

/**
 * What will end a live session, or what ended it. Words only: the background decides (`endsBy`);
 * an older record without a verdict is described from its cookie and countdowns.
 */
export function endsText(s: ExportSession, now: number, t: Translate, locale?: string): string {
  if (s.state === 'ended') return endedText(s, t);
  if (s.endsBy) return endsByText(s, s.endsBy, now, t, locale);
  const parts: string[] = [];
  if (s.cookie.session) {
    parts.push(browserCloseText(s, firstRestore(s), t, locale));
  } else {
    const expires = parseTime(s.cookie.expiresAt);
    if (expires !== null)
      parts.push(t('ends_expires', [formatDay(expires, locale), formatDuration(expires - now, t)]));
  }
  const idleTimeout = parseTime(s.idleTimeoutAt);
  if (idleTimeout !== null) parts.push(t('ends_idle_timeout', [formatDuration(idleTimeout - now, t)]));
  const maxLifetime = parseTime(s.maxLifetimeAt);
  if (maxLifetime !== null) parts.push(t('ends_max_lifetime', [formatDuration(maxLifetime - now, t)]));
  return parts.length === 0 ? t('ends_unknown') : parts.join(' ');
}
