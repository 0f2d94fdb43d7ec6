/**
 * Header capture: ONE `webRequest.onHeadersReceived` listener serves request activity, Set-Cookie and
 * Clear-Site-Data. Any webRequest listener is the largest cost the extension puts on page loads (one
 * listener +20–26% CPU on a heavy Chromium page, four about +51%), so there is never a second one.
 *
 * Modes (settings.headerCapture):
 * - 'all': the listener for `<all_urls>`.
 * - 'sites': the listener with a `urls` filter for the chosen sites only.
 * - 'off': the listener is REMOVED (`removeListener`), not just ignored: a registered listener costs
 *   even when its body returns at once, because Chromium routes matching requests through the
 *   extension layer. An MV3 worker must register listeners synchronously at the top level to be woken
 *   by them, so each worker start registers it for `<all_urls>` and `applyHeaderCaptureMode` removes
 *   (or narrows) it again as soon as the stored settings are read.
 */
import browser, { type WebRequest } from 'webextension-polyfill';
import type { Observation } from '../core/observation';
import { splitSetCookieHeader } from '../core/set-cookie';
import type { Settings } from '../core/settings';
import { siteOfUrl } from '../core/site';
import { patternsFor } from './capture-patterns';
import { isPrivateTab } from './private-tabs';
import { record, recordRequest } from './recorder';

type Response = Extract<Observation, { kind: 'response' }>;
type Details = WebRequest.OnHeadersReceivedDetailsType & { cookieStoreId?: string; incognito?: boolean };

let activeUrls: string[] | null = null;

function onHeadersReceived(details: Details): void {
  const site = siteOfUrl(details.url);
  if (site === null) return;
  const at = Date.now();
  const isPrivate = details.incognito === true || isPrivateTab(details.tabId);
  recordRequest(site, details.url, at, isPrivate);

  const setCookie: string[] = [];
  let clearSiteData: string | null = null;
  for (const header of details.responseHeaders ?? []) {
    const name = header.name.toLowerCase();
    if (name === 'set-cookie' && header.value !== undefined) {
      // Firefox joins several Set-Cookie headers into one, separated by "\n".
      setCookie.push(...splitSetCookieHeader(header.value));
    } else if (name === 'clear-site-data' && header.value !== undefined) {
      clearSiteData = clearSiteData === null ? header.value : `${clearSiteData}, ${header.value}`;
    }
  }
  if (setCookie.length === 0 && clearSiteData === null) return;
  const obs: Response = {
    kind: 'response',
    at,
    url: details.url,
    storeId: details.cookieStoreId ?? null,
    status: details.statusCode,
    setCookie,
    clearSiteData,
  };
  // Most Set-Cookie headers are analytics or preferences: the recorder drops what teaches nothing.
  record(obs, isPrivate);
}

/**
 * Chrome hides Set-Cookie from webRequest unless asked with 'extraHeaders'; Firefox shows it anyway and
 * rejects the unknown option. Feature-detected through Chrome's enum, with a try as the fallback.
 */
function addListener(urls: string[]): void {
  const enumObj = (browser.webRequest as unknown as { OnHeadersReceivedOptions?: Record<string, string> })
    .OnHeadersReceivedOptions;
  const extra = enumObj?.EXTRA_HEADERS !== undefined;
  const filter = { urls };
  const listener = onHeadersReceived as (d: WebRequest.OnHeadersReceivedDetailsType) => void;
  if (extra) {
    try {
      browser.webRequest.onHeadersReceived.addListener(listener, filter, ['responseHeaders', 'extraHeaders']);
      activeUrls = urls;
      return;
    } catch {
      // Not Chrome after all: fall through.
    }
  }
  browser.webRequest.onHeadersReceived.addListener(listener, filter, ['responseHeaders']);
  activeUrls = urls;
}

function removeListener(): void {
  browser.webRequest.onHeadersReceived.removeListener(
    onHeadersReceived as (d: WebRequest.OnHeadersReceivedDetailsType) => void,
  );
  activeUrls = null;
}

/** Top-level registration, so requests wake a stopped worker when capture is on. */
export function observeRequests(): void {
  addListener(['<all_urls>']);
}

/** Makes the registered listener match the setting, at once. */
export function applyHeaderCaptureMode(capture: Settings['headerCapture']): void {
  const urls =
    capture.mode === 'all'
      ? ['<all_urls>']
      : capture.mode === 'sites'
        ? capture.sites.flatMap(patternsFor)
        : [];
  if (activeUrls && JSON.stringify(activeUrls) === JSON.stringify(urls)) return;
  removeListener();
  if (urls.length === 0) return;
  try {
    addListener(urls);
  } catch (error) {
    console.error('[sessionscope] header capture filter rejected', urls, error);
  }
}

/** What is in force now (status/get). */
export function headerCaptureInForce(): { active: boolean; urls: string[] } {
  const active = browser.webRequest.onHeadersReceived.hasListener(
    onHeadersReceived as (d: WebRequest.OnHeadersReceivedDetailsType) => void,
  );
  return { active, urls: activeUrls ?? [] };
}
