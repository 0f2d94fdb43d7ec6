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
import type { RequestScope } from './activity-coalescer';
import { patternsFor } from './capture-patterns';
import { isPrivateTab } from './private-tabs';
import { record, recordRequest } from './recorder';

type Response = Extract<Observation, { kind: 'response' }>;
type Details = WebRequest.OnHeadersReceivedDetailsType & {
  cookieStoreId?: string;
  incognito?: boolean;
  /** Chrome: the origin that started the request; absent for a navigation the browser started. */
  initiator?: string;
  /** Firefox: the frames above the requesting one, the top-level document last. */
  frameAncestors?: { url: string; frameId: number }[];
};

let activeUrls: string[] | null = null;

function onHeadersReceived(details: Details): void {
  const site = siteOfUrl(details.url);
  if (site === null) return;
  const at = Date.now();
  const isPrivate = details.incognito === true || isPrivateTab(details.tabId);
  recordRequest(site, details.url, at, isPrivate, requestScope(details, isPrivate));

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
    method: details.method,
    setCookie,
    clearSiteData,
  };
  // Most Set-Cookie headers are analytics or preferences: the recorder drops what teaches nothing.
  record(obs, isPrivate);
}

/**
 * What decides whether a session cookie went with this request (src/core/cookie-sendable.ts), as far as
 * the browser reports it; a field left out is unknown to the core, never assumed.
 */
function requestScope(details: Details, isPrivate: boolean): RequestScope {
  const firefox = details.cookieStoreId !== undefined;
  const type = details.type === 'main_frame' || details.type === 'sub_frame' ? details.type : 'other';
  const scope: RequestScope = { type, method: details.method };
  if (firefox) scope.storeId = details.cookieStoreId;
  else if (isPrivate || details.tabId >= 0) scope.storeId = isPrivate ? '1' : '0';
  // Chrome names the initiating origin; Firefox the URL of the document or resource that triggered it.
  const initiator = firefox ? details.originUrl : details.initiator;
  if (initiator !== undefined) scope.initiator = originOf(initiator);
  else if (type === 'main_frame') scope.initiator = null;
  if (type !== 'main_frame') {
    const ancestors = details.frameAncestors;
    const top = firefox
      ? ancestors && ancestors.length > 0
        ? ancestors[ancestors.length - 1]?.url
        : details.frameId === 0
          ? details.documentUrl
          : undefined
      : // In Chrome the top document itself starts its subresources: its origin is the initiator.
        details.frameId === 0 && type === 'other'
        ? details.initiator
        : undefined;
    if (top !== undefined) scope.topLevel = originOf(top);
  }
  return scope;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'null';
  }
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
