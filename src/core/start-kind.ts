/**
 * What kind of start the background is at: a new browser process, or the extension started inside a
 * running browser (installed, reloaded, updated, enabled again). Only the browser says so, through
 * `runtime.onStartup` and `runtime.onInstalled`; a restart needs that browser-level evidence, because
 * calling an extension reload a restart marks every live session cookie "restored by the browser".
 *
 * What each signal means (Chrome and Firefox):
 * - `onStartup`: the browser started with the extension installed (an installed extension, a permanent
 *   Firefox add-on).
 * - `onInstalled` `install` with data kept from an earlier run: an extension loaded from the command line
 *   (`--load-extension`, as tests and `npm start` do) is installed afresh at every browser launch and never
 *   sees `onStartup`, while its storage stays. Without earlier data: a first install.
 * - `onInstalled` `update`: the extension was reloaded or updated in a running browser.
 * - `onInstalled` `browser_update` / `chrome_update`: the browser itself was updated, so it restarted.
 * - Neither within the wait: the extension was disabled and enabled again (or its background restarted)
 *   inside a running browser.
 */
export type StartSignal = { event: 'startup' } | { event: 'installed'; reason: string };

export interface StartKind {
  reason: 'browser-restart' | 'extension-start';
  /** The signals that decided it, in plain words (kept on the startup observation and the export). */
  evidence: string[];
}

export function startKind(signals: readonly StartSignal[], hadData: boolean, waitedMs: number): StartKind {
  const installs = signals.filter(
    (s): s is Extract<StartSignal, { event: 'installed' }> => s.event === 'installed',
  );
  if (signals.some((s) => s.event === 'startup'))
    return {
      reason: 'browser-restart',
      evidence: ['runtime.onStartup: the browser started with the extension installed'],
    };
  const browserUpdate = installs.find((s) => s.reason === 'browser_update' || s.reason === 'chrome_update');
  if (browserUpdate)
    return {
      reason: 'browser-restart',
      evidence: [`runtime.onInstalled (${browserUpdate.reason}): the browser was updated, so it restarted`],
    };
  const install = installs.find((s) => s.reason === 'install');
  if (install && hadData)
    return {
      reason: 'browser-restart',
      evidence: [
        'runtime.onInstalled (install) with data kept from an earlier run: an extension loaded from the command line is installed afresh at every browser launch',
      ],
    };
  if (install)
    return { reason: 'extension-start', evidence: ['runtime.onInstalled (install): a first install'] };
  const other = installs[0];
  if (other)
    return {
      reason: 'extension-start',
      evidence: [
        `runtime.onInstalled (${other.reason}): the extension was reloaded or updated in a running browser`,
      ],
    };
  return {
    reason: 'extension-start',
    evidence: [
      `no runtime.onStartup or runtime.onInstalled within ${Math.round(waitedMs / 100) / 10} s: the extension was enabled again or its background restarted, inside a running browser`,
    ],
  };
}
