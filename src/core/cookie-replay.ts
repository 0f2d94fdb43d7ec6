/**
 * A site's cookies in the two forms that replay a browser session from a terminal: a `Cookie:` header
 * value (curl -H, httpie, fetch) and a Netscape cookies.txt file (curl -b FILE, wget --load-cookies FILE).
 * Names and values come from websites: control characters are removed, so a hostile cookie cannot break
 * out of its header or its line and add cookies (or anything else) of its own.
 */
import type { CookieSnapshot } from './observation';

export type ReplayCookie = Pick<
  CookieSnapshot,
  'name' | 'value' | 'domain' | 'path' | 'secure' | 'httpOnly' | 'expiresAt' | 'hostOnly'
>;

/**
 * The value of a `Cookie:` request header (without the `Cookie: ` prefix) carrying all the given
 * cookies: longer paths first, as browsers send them (RFC 6265 §5.4), otherwise in the given order.
 */
export function toCookieHeader(cookies: readonly ReplayCookie[]): string {
  return [...cookies]
    .sort((a, b) => b.path.length - a.path.length)
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
