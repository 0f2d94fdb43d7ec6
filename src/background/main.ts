/**
 * The background's entry point: every listener is registered synchronously here, at the top level, so
 * that the browser can wake a stopped worker (MV3) or event page (Firefox) for any of them. Everything
 * asynchronous starts after registration.
 */
import browser from 'webextension-polyfill';
import { ensureAlarms, observeAlarms } from './alarms';
import { refreshAllBadges } from './badge';
import { applyCapture, observeCapture, refreshCapture } from './capture-state';
import { start } from './engine';
import { observeMessages } from './messages';
import { checkTransitions } from './notify';
import { observeCookies } from './observe-cookies';
import { observeIdle } from './observe-idle';
import { observeNavigation } from './observe-navigation';
import { observeTabs, refillTabs } from './observe-tabs';
import { refillPrivateTabs } from './private-tabs';
import { onApplied } from './recorder';
import { detectStart, onInstalled, onStartup } from './startup';
import { observeSubscriptions, onBatchApplied } from './subscriptions';

observeCookies();
observeNavigation();
observeTabs();
observeIdle();
// Header capture, when the optional webRequest permission is held: registered for all URLs (a listener
// added later would not wake the worker), holding its events until the stored settings say which sites
// are captured; then narrowed to them (observe-requests.ts). Also the permission's grant and revoke.
observeCapture();
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
  // As early as possible: until the settings are read, the listener holds its events.
  const captureApplied = applyCapture().catch((error) =>
    console.error('[sessionscope] capture filter', error),
  );
  try {
    await start();
    await captureApplied;
    await detectStart();
    // After detectStart: a browser start since a grant is what makes it take effect in Chromium.
    await refreshCapture();
  } catch (error) {
    console.error('[sessionscope] start failed', error);
  }
  await ensureAlarms();
  refreshAllBadges();
}

void boot();
