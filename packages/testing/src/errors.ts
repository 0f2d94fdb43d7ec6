// The errors a test meets when something is set up wrong or did not happen; each says what to do or
// what was seen instead.
import { describeSession, formatTimelines, type ObservedSession } from './timeline';

export class SessionscopeError extends Error {
  override name = 'SessionscopeError';
}

/** No built extension where `launch()` looked. */
export class ExtensionNotFoundError extends SessionscopeError {
  override name = 'ExtensionNotFoundError';
  constructor(readonly extensionPath: string) {
    super(
      `no built Sessionscope extension at ${extensionPath} (its manifest.json is missing): ` +
        'pass `extensionPath` to an unpacked build, or leave it out to use the build this package ships',
    );
  }
}

/** The browser binary is not there. */
export class BrowserNotFoundError extends SessionscopeError {
  override name = 'BrowserNotFoundError';
  constructor(
    readonly browser: 'chromium' | 'firefox',
    readonly tried: readonly string[],
  ) {
    const hint =
      browser === 'chromium'
        ? 'install Chromium (e.g. `apt-get install chromium`), or pass `executablePath` or set CHROMIUM_PATH'
        : 'install Firefox (e.g. `apt-get install firefox-esr`), or pass `executablePath` or set FIREFOX_PATH';
    super(`${browser} is not installed: looked for ${tried.join(', ')}; ${hint}`);
  }
}

/** No session with the cookie name was ever seen. */
export class CookieNotSeenError extends SessionscopeError {
  override name = 'CookieNotSeenError';
  constructor(
    readonly cookieName: string,
    readonly site: string | undefined,
    readonly seen: readonly ObservedSession[],
  ) {
    const where = site ? ` on ${site}` : '';
    const list =
      seen.length === 0
        ? 'no session was seen at all'
        : `the sessions seen were:\n${seen.map((s) => `  ${describeSession(s)}`).join('\n')}`;
    super(`no session with the cookie "${cookieName}" was seen${where}; ${list}`);
  }
}

/** `scope.waitFor` gave up: the timeline so far is in the message. */
export class WaitTimeoutError extends SessionscopeError {
  override name = 'WaitTimeoutError';
  constructor(
    readonly what: string,
    readonly timeout: number,
    readonly sessions: readonly ObservedSession[],
  ) {
    super(
      `timed out after ${timeout} ms waiting for ${what}; the timeline so far:\n${formatTimelines(sessions)}`,
    );
  }
}

/** A page from before `scope.restartBrowser()` was used. */
export class StalePageError extends SessionscopeError {
  override name = 'StalePageError';
  constructor() {
    super(
      'this page belonged to the browser before scope.restartBrowser(), which closed it: use the page restartBrowser() returned',
    );
  }
}

/** The extension answered a request with `{ ok: false }`. */
export class ExtensionRequestError extends SessionscopeError {
  override name = 'ExtensionRequestError';
}
