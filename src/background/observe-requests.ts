/**
 * Header capture: ONE `webRequest.onHeadersReceived` listener serves request activity, Set-Cookie and
 * Clear-Site-Data, for the captured sites only. Any webRequest listener is the largest cost the extension
 * puts on page loads (docs/PERFORMANCE.md), so there is never a second one, and none at all while no site is
 * captured or the optional `webRequest` permission is not held (then `browser.webRequest` does not exist).
 *
 * The URL filter: the listener is registered with the captured sites' match patterns and re-registered
 * when they change (`setCaptureFilter`). A stopped MV3 worker is woken only for listeners that exist by the
 * end of its first task, but the captured sites are in storage, which no worker can read synchronously. So
 * each start registers the listener for `<all_urls>` at the top level and HOLDS every event in memory until
 * the filter is known: then events of sites that are not captured are dropped unseen, the others recorded,
 * and the listener narrowed. No request of another site is recorded, even in the first moments of a wake.
 */
import type { WebRequest } from 'webextension-polyfill';
import type { Observation } from '../core/observation';
import { splitSetCookieHeader } from '../core/set-cookie';
import { siteOfUrl } from '../core/site';
import type { RequestScope } from './activity-coalescer';
import { urlInSites } from './capture-patterns';
import { isPrivateTab } from './private-tabs';
import { record, recordRequest } from './recorder';
import { webRequestApi } from './web-request-permission';

type Response = Extract<Observation, { kind: 'response' }>;
type Details = WebRequest.OnHeadersReceivedDetailsType & {
  cookieStoreId?: string;
  incognito?: boolean;
  /** Chrome: the origin that started the request; absent for a navigation the browser started. */
  initiator?: string;
  /** Firefox: the frames above the requesting one, the top-level document last. */
  frameAncestors?: { url: string; frameId: number }[];
};
type Listener = (d: WebRequest.OnHeadersReceivedDetailsType) => void;

/** What the listener records: every site, the listed sites, or nothing. Null until the settings are read. */
export type CaptureFilter = { all: true } | { all: false; sites: readonly string[]; urls: readonly string[] };

/** Events of a wake's first moments, before the filter is known; more than this are dropped. */
const MAX_HELD = 1000;

let filter: CaptureFilter | null = null;
let held: { details: Details; at: number }[] = [];
let registeredUrls: readonly string[] | null = null;
/** The event object the listener was added to: after a revoke, Firefox takes `browser.webRequest` away. */
let registeredOn: WebRequest.Static['onHeadersReceived'] | null = null;
let onDelivered: (() => void) | null = null;

function onHeadersReceived(details: Details): void {
  const at = Date.now();
  if (filter === null) {
    if (held.length < MAX_HELD) held.push({ details, at });
    return;
  }
  handle(details, at);
}

function handle(details: Details, at: number): void {
  if (filter === null) return;
  // The URL filter already narrows; this also covers events registered for <all_urls> at a wake.
  if (!filter.all && !urlInSites(details.url, filter.sites)) return;
  const site = siteOfUrl(details.url);
  if (site === null) return;
  onDelivered?.();
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
function addListener(api: WebRequest.Static, urls: readonly string[]): void {
  const enumObj = (api as unknown as { OnHeadersReceivedOptions?: Record<string, string> })
    .OnHeadersReceivedOptions;
  const filterArg = { urls: [...urls] };
  const listener = onHeadersReceived as Listener;
  registeredOn = api.onHeadersReceived;
  registeredUrls = urls;
  if (enumObj?.EXTRA_HEADERS !== undefined) {
    try {
      api.onHeadersReceived.addListener(listener, filterArg, [
        'responseHeaders',
        'extraHeaders' as 'responseHeaders',
      ]);
      return;
    } catch {
      // Not Chrome after all: fall through.
    }
  }
  api.onHeadersReceived.addListener(listener, filterArg, ['responseHeaders']);
}

function removeListener(): void {
  try {
    registeredOn?.removeListener(onHeadersReceived as Listener);
  } catch {
    // The API went away with the permission: nothing is registered any more.
  }
  registeredOn = null;
  registeredUrls = null;
}

/**
 * Top level, at every start: the listener for every URL, holding events until `setCaptureFilter`, so a
 * request to a captured site wakes a stopped worker and is not lost. Nothing without the permission.
 * `delivered` is told of each recorded event (proof that the browser routes requests to the listener).
 */
export function observeRequests(delivered: () => void): void {
  onDelivered = delivered;
  const api = webRequestApi();
  if (api) addListener(api, ['<all_urls>']);
}

/**
 * Makes the listener match what is captured, at once: the URL patterns of the captured sites, every URL,
 * or no listener at all (`urls` empty, or no permission). Then decides the events held since the start.
 */
export function setCaptureFilter(next: CaptureFilter): void {
  const urls = next.all ? ['<all_urls>'] : next.urls;
  filter = next;
  const api = webRequestApi();
  const same = registeredUrls !== null && JSON.stringify(registeredUrls) === JSON.stringify(urls);
  if (!same || !api) {
    removeListener();
    if (api && urls.length > 0) {
      try {
        addListener(api, urls);
      } catch (error) {
        console.error('[sessionscope] header capture filter rejected', urls, error);
      }
    }
  }
  const early = held;
  held = [];
  for (const { details, at } of early) handle(details, at);
}

/** What is registered now (status/get). */
export function listenerInForce(): { active: boolean; urls: readonly string[] } {
  let active = false;
  try {
    active = registeredOn?.hasListener(onHeadersReceived as Listener) === true;
  } catch {
    active = false;
  }
  return { active: active && filter !== null, urls: registeredUrls ?? [] };
}
