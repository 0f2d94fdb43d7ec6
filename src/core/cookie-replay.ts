/**
 * A site's cookies in the two forms that replay a browser session from a terminal: a `Cookie:` header
 * value (curl -H, httpie, fetch) and a Netscape cookies.txt file (curl -b FILE, wget --load-cookies FILE).
 * Names and values come from websites: control characters are removed, so a hostile cookie cannot break
 * out of its header or its line and add cookies (or anything else) of its own.
 */
import { cookieId } from './cookie-id';
import {
  isLoopbackHost,
  type RequestScope,
  type Sendability,
  type SendableCookie,
  wouldSend,
} from './cookie-sendable';
import type { CookieSnapshot, Millis } from './observation';
import { siteOf } from './site';

export type ReplayCookie = Pick<
  CookieSnapshot,
  'name' | 'value' | 'domain' | 'path' | 'secure' | 'httpOnly' | 'expiresAt' | 'hostOnly'
>;

export type ScopedCookie = ReplayCookie & SendableCookie & Pick<CookieSnapshot, 'name'>;

export interface Scoped<C extends ScopedCookie> {
  /** What the browser would send with the request, in the order it sends them. */
  sent: C[];
  /** The others, each with why not (`no`) or what the request does not tell (`unknown`). */
  notSent: { cookie: C; verdict: Sendability }[];
  /** The cookies of the request's store and partition, any host or path: a cookie jar for curl or wget. */
  jar: C[];
}

/**
 * Scopes cookies (of any stores and partitions, as listed by the browser) to one request: what the
 * browser would send with it (cookie-sendable.ts), once each, longer paths first and otherwise in the
 * order given. Browsers send equal paths oldest first, and Chrome lists cookies in that order. Expired
 * cookies and `unknown` verdicts are never sent.
 */
export function scopeCookies<C extends ScopedCookie>(
  cookies: readonly C[],
  req: RequestScope,
  now: Millis,
): Scoped<C> {
  const seen = new Set<string>();
  const sent: C[] = [];
  const notSent: Scoped<C>['notSent'] = [];
  const jar: C[] = [];
  const top = topSite(req);
  for (const cookie of cookies) {
    const id = cookieId(cookie);
    if (seen.has(id)) continue;
    seen.add(id);
    if (cookie.expiresAt !== null && cookie.expiresAt <= now) continue;
    if (
      (req.storeId === undefined || cookie.storeId === req.storeId) &&
      (cookie.partitionKey === null || (top !== null && siteOf(hostOf(cookie.partitionKey)) === top))
    )
      jar.push(cookie);
    const verdict = wouldSend(cookie, req);
    if (verdict.verdict === 'yes') sent.push(cookie);
    else notSent.push({ cookie, verdict });
  }
  return { sent: sortForHeader(sent), notSent, jar };
}

/**
 * The request "Copy as Cookie header" stands for: the user opening `url` in a tab of cookie store
 * `storeId` (a top-level navigation the browser starts itself: every SameSite cookie goes). With
 * `partition`, the top-level site a partitioned cookie lives under: a request from a page of that site.
 */
export function replayRequest(url: string, storeId: string, partition: string | null = null): RequestScope {
  if (partition !== null && siteOf(hostOf(partition)) !== siteOf(hostOf(url))) {
    const top = partition.includes('://') ? partition : `https://${partition}`;
    return { url, storeId, type: 'other', method: 'GET', initiator: top, topLevel: top };
  }
  return { url, storeId, type: 'main_frame', method: 'GET', initiator: null };
}

/**
 * A URL the cookie is sent to: its host and path, over https (a cookie set over http is sent there too),
 * or http for a loopback host, where development servers run. The port is not part of a cookie's scope.
 */
export function cookieUrl(cookie: Pick<CookieSnapshot, 'domain' | 'path'>): string {
  const host = cookie.domain.replace(/^\./, '');
  const shown = host.includes(':') ? `[${host}]` : host;
  const path = cookie.path.startsWith('/') ? cookie.path : '/';
  return `${isLoopbackHost(host) ? 'http' : 'https'}://${shown}${path}`;
}

function topSite(req: RequestScope): string | null {
  const top = req.type === 'main_frame' ? req.url : req.topLevel;
  return top === undefined ? null : siteOf(hostOf(top));
}

function hostOf(text: string): string {
  try {
    return new URL(text.includes('://') ? text : `https://${text}`).hostname;
  } catch {
    return text;
  }
}

function sortForHeader<C extends ReplayCookie>(cookies: C[]): C[] {
  return [...cookies].sort((a, b) => b.path.length - a.path.length);
}

/**
 * The value of a `Cookie:` request header (without the `Cookie: ` prefix) carrying all the given
 * cookies: longer paths first, as browsers send them (RFC 6265 §5.4), otherwise in the given order.
 */
export function toCookieHeader(cookies: readonly ReplayCookie[]): string {
  return sortForHeader([...cookies])
    .map((cookie) => {
      const name = clean(cookie.name);
      // A cookie without a name is sent as its bare value, as browsers do.
      return name === '' ? clean(cookie.value) : `${name}=${clean(cookie.value)}`;
    })
    .join('; ');
}

export const NETSCAPE_HEADER = '# Netscape HTTP Cookie File';

export interface NetscapeOptions {
  /**
   * Mark HttpOnly cookies with curl's `#HttpOnly_` domain prefix (default true). wget (1.21) reads such
   * a line as a comment and drops the cookie, often the session cookie itself: pass false for a file
   * that wget replays too (curl reads both; only the HttpOnly flag is lost, which a terminal ignores).
   */
  httpOnlyPrefix?: boolean;
}

/**
 * A Netscape cookies.txt: one line per cookie, seven TAB-separated fields (domain, include subdomains,
 * path, secure, expiry in epoch seconds with 0 for a session cookie, name, value). Cookies without a
 * name are left out: the format cannot say "no name" (curl would read the value as the name).
 */
export function toNetscapeCookies(cookies: readonly ReplayCookie[], options: NetscapeOptions = {}): string {
  const httpOnlyPrefix = options.httpOnlyPrefix ?? true;
  const lines = [
    NETSCAPE_HEADER,
    '# Written by Sessionscope. Replay: curl -b cookies.txt URL, or wget --load-cookies cookies.txt URL',
    '',
  ];
  for (const cookie of cookies) {
    const name = clean(cookie.name);
    if (name === '') continue;
    const host = clean(cookie.domain).replace(/^\.+/, '');
    if (host === '') continue;
    const domain = cookie.hostOnly ? host : `.${host}`;
    const expiry = cookie.expiresAt === null ? 0 : Math.max(1, Math.floor(cookie.expiresAt / 1000));
    lines.push(
      [
        `${cookie.httpOnly && httpOnlyPrefix ? '#HttpOnly_' : ''}${domain}`,
        cookie.hostOnly ? 'FALSE' : 'TRUE',
        clean(cookie.path) || '/',
        cookie.secure ? 'TRUE' : 'FALSE',
        String(expiry),
        name,
        clean(cookie.value),
      ].join('\t'),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Without control characters (CR, LF, TAB, NUL…): they end a header or a line, or split a field. */
function clean(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  return text.replace(/[\u0000-\u001f\u007f]/g, '');
}
