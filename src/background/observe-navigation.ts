/**
 * Top-level navigations (full loads and same-document history changes) → `activity` with source
 * 'navigation'. webNavigation costs next to nothing, so this activity exists even with header capture off.
 * Each carries what decides whether a session cookie went with it (src/core/cookie-sendable.ts): the tab's
 * cookie store, and who started it when the event says so.
 */
import browser, { type WebNavigation } from 'webextension-polyfill';
import type { ActivityScope } from '../core/observation';
import { siteOfUrl } from '../core/site';
import { isPrivateTab, tabStore } from './private-tabs';
import { record } from './recorder';

type Details = WebNavigation.OnCommittedDetailsType | WebNavigation.OnHistoryStateUpdatedDetailsType;

/** Transitions the browser starts itself (address bar, bookmark, start page): no site initiated them. */
const BROWSER_STARTED = new Set([
  'typed',
  'auto_bookmark',
  'generated',
  'keyword',
  'keyword_generated',
  'start_page',
]);

function scopeOf(details: Details, sameDocument: boolean): ActivityScope {
  const scope: ActivityScope = { type: 'main_frame' };
  const storeId = tabStore(details.tabId);
  if (storeId !== undefined) scope.storeId = storeId;
  if (sameDocument) {
    // A history change is the page moving itself: no request, its own origin.
    try {
      scope.initiator = new URL(details.url).origin;
    } catch {
      // Not a URL we can read: leave the initiator unknown.
    }
  } else if (BROWSER_STARTED.has(String((details as { transitionType?: string }).transitionType))) {
    scope.initiator = null;
  }
  return scope;
}

function onNavigation(details: Details, sameDocument: boolean): void {
  if (details.frameId !== 0 || siteOfUrl(details.url) === null) return;
  record(
    {
      kind: 'activity',
      at: Date.now(),
      url: details.url,
      source: 'navigation',
      count: 1,
      ...scopeOf(details, sameDocument),
    },
    isPrivateTab(details.tabId),
  );
}

export function observeNavigation(): void {
  browser.webNavigation.onCommitted.addListener((d) => onNavigation(d, false));
  browser.webNavigation.onHistoryStateUpdated.addListener((d) => onNavigation(d, true));
}
