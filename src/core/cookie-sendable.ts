/**
 * Would the browser send this cookie with this request? The rules of RFC 6265bis §5.8.3 (store, domain,
 * path, Secure, SameSite) and of cookie partitions (CHIPS, Firefox's Total Cookie Protection), decided
 * only as far as the request says: an answer the request cannot support is `unknown`, with the reason,
 * never a guess. Activity scoping (activity.ts) and "Copy as Cookie header" (cookie-replay.ts) use it.
 */
import type { CookieSnapshot } from './observation';
import { siteOf } from './site';

export type SendableCookie = Pick<
  CookieSnapshot,
  'storeId' | 'partitionKey' | 'domain' | 'path' | 'hostOnly' | 'secure' | 'sameSite'
>;

/** What a request says about itself. An absent field is not known. */
export interface RequestScope {
  url: string;
  /** The cookie store the request was made in: Chrome "0"/"1", Firefox `cookieStoreId`. */
  storeId?: string;
  /** The origin that started the request ("null" when opaque); null: the browser itself (address bar, bookmark). */
  initiator?: string | null;
  /** webRequest resource type: `main_frame` (a top-level navigation), `sub_frame`, or anything else. */
  type?: string;
  method?: string;
  /** URL or origin of the top-level document; for a `main_frame` request, the request itself. */
  topLevel?: string;
}

export type SendRule = 'store' | 'domain' | 'path' | 'secure' | 'partition' | 'third-party' | 'same-site';

export interface Sendability {
  /** `no`: a rule keeps it back; `unknown`: the request does not say enough to decide. */
  verdict: 'yes' | 'no' | 'unknown';
  /** The rule that keeps it back (`no`), or the first one that could not be decided (`unknown`). */
  rule: SendRule | null;
  /** Plain words; empty for `yes`. */
  reason: string;
}

const YES: Sendability = { verdict: 'yes', rule: null, reason: '' };

/** Marks a request path cut after its first segments (activity-coalescer.ts): never in a parsed URL path. */
export const CUT = '…';
const KEPT_SEGMENTS = 2;

interface ParsedUrl {
  scheme: string;
  host: string;
  path: string;
}

// Activity brings the same few origins and URLs over and over: parse each once.
const parsedUrls = new Map<string, ParsedUrl | null>();
const PARSED_MAX = 256;

function parseUrl(url: string): ParsedUrl | null {
  const known = parsedUrls.get(url);
  if (known !== undefined) return known;
  let parsed: ParsedUrl | null = null;
  try {
    const u = new URL(url);
    parsed = {
      scheme: u.protocol.slice(0, -1),
      host: bare(u.hostname),
      path: u.pathname === '' ? '/' : u.pathname,
    };
  } catch {
    parsed = null;
  }
  if (parsedUrls.size >= PARSED_MAX) parsedUrls.clear();
  parsedUrls.set(url, parsed);
  return parsed;
}

function bare(host: string): string {
  return host
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** Hosts both browsers treat as secure over plain http (they send and accept Secure cookies there). */
export function isLoopbackHost(host: string): boolean {
  const h = bare(host);
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || LOOPBACK_V4.test(h);
}

function isIp(host: string): boolean {
  return host.includes(':') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
}

/** RFC 6265 §5.1.3, with the cookie's domain as browsers report it (a leading dot: a domain cookie). */
export function domainMatches(cookie: Pick<SendableCookie, 'domain' | 'hostOnly'>, host: string): boolean {
  const h = bare(host);
  const d = bare(cookie.domain.replace(/^\./, ''));
  const hostOnly = cookie.hostOnly ?? !cookie.domain.startsWith('.');
  if (h === d) return true;
  return !hostOnly && !isIp(h) && h.endsWith(`.${d}`);
}

/**
 * RFC 6265 §5.1.4. A request path cut short (ending in CUT: only its first segments were kept) decides
 * only for cookie paths no deeper than what was kept.
 */
export function pathMatches(requestPath: string, cookiePath: string): 'yes' | 'no' | 'unknown' {
  const cut = requestPath.endsWith(CUT);
  const rp = cut ? requestPath.slice(0, -CUT.length) : requestPath;
  const match =
    rp === cookiePath ||
    (rp.startsWith(cookiePath) && (cookiePath.endsWith('/') || rp.charAt(cookiePath.length) === '/'));
  if (match) return 'yes';
  if (cut && cookiePath.startsWith(rp)) return 'unknown';
  return 'no';
}

/**
 * A request path as the coalescer keeps it: its first `segments` segments, then CUT when there was more
 * (`/static/css/site.css` → `/static/css/…`). A path already cut is cut further the same way.
 */
export function pathKey(path: string, segments = KEPT_SEGMENTS): string {
  const p = path.endsWith(CUT) ? path.slice(0, -CUT.length) : path;
  let slashes = 0;
  for (let i = 0; i < p.length; i++) {
    if (p.charCodeAt(i) !== 47 /* / */) continue;
    slashes++;
    if (slashes > segments && i < p.length - 1) return `${p.slice(0, i + 1)}${CUT}`;
  }
  return path;
}

type Browser = 'chrome' | 'firefox' | null;

/** Which browser's rules apply, from the store id's shape (Firefox's all start with "firefox-"). */
function browserOf(storeId: string): Browser {
  if (storeId.startsWith('firefox-')) return 'firefox';
  if (/^\d+$/.test(storeId)) return 'chrome';
  return null;
}

function schemeClass(scheme: string): string {
  return scheme === 'wss' ? 'https' : scheme === 'ws' ? 'http' : scheme;
}

/** Same site, or not, or unknown (Firefox may or may not count the scheme: a preference decides). */
function sameSite(a: ParsedUrl, b: ParsedUrl, browser: Browser): 'yes' | 'no' | 'unknown' {
  if (siteOf(a.host) !== siteOf(b.host)) return 'no';
  if (schemeClass(a.scheme) === schemeClass(b.scheme)) return 'yes';
  return browser === 'chrome' ? 'no' : 'unknown';
}

function originOf(text: string): ParsedUrl | null {
  if (text === 'null') return null;
  return parseUrl(text.includes('://') ? text : `https://${text}`);
}

/** Whether the request is same-site for cookies: its initiator and its top-level document both. */
function requestSameSite(req: RequestScope, url: ParsedUrl, browser: Browser): 'yes' | 'no' | 'unknown' {
  if (req.initiator === undefined) return 'unknown';
  let verdict: 'yes' | 'no' | 'unknown' = 'yes';
  if (req.initiator !== null) {
    const from = originOf(req.initiator);
    if (from === null) return 'no';
    verdict = sameSite(from, url, browser);
  }
  if (verdict === 'no' || req.type === 'main_frame') return verdict;
  const top = req.topLevel === undefined ? undefined : originOf(req.topLevel);
  if (top === null) return 'no';
  if (top === undefined) return 'unknown';
  const topVerdict = sameSite(top, url, browser);
  if (topVerdict === 'no') return 'no';
  return topVerdict === 'unknown' ? 'unknown' : verdict;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

function sameSiteRule(
  cookie: SendableCookie,
  req: RequestScope,
  url: ParsedUrl,
  browser: Browser,
): Sendability {
  if (cookie.sameSite === 'no_restriction') return YES;
  const unspecified = cookie.sameSite === 'unspecified';
  const label = unspecified
    ? 'no SameSite'
    : cookie.sameSite === 'strict'
      ? 'SameSite=Strict'
      : 'SameSite=Lax';
  const same = requestSameSite(req, url, browser);
  if (same === 'yes') return YES;
  if (unspecified && browser !== 'chrome') {
    // Chrome treats a cookie without SameSite as Lax; Firefox does so only with a preference on.
    return unknown('same-site', `${label}: whether the browser treats it as Lax or None is not known`);
  }
  if (cookie.sameSite === 'strict') {
    return same === 'no'
      ? no('same-site', `${label}: not sent on a cross-site request`)
      : unknown('same-site', `${label}: the request does not say whether it is cross-site`);
  }
  // Lax: also sent on a top-level navigation with a safe method.
  const topLevelNav = req.type === 'main_frame';
  const method = req.method?.toUpperCase();
  if (topLevelNav && method !== undefined && SAFE_METHODS.has(method)) return YES;
  if (same === 'no' && req.type !== undefined && !topLevelNav)
    return no('same-site', `${label}: not sent on a cross-site subresource or frame request`);
  if (same === 'no' && topLevelNav && method !== undefined)
    return unspecified
      ? unknown(
          'same-site',
          `${label}: a cross-site ${method} navigation gets it only within 2 minutes of its write`,
        )
      : no('same-site', `${label}: not sent on a cross-site ${method} navigation`);
  return unknown('same-site', `${label}: the request does not say whether it is a cross-site request`);
}

function no(rule: SendRule, reason: string): Sendability {
  return { verdict: 'no', rule, reason };
}
function unknown(rule: SendRule, reason: string): Sendability {
  return { verdict: 'unknown', rule, reason };
}

/** The partition key's site: Chrome and Firefox report a top-level site such as "https://example.com". */
function partitionSite(key: string): { scheme: string | null; site: string } {
  const parsed = key.includes('://') ? parseUrl(key) : null;
  if (parsed) return { scheme: parsed.scheme, site: siteOf(parsed.host) };
  return { scheme: null, site: siteOf(key) };
}

function partitionRule(cookie: SendableCookie, req: RequestScope, url: ParsedUrl, browser: Browser) {
  const topText = req.type === 'main_frame' ? req.url : req.topLevel;
  const top = topText === undefined ? undefined : originOf(topText);
  if (cookie.partitionKey !== null) {
    if (top === undefined)
      return unknown('partition', 'a partitioned cookie, and the request does not say its top-level site');
    const key = partitionSite(cookie.partitionKey);
    const same =
      top !== null &&
      siteOf(top.host) === key.site &&
      (key.scheme === null || schemeClass(key.scheme) === schemeClass(top.scheme));
    return same
      ? YES
      : no('partition', `partitioned under ${cookie.partitionKey}: the request's top-level site is another`);
  }
  if (top !== undefined && top !== null && siteOf(top.host) === siteOf(url.host)) return YES;
  // Chrome sends third-party cookies unless they are blocked, which its incognito windows do by default.
  if (browser === 'chrome' && cookie.storeId !== '1') return YES;
  if (top === undefined)
    return unknown(
      'third-party',
      'the request does not say its top-level site, and third-party cookies may be blocked',
    );
  return unknown(
    'third-party',
    browser === 'chrome'
      ? 'a third-party request in an incognito window, where Chrome blocks third-party cookies by default'
      : 'a third-party request: Firefox sends unpartitioned cookies there only once the site has storage access',
  );
}

/** The verdict for one request. Rules are checked in order; the first that keeps the cookie back decides. */
export function wouldSend(cookie: SendableCookie, req: RequestScope): Sendability {
  const url = parseUrl(req.url);
  if (url === null || !WEB_SCHEMES.has(url.scheme)) return no('domain', 'not a web request');
  return decide(cookie, req, url);
}

/**
 * The verdict for requests alike but for their paths (as `pathKey` keeps them): sent if any one was,
 * unknown if any may have been, else the first refusal.
 */
export function wouldSendAny(
  cookie: SendableCookie,
  req: RequestScope,
  paths: readonly string[],
): Sendability {
  const url = parseUrl(req.url);
  if (url === null || !WEB_SCHEMES.has(url.scheme)) return no('domain', 'not a web request');
  if (paths.length === 0) return decide(cookie, req, url);
  let refused: Sendability | null = null;
  let undecided: Sendability | null = null;
  for (const path of paths) {
    const verdict = decide(cookie, req, { ...url, path });
    if (verdict.verdict === 'yes') return verdict;
    if (verdict.verdict === 'unknown') undecided ??= verdict;
    else refused ??= verdict;
  }
  return undecided ?? (refused as Sendability);
}

const WEB_SCHEMES = new Set(['http', 'https', 'ws', 'wss']);

function decide(cookie: SendableCookie, req: RequestScope, url: ParsedUrl): Sendability {
  if (req.storeId !== undefined && req.storeId !== cookie.storeId)
    return no('store', `made in cookie store ${req.storeId}, the cookie lives in ${cookie.storeId}`);
  const undecided: Sendability[] = [];
  if (req.storeId === undefined)
    undecided.push(unknown('store', 'the request does not say its cookie store'));
  if (!domainMatches(cookie, url.host))
    return no(
      'domain',
      cookie.hostOnly
        ? `${cookie.domain} is a host-only cookie, the request goes to ${url.host}`
        : `${url.host} is not within ${cookie.domain}`,
    );
  const path = pathMatches(url.path, cookie.path);
  if (path === 'no') return no('path', `path ${url.path} is not within ${cookie.path}`);
  if (cookie.secure && schemeClass(url.scheme) !== 'https' && !isLoopbackHost(url.host))
    return no('secure', `a Secure cookie is not sent over ${url.scheme}`);
  const browser = browserOf(cookie.storeId);
  if (path === 'unknown')
    undecided.push(unknown('path', `only the start of the request path (${url.path}) is known`));
  for (const verdict of [partitionRule(cookie, req, url, browser), sameSiteRule(cookie, req, url, browser)]) {
    if (verdict.verdict === 'no') return verdict;
    if (verdict.verdict === 'unknown') undecided.push(verdict);
  }
  if (undecided.length === 0) return YES;
  return {
    verdict: 'unknown',
    rule: undecided[0]?.rule ?? null,
    reason: undecided.map((u) => u.reason).join('; '),
  };
}
