/**
 * Periodic work that must outlive the worker (setTimeout does not): a tick every 30 s re-evaluates
 * badges and notifications, records that the browser is alive and makes room when the disk is nearly
 * full; retention runs hourly.
 */
import browser, { type Alarms } from 'webextension-polyfill';
import { refreshAllBadges } from './badge';
import { prune } from './engine';
import { beat } from './heartbeat';
import { checkTransitions } from './notify';
import { makeRoomIfLow } from './storage-space';
import { addTrimmed } from './trimmed';

const TICK = 'sessionscope.tick';
const PRUNE = 'sessionscope.prune';

async function onAlarm(alarm: Alarms.Alarm): Promise<void> {
  const now = Date.now();
  if (alarm.name === TICK) {
    await beat(now, true);
    refreshAllBadges();
    await checkTransitions();
    await makeRoomIfLow(now);
  } else if (alarm.name === PRUNE) {
    await addTrimmed(await prune(now));
  }
}

export function observeAlarms(): void {
  browser.alarms.onAlarm.addListener((alarm) => void onAlarm(alarm));
}

/** Creates the alarms unless they exist (re-creating would postpone them at every wake). */
export async function ensureAlarms(): Promise<void> {
  if (!(await browser.alarms.get(TICK))) browser.alarms.create(TICK, { periodInMinutes: 0.5 });
  if (!(await browser.alarms.get(PRUNE)))
    browser.alarms.create(PRUNE, { delayInMinutes: 1, periodInMinutes: 60 });
}
