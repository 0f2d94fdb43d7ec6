/**
 * Top-level navigations (full loads and same-document history changes) → `activity` with source
 * 'navigation'. webNavigation costs next to nothing, so this activity exists even with header capture off.
 */
import browser, { type WebNavigation } from 'webextension-polyfill';
import { siteOfUrl } from '../core/site';
import { isPrivateTab } from './private-tabs';
import { record } from './recorder';

type Details = WebNavigation.OnCommittedDetailsType | WebNavigation.OnHistoryStateUpdatedDetailsType;

function onNavigation(details: Details): void {
  if (details.frameId !== 0 || siteOfUrl(details.url) === null) return;
  record(
    { kind: 'activity', at: Date.now(), url: details.url, source: 'navigation', count: 1 },
    isPrivateTab(details.tabId),
  );
}

export function observeNavigation(): void {
  browser.webNavigation.onCommitted.addListener(onNavigation);
  browser.webNavigation.onHistoryStateUpdated.addListener(onNavigation);
}
