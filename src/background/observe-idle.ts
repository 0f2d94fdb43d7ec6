/** The user's machine-level idleness → `user-idle` observations. */
import browser, { type Idle } from 'webextension-polyfill';
import { record } from './recorder';

/**
 * Seconds without input before the system reports "idle". A minute: short enough to show a coffee
 * break on the timeline, long enough not to flap while someone reads a page.
 */
const DETECTION_INTERVAL_S = 60;

function onStateChanged(state: Idle.IdleState): void {
  record({ kind: 'user-idle', at: Date.now(), state });
}

export function observeIdle(): void {
  browser.idle.onStateChanged.addListener(onStateChanged);
  browser.idle.setDetectionInterval(DETECTION_INTERVAL_S);
}
