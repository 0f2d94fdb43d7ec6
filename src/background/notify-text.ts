/**
 * The words of a notification, from `_locales` like every word the views show (`t` is `browser.i18n` in
 * the extension, the English file in tests). A prediction by the user's rule and an inferred end say so.
 */
import type { ExportSession } from '../core/contract';
import { formatDuration } from '../ui/format';
import type { Translate } from '../ui/translate';

/** e.g. "127.0.0.1: session ended, idle timeout after 15 min 2 s, as your rule predicts (…)". */
export function transitionText(site: string, session: ExportSession, now: number, t: Translate): string {
  const last = Date.parse(session.lastActivityAt);
  if (session.state === 'idle') return t('notify_idle', [site, formatDuration(now - last, t)]);
  const ended = session.endedAt ? Date.parse(session.endedAt) : now;
  const reason = session.endReason;
  let text: string;
  if (reason === 'idle-timeout')
    text =
      session.endInferred && !session.endPredicted
        ? t('notify_reason_idle_timeout_server')
        : t('notify_reason_idle_timeout', [formatDuration(ended - last, t)]);
  else {
    const key = `notify_reason_${(reason ?? 'unknown').replace(/-/g, '_')}`;
    const worded = t(key);
    text = worded === key ? t('notify_reason_unknown') : worded;
  }
  if (session.endPredicted) text = t('notify_predicted', [text]);
  else if (session.endInferred && reason !== 'idle-timeout') text = t('notify_inferred', [text]);
  return t('notify_ended', [site, text]);
}
