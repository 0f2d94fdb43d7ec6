/**
 * System notifications for the sites the user watches (settings.notifySites): a session that became
 * idle or ended. Transitions are found by comparing each session's state with the one last seen, kept
 * in storage.session so a worker restart neither repeats nor misses one. The words come from _locales
 * (notify-text.ts). A rule's predicted end is announced at once, as a prediction; an end the core may
 * still revise a moment later is announced once it has settled.
 */
import browser from 'webextension-polyfill';
import { endMayBeRevised, REVISION_WINDOW_MS } from '../core/end-reasons';
import { t } from '../ui/i18n';
import { getSettings, getTracker } from './engine';
import { transitionText } from './notify-text';

const SEEN_KEY = 'sessionscope.notifiedStates';

let recheck: ReturnType<typeof setTimeout> | null = null;

/** Looks again once a provisional end has settled. A timer is enough: if the worker stops first, the
 * transition is still unseen in storage and the next alarm tick notifies it. */
function recheckAt(at: number): void {
  if (recheck !== null) return;
  recheck = setTimeout(
    () => {
      recheck = null;
      void checkTransitions();
    },
    Math.max(0, at - Date.now()) + 100,
  );
}

let running: Promise<void> | null = null;

/** Compares current states with the last seen ones and notifies transitions to idle or ended. */
export function checkTransitions(): Promise<void> {
  running ??= check().finally(() => {
    running = null;
  });
  return running;
}

async function check(): Promise<void> {
  const watched = getSettings().notifySites;
  if (watched.length === 0) return;
  const stored = await browser.storage.session.get(SEEN_KEY);
  const seen = (stored[SEEN_KEY] ?? {}) as Record<string, string>;
  const now = Date.now();
  let changed = false;
  for (const site of watched) {
    for (const report of getTracker().report(now, { site })) {
      for (const session of report.sessions) {
        const before = seen[session.id];
        if (before === session.state) continue;
        // Announcing an end the core may still correct would name the wrong reason, or an end that never was.
        if (endMayBeRevised(session, now)) {
          recheckAt(Date.parse(session.endedAt ?? '') + REVISION_WINDOW_MS);
          continue;
        }
        seen[session.id] = session.state;
        changed = true;
        // A session first seen already idle or ended (e.g. after a restart) is old news: no notification.
        if (before === undefined || session.state === 'active') continue;
        await browser.notifications
          .create(`sessionscope:${session.id}:${session.state}`, {
            type: 'basic',
            iconUrl: browser.runtime.getURL('icons/48.png'),
            title: t('notify_title'),
            message: transitionText(report.site, session, now, t),
          })
          .catch((error: unknown) => console.warn('[sessionscope] notification failed', error));
      }
    }
  }
  if (changed) await browser.storage.session.set({ [SEEN_KEY]: seen });
}
