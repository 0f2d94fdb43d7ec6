/**
 * The background's entry point: every listener is registered synchronously here, at the top level, so
 * that the browser can wake a stopped worker (MV3) or event page (Firefox) for any of them. Everything
 * asynchronous starts after registration.
 */
import browser from 'webextension-polyfill';
import { ensureAlarms, observeAlarms } from './alarms';
import { refreshAllBadges } from './badge';
import { getSettings, start } from './engine';
import { observeMessages } from './messages';
import { checkTransitions } from './notify';
import { observeCookies } from './observe-cookies';
import { observeIdle } from './observe-idle';
import { observeNavigation } from './observe-navigation';
import { applyHeaderCaptureMode, observeRequests } from './observe-requests';
import { observeTabs, refillTabs } from './observe-tabs';
import { refillPrivateTabs } from './private-tabs';
import { onApplied } from './recorder';
import { detectStart, onInstalled, onStartup } from './startup';
import { observeSubscriptions, onBatchApplied } from './subscriptions';

observeCookies();
observeNavigation();
observeTabs();
observeIdle();
// Registered for all URLs first (a listener added later would not wake the worker), then narrowed or
// removed below once the stored settings are read.
observeRequests();
observeAlarms();
observeMessages();
observeSubscriptions();
browser.runtime.onInstalled.addListener(onInstalled);
browser.runtime.onStartup.addListener(onStartup);

onApplied(() => {
  refreshAllBadges();
  void checkTransitions();
});
onApplied(onBatchApplied);

async function boot(): Promise<void> {
  void refillPrivateTabs().catch(() => {});
  void refillTabs().catch(() => {});
  try {
    await start();
    // As early as possible: until here the listener runs for all URLs whatever the setting.
    applyHeaderCaptureMode(getSettings().headerCapture);
    await detectStart();
  } catch (error) {
    console.error('[sessionscope] start failed', error);
  }
  await ensureAlarms();
  refreshAllBadges();
}

void boot();
