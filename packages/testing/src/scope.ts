// The public launch() and scope: the project's own e2e harness (e2e/harness) underneath, with what a
// user's suite needs on top: a default build and browser path, the user's page without the extension's
// own tabs, waits that print the timeline, and pages that say when a restart closed them.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { type Session as HarnessSession, launch as launchHarness } from '../../../e2e/harness/launch';
import type { E2EPage } from '../../../e2e/harness/page';
import { withTimeout } from '../../../e2e/harness/wait';
import type { EndReason, ExportDocument, SessionState } from '../../../src/core/contract';
import type { Request } from '../../../src/core/messages';
import type { Rules } from '../../../src/core/rules';
import {
  BrowserNotFoundError,
  CookieNotSeenError,
  ExtensionNotFoundError,
  ExtensionRequestError,
  StalePageError,
  WaitTimeoutError,
} from './errors';
import type { ObservedSession } from './timeline';

export type BrowserName = 'chromium' | 'firefox';

/** A Playwright `Page` in Chromium, a Puppeteer `Page` in Firefox. */
export type BrowserPage<B extends BrowserName = BrowserName> = B extends 'chromium'
  ? PlaywrightPage
  : PuppeteerPage;

export interface LaunchOptions<B extends BrowserName = BrowserName> {
  browser: B;
  /** An unpacked Sessionscope build; default: the one this package ships (header capture needs no grant). */
  extensionPath?: string;
  /** A profile folder to use and keep; default: a fresh one, deleted by `scope.close()`. */
  profile?: string;
  /** Whether the browser restores the previous tabs (and their session cookies) at start. Default false. */
  restoreSession?: boolean;
  /** The browser binary; default CHROMIUM_PATH / FIREFOX_PATH, else the usual system paths. */
  executablePath?: string;
  /** Show the window. Default false. */
  headed?: boolean;
  /** How long to wait for the extension to answer after each (re)start, in ms. Default 30 000. */
  readyTimeout?: number;
}

export interface WaitForOptions {
  /** Only sessions of this site (e.g. `127.0.0.1`, `example.com`; a URL is taken by its host name). */
  site?: string;
  /** The state to wait for; with `reason` alone, `ended`. */
  state?: SessionState;
  /** The end reason to wait for. */
  reason?: EndReason;
  /** Any further condition on the session. */
  where?: (session: ObservedSession) => boolean;
  /** In ms, default 15 000. */
  timeout?: number;
}

export interface RulesUpdate {
  defaults?: Partial<Rules>;
  sites?: Record<string, Partial<Rules> | null>;
}

export interface Scope<B extends BrowserName = BrowserName> {
  readonly browser: B;
  /** Every session Sessionscope has seen (of one site when given), oldest first. */
  sessions(site?: string): Promise<ObservedSession[]>;
  /** The latest session of the cookie `cookieName`; throws, listing what was seen, when there is none. */
  session(cookieName: string, site?: string): Promise<ObservedSession>;
  /** Polls until a session of `cookieName` matches; the timeout error prints the timeline so far. */
  waitFor(cookieName: string, options?: WaitForOptions): Promise<ObservedSession>;
  /** Sets rules (idle, idle timeout, max lifetime, pinned cookie names…), defaults or per site. */
  setRules(rules: RulesUpdate): Promise<void>;
  /** Captures a site's requests and responses: what tells a logout from an idle timeout, and activity. */
  capture(site: string): Promise<void>;
  export(format: 'json'): Promise<ExportDocument>;
  export(format: 'csv' | 'trace'): Promise<string>;
  /**
   * Closes the browser as a user does (tabs open) and starts it again on the same profile; `restore`
   * (default: the launch's `restoreSession`) says whether it restores the last session. Returns the page
   * to drive now: pages from before are closed, and using one throws StalePageError.
   */
  restartBrowser(options?: { restore?: boolean }): Promise<BrowserPage<B>>;
  /** The open tabs, without Sessionscope's own. */
  pages(): Promise<BrowserPage<B>[]>;
  /** Closes the browser (and deletes the profile unless you gave `profile`). */
  close(): Promise<void>;
}

export interface Launched<B extends BrowserName = BrowserName> {
  /** The page to drive. */
  page: BrowserPage<B>;
  scope: Scope<B>;
}

const here = dirname(fileURLToPath(import.meta.url));

/** The build shipped beside the bundle (dist/extension/<browser>). */
export function bundledExtensionPath(browser: BrowserName): string {
  return join(here, 'extension', browser);
}

const SYSTEM_PATHS: Record<BrowserName, { env: string; paths: string[] }> = {
  chromium: { env: 'CHROMIUM_PATH', paths: ['/usr/bin/chromium', '/usr/bin/chromium-browser'] },
  firefox: { env: 'FIREFOX_PATH', paths: ['/usr/bin/firefox-esr', '/usr/bin/firefox'] },
};

function browserPath(browser: BrowserName, given: string | undefined): string {
  const { env, paths } = SYSTEM_PATHS[browser];
  const candidates = given ? [given] : process.env[env] ? [process.env[env]] : paths;
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new BrowserNotFoundError(browser, candidates);
  return found;
}

let runDirMade = false;
/** Profiles and the browsers' temporary files go to one folder under the OS's temp dir, removed at exit. */
function ensureRunDir(): void {
  if (process.env.E2E_RUN_DIR || runDirMade) return;
  // Chromium's singleton socket lives in TMPDIR and a Unix socket path has room for ~107 bytes: a deep
  // TMPDIR makes Chromium exit at start, so a long one gives way to /tmp.
  const base = tmpdir().length > 40 && existsSync('/tmp') ? '/tmp' : tmpdir();
  const dir = mkdtempSync(join(base, 'sessionscope-'));
  process.env.E2E_RUN_DIR = dir;
  runDirMade = true;
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
}

function hostOf(site: string): string {
  return site.includes('://') ? new URL(site).hostname : site;
}

/** `site` is the session's site, or a host name under it. */
function onSite(sessionSite: string, site: string | undefined): boolean {
  if (!site) return true;
  const host = hostOf(site);
  return host === sessionSite || host.endsWith(`.${sessionSite}`);
}

const EXTENSION_URL = /^(chrome-extension|moz-extension):/;

/** Starts a browser with Sessionscope; returns the page to drive and the scope to ask. */
export async function launch<B extends BrowserName>(options: LaunchOptions<B>): Promise<Launched<B>> {
  const browser = options.browser;
  if (browser !== 'chromium' && browser !== 'firefox') {
    throw new TypeError(`browser must be 'chromium' or 'firefox', not ${JSON.stringify(browser)}`);
  }
  const extensionPath = resolve(options.extensionPath ?? bundledExtensionPath(browser));
  if (!existsSync(join(extensionPath, 'manifest.json'))) throw new ExtensionNotFoundError(extensionPath);
  const executablePath = browserPath(browser, options.executablePath);
  ensureRunDir();
  const session = await launchHarness(browser, {
    extensionDir: extensionPath,
    executablePath,
    // A user's site brings its own certificate; the project's lab certificate is for its own tests.
    trustLabCertificate: false,
    sessionRestore: options.restoreSession ?? false,
    headed: options.headed ?? false,
    ...(options.profile ? { profileDir: resolve(options.profile) } : {}),
    ...(options.readyTimeout ? { readyTimeout: options.readyTimeout } : {}),
  });
  const scope = new BrowserScope<B>(browser, session);
  try {
    const page = await scope.userPage();
    return { page, scope };
  } catch (error) {
    await scope.close().catch(() => {});
    throw error;
  }
}

class BrowserScope<B extends BrowserName> implements Scope<B> {
  private generation = 0;

  constructor(
    readonly browser: B,
    private readonly harness: HarnessSession,
  ) {}

  private async send(request: Request): Promise<Record<string, unknown>> {
    const reply = (await this.harness.send(request)) as { ok: boolean; error?: string } & Record<
      string,
      unknown
    >;
    if (!reply?.ok) {
      throw new ExtensionRequestError(`Sessionscope refused ${request.type}: ${reply?.error ?? 'no reply'}`);
    }
    return reply;
  }

  async sessions(site?: string): Promise<ObservedSession[]> {
    const reply = await this.send({ type: 'state/get' });
    const sites = reply.sites as ExportDocument['sites'];
    return sites
      .filter((s) => onSite(s.site, site))
      .flatMap((s) => s.sessions.map((session) => ({ ...session, site: s.site })))
      .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  }

  async session(cookieName: string, site?: string): Promise<ObservedSession> {
    const all = await this.sessions(site);
    const named = all.filter((s) => s.cookie.name === cookieName);
    const latest = named.at(-1);
    if (!latest) throw new CookieNotSeenError(cookieName, site, all);
    return latest;
  }

  async waitFor(cookieName: string, options: WaitForOptions = {}): Promise<ObservedSession> {
    const timeout = options.timeout ?? 15_000;
    const state = options.state ?? (options.reason ? 'ended' : undefined);
    const matches = (s: ObservedSession) =>
      s.cookie.name === cookieName &&
      (!state || s.state === state) &&
      (!options.reason || s.endReason === options.reason) &&
      (!options.where || options.where(s));
    const deadline = Date.now() + timeout;
    let all: ObservedSession[] = [];
    for (;;) {
      all = await this.sessions(options.site);
      const found = all.filter(matches).at(-1);
      if (found) return found;
      if (Date.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, Math.min(200, Math.max(0, deadline - Date.now()))));
    }
    const named = all.filter((s) => s.cookie.name === cookieName);
    if (named.length === 0) throw new CookieNotSeenError(cookieName, options.site, all);
    const wanted = [
      state ? `state ${state}` : '',
      options.reason ? `end reason ${options.reason}` : '',
      options.where ? 'the given condition' : '',
    ].filter(Boolean);
    throw new WaitTimeoutError(
      `a "${cookieName}" session with ${wanted.join(', ') || 'any state'}`,
      timeout,
      named,
    );
  }

  async setRules(rules: RulesUpdate): Promise<void> {
    await this.send({ type: 'rules/set', rules });
  }

  async capture(site: string): Promise<void> {
    await this.send({ type: 'capture/set', site: hostOf(site), captured: true });
  }

  export(format: 'json'): Promise<ExportDocument>;
  export(format: 'csv' | 'trace'): Promise<string>;
  async export(format: 'json' | 'csv' | 'trace'): Promise<ExportDocument | string> {
    return (await this.send({ type: 'export', format })).data as ExportDocument | string;
  }

  async restartBrowser(options: { restore?: boolean } = {}): Promise<BrowserPage<B>> {
    // Sessionscope's own tab must not come back with the user's tabs.
    for (const page of await this.ownPages()) await page.close().catch(() => {});
    this.generation += 1;
    await this.harness.restart(options.restore === undefined ? {} : { sessionRestore: options.restore });
    return this.userPage();
  }

  async pages(): Promise<BrowserPage<B>[]> {
    const pages = await this.tabs();
    return pages.filter((t) => !t.own).map((t) => this.guard(t.page.raw as BrowserPage<B>));
  }

  async close(): Promise<void> {
    this.generation += 1;
    await this.harness.close();
  }

  /** The page to drive: a restored web page first, else another tab that is not Sessionscope's, else a new one. */
  async userPage(): Promise<BrowserPage<B>> {
    const tabs = (await this.tabs()).filter((t) => !t.own);
    const web = tabs.find((t) => /^https?:/.test(t.url)) ?? tabs[0];
    const page = web?.page ?? (await this.harness.newPage());
    return this.guard(page.raw as BrowserPage<B>);
  }

  private async ownPages(): Promise<E2EPage[]> {
    return (await this.tabs()).filter((t) => t.own).map((t) => t.page);
  }

  private async tabs(): Promise<{ page: E2EPage; url: string; own: boolean }[]> {
    const pages = await this.harness.pages();
    return Promise.all(
      pages.map(async (page) => {
        // Firefox reports about:blank as the URL of extension pages: ask the document itself.
        const url = await withTimeout(page.location(), 5_000, 'location').catch(() =>
          (page.raw as { url(): string }).url(),
        );
        return { page, url, own: EXTENSION_URL.test(url) };
      }),
    );
  }

  /** The page as given, until a restart or close: from then on any use says why it cannot work. */
  private guard<P extends object>(page: P): P {
    const generation = this.generation;
    return new Proxy(page, {
      get: (target, property) => {
        if (this.generation !== generation && typeof property === 'string' && property !== 'then') {
          throw new StalePageError();
        }
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}
