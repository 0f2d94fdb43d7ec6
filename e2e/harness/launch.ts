// The browser-agnostic session: launch either browser with the built extension, talk to its background,
// restart it on the same profile, stop its worker, kill it, and clean up after it.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Reply, Request } from '../../src/core/messages';
import { launchChromium } from './chromium';
import { installExitHook, killAndRemoveSync, type Resource, track, untrack } from './cleanup';
import type { BrowserName, Driver, DriverLaunch } from './driver';
import { launchFirefox } from './firefox';
import type { E2EPage } from './page';
import { ARTIFACTS, freshPath, ROOT } from './paths';
import { isAlive, killTree, killTreeSync, pidsMentioning, removeDir, withDescendants } from './processes';
import { delay, waitFor, withTimeout } from './wait';

export type { BrowserName } from './driver';

/** Browsers the suite runs in: both unless E2E_BROWSERS lists some (`E2E_BROWSERS=chromium`). */
export const BROWSERS: BrowserName[] = (process.env.E2E_BROWSERS ?? 'chromium,firefox')
  .split(',')
  .map((name) => name.trim())
  .filter((name): name is BrowserName => name === 'chromium' || name === 'firefox');

/** The extension page kept open to send runtime messages from (and opened by tests as "the popup"). */
export const POPUP_PATH = 'src/popup/index.html';
export const OPTIONS_PATH = 'src/options/index.html';

export interface LaunchOptions {
  /** Reuse (and keep) this profile folder; by default a fresh one under .tmp/e2e, deleted on close. */
  profileDir?: string;
  /** Restore the previous tabs (and session cookies) at the next start. Default false. */
  sessionRestore?: boolean;
  /** Firefox prefs, pinned at every launch (Chromium ignores them). */
  prefs?: Record<string, string | number | boolean>;
  /** Firefox: install into the profile so it survives restarts (default true); false = temporary add-on. */
  permanentInstall?: boolean;
  /** Show the window (needs a display). Default false. */
  headed?: boolean;
  /** Another build to load instead of dist/chrome or dist/firefox. */
  extensionDir?: string;
  /**
   * `test`: dist/chrome-test or dist/firefox-test, the shipped build with `webRequest` required, for tests
   * that need response headers without going through a grant. Default `shipped`. `extensionDir` wins.
   */
  build?: 'shipped' | 'test';
  /** Chromium: trust the Django lab site's certificate (default true; made with openssl on first use). */
  trustLabCertificate?: boolean;
  /** The browser binary instead of CHROMIUM_PATH or FIREFOX_PATH. */
  executablePath?: string;
  /** Extra command-line arguments for the browser. */
  args?: string[];
  /**
   * Host names the browser resolves to 127.0.0.1, e.g. LAB_HOSTS to reach the lab site as
   * app.example.test (Chromium: --host-resolver-rules; Firefox: network.dns.localDomains). Kept on restart.
   */
  loopbackHosts?: readonly string[];
  /**
   * Let cross-site requests carry cookies (SameSite=None; Secure ones), which both browsers' defaults
   * prevent here: Chromium blocks third-party cookies, Firefox partitions them by top-level site.
   * Chromium: `profile.cookie_controls_mode: 0`; Firefox: `network.cookie.cookieBehavior: 0`.
   */
  allowThirdPartyCookies?: boolean;
  /** How long to wait for the background to answer `status/get` (default 30 s). */
  readyTimeout?: number;
}

export interface RestartOptions {
  sessionRestore?: boolean;
  prefs?: Record<string, string | number | boolean>;
}

/** A cookie as the browser's cookies API reports it. */
export interface BrowserCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  session: boolean;
  expirationDate?: number;
  httpOnly: boolean;
  secure: boolean;
  sameSite: string;
  storeId: string;
}

export interface Session {
  readonly browserName: BrowserName;
  /** Chromium: the extension id; Firefox: the pinned moz-extension UUID. */
  readonly extensionId: string;
  readonly profileDir: string;
  /** Whether the background answered `status/get` with ok at the last (re)start. */
  readonly backgroundAnswers: boolean;
  /** Playwright context (Chromium) or puppeteer browser (Firefox) of the current run of the browser. */
  readonly raw: Driver['raw'];
  /** `chrome-extension://ID/path` or `moz-extension://UUID/path`. */
  extensionUrl(path: string): string;
  /** Opens a new tab, navigated to `url` when given. */
  newPage(url?: string): Promise<E2EPage>;
  /** Every open tab, including tabs the browser restored at startup (not only those from newPage). */
  pages(): Promise<E2EPage[]>;
  /** Sends a runtime message to the background from an extension page and returns its reply. */
  send<M extends Request>(message: M): Promise<Reply<M['type']>>;
  /** What the browser's cookie store holds (read through the extension's cookies API). */
  browserCookies(filter?: { domain?: string; name?: string; url?: string }): Promise<BrowserCookie[]>;
  /** Closes the browser as a user would (tabs open) and starts it again on the same profile. */
  restart(options?: RestartOptions): Promise<void>;
  /** Chromium: stops the extension's service worker (true once stopped). Firefox: false, nothing to stop. */
  stopServiceWorker(): Promise<boolean>;
  /** SIGKILLs the browser's whole process tree (a crash); `restart()` starts it again afterwards. */
  kill(): Promise<void>;
  /** Resolves when the browser has gone away by itself (the user closed its window, or it crashed). */
  waitForExit(timeout?: number): Promise<void>;
  /** Closes the browser and deletes the profile (unless it was given in `profileDir`). */
  close(): Promise<void>;
}

const live = new Set<BrowserSession>();

let beforeClose: ((session: Session & { openPages: Set<E2EPage> }) => Promise<void>) | undefined;
/** Runs before a session closes (setup.ts: screenshots when the current test has already failed). */
export function onBeforeSessionClose(hook: typeof beforeClose): void {
  beforeClose = hook;
}

export async function launch(browserName: BrowserName, options: LaunchOptions = {}): Promise<Session> {
  installExitHook();
  const session = new BrowserSession(browserName, options);
  track(session);
  live.add(session);
  try {
    await session.start(options.sessionRestore ?? false, options.prefs ?? {});
  } catch (error) {
    await session.close().catch(() => session.disposeSync());
    throw error;
  }
  return session;
}

/** Saves a screenshot of every open page of every live session into e2e/artifacts/. */
export async function screenshotLiveSessions(
  name: string,
  sessions: Iterable<Session & { openPages: Set<E2EPage> }> = live,
): Promise<string[]> {
  const saved: string[] = [];
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const session of sessions) {
    let n = 0;
    for (const page of session.openPages) {
      n += 1;
      const path = join(ARTIFACTS, `${safe}-${session.browserName}-${n}.png`);
      try {
        await withTimeout(page.screenshot(path), 10_000, 'screenshot');
        saved.push(path);
      } catch {
        // a dead page has nothing to show
      }
    }
  }
  return saved;
}

type TrackedPage = E2EPage & { onClose: (() => void) | undefined };

class BrowserSession implements Session, Resource {
  readonly profileDir: string;
  readonly openPages = new Set<E2EPage>();
  backgroundAnswers = false;
  private driver: Driver | undefined;
  private messenger: TrackedPage | undefined;
  private sessionRestore = false;
  private prefs: Record<string, string | number | boolean> = {};
  private readonly ownsProfile: boolean;
  private readonly uuid = randomUUID();
  private running = false;
  private closed = false;

  constructor(
    readonly browserName: BrowserName,
    private readonly options: LaunchOptions,
  ) {
    this.ownsProfile = !options.profileDir;
    this.profileDir = options.profileDir ?? freshPath(`profile-${browserName}`);
  }

  get label(): string {
    return `${this.browserName} session (${this.profileDir})`;
  }

  get extensionId(): string {
    return this.requireDriver().extensionId;
  }

  get raw(): Driver['raw'] {
    return this.requireDriver().raw;
  }

  extensionUrl(path: string): string {
    return this.requireDriver().extensionUrl(path);
  }

  async start(sessionRestore: boolean, prefs: Record<string, string | number | boolean>): Promise<void> {
    this.sessionRestore = sessionRestore;
    this.prefs = prefs;
    const launchOptions: DriverLaunch = {
      profileDir: this.profileDir,
      sessionRestore,
      headed: this.options.headed ?? false,
      prefs,
      permanentInstall: this.options.permanentInstall ?? true,
      uuid: this.uuid,
      ...(this.options.extensionDir
        ? { extensionDir: this.options.extensionDir }
        : this.options.build === 'test'
          ? {
              extensionDir: join(ROOT, `dist/${this.browserName === 'chromium' ? 'chrome' : 'firefox'}-test`),
            }
          : {}),
      ...(this.options.executablePath ? { executablePath: this.options.executablePath } : {}),
      ...(this.options.trustLabCertificate === false ? { trustLabCertificate: false } : {}),
      ...(this.options.args ? { args: this.options.args } : {}),
      ...(this.options.loopbackHosts ? { loopbackHosts: this.options.loopbackHosts } : {}),
      ...(this.options.allowThirdPartyCookies ? { allowThirdPartyCookies: true } : {}),
    };
    this.driver =
      this.browserName === 'chromium'
        ? await launchChromium(launchOptions)
        : await launchFirefox(launchOptions);
    this.running = true;
    this.messenger = undefined;
    this.openPages.clear();
    await this.waitUntilReady();
  }

  /**
   * Ready = the background answers `status/get` with ok, which it can only do once its listeners are
   * registered. Until a background implements that message, a present worker/background page after a
   * grace period counts as ready (backgroundAnswers stays false).
   */
  private async waitUntilReady(): Promise<void> {
    const started = Date.now();
    const timeout = this.options.readyTimeout ?? 30_000;
    const grace = Math.min(5_000, timeout);
    this.backgroundAnswers = false;
    await waitFor(
      async () => {
        try {
          const reply = await withTimeout(this.send({ type: 'status/get' }), 5_000, 'status/get');
          if (reply && (reply as { ok?: unknown }).ok === true) {
            this.backgroundAnswers = true;
            return true;
          }
        } catch {
          // not listening yet
        }
        return Date.now() - started >= grace && (await this.backgroundPresent());
      },
      {
        timeout,
        interval: 100,
        message: `the ${this.browserName} extension background to answer status/get`,
      },
    );
  }

  private async backgroundPresent(): Promise<boolean> {
    const driver = this.requireDriver();
    if (driver.browserName === 'chromium') return driver.backgroundPresent();
    const page = await this.messengerPage();
    return page.evaluate<boolean>(
      '(async () => { try { return !!(await browser.runtime.getBackgroundPage()); } catch { return false; } })()',
    );
  }

  private requireDriver(): Driver {
    if (!this.driver || this.closed) throw new Error(`${this.label} is closed`);
    return this.driver;
  }

  private requireRunning(): Driver {
    const driver = this.requireDriver();
    if (!this.running) throw new Error(`${this.label} is not running (killed or closed): call restart()`);
    return driver;
  }

  async newPage(url?: string): Promise<E2EPage> {
    const page = await this.requireRunning().newPage();
    this.openPages.add(page);
    page.onClose = () => this.openPages.delete(page);
    if (url) await page.goto(url);
    return page;
  }

  pages(): Promise<E2EPage[]> {
    return this.requireRunning().pages();
  }

  private async messengerPage(): Promise<TrackedPage> {
    if (this.messenger) {
      const alive = await withTimeout(this.messenger.evaluate<boolean>('true'), 5_000, 'ping').catch(
        () => false,
      );
      if (alive) return this.messenger;
    }
    const page = (await this.newPage(this.extensionUrl(POPUP_PATH))) as TrackedPage;
    this.messenger = page;
    return page;
  }

  async send<M extends Request>(message: M): Promise<Reply<M['type']>> {
    const page = await this.messengerPage();
    // Across as JSON: over WebDriver BiDi, Firefox hands back an object the reply holds twice (a session's
    // `decoded` and its last `decodedHistory` entry) only the first time, the second as undefined.
    const code = `(globalThis.browser ?? globalThis.chrome).runtime.sendMessage(${JSON.stringify(message)}).then((reply) => JSON.stringify(reply))`;
    const text = await page.evaluate<string | undefined>(code);
    return (text === undefined ? undefined : JSON.parse(text)) as Reply<M['type']>;
  }

  async browserCookies(
    filter: { domain?: string; name?: string; url?: string } = {},
  ): Promise<BrowserCookie[]> {
    const page = await this.messengerPage();
    return page.evaluate<BrowserCookie[]>(
      `(globalThis.browser ?? globalThis.chrome).cookies.getAll(${JSON.stringify(filter)})`,
    );
  }

  async restart(options: RestartOptions = {}): Promise<void> {
    if (this.running) await this.closeBrowser();
    await this.start(options.sessionRestore ?? this.sessionRestore, {
      ...this.prefs,
      ...(options.prefs ?? {}),
    });
  }

  /** Graceful close, then waits until no process of this profile remains (the profile is locked until then). */
  private async closeBrowser(): Promise<void> {
    const driver = this.requireDriver();
    const roots = [...driver.pids(), ...pidsMentioning(this.profileDir)];
    const tree = withDescendants(roots);
    this.running = false;
    this.messenger = undefined;
    this.openPages.clear();
    try {
      await withTimeout(driver.close(), 30_000, `closing ${this.browserName}`);
    } catch (error) {
      console.warn(`${this.label}: graceful close failed, killing it: ${String(error)}`);
    }
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && tree.some(isAlive)) await delay(50);
    const left = pidsMentioning(this.profileDir);
    if (left.length > 0) await killTree(left);
  }

  async stopServiceWorker(): Promise<boolean> {
    return this.requireRunning().stopServiceWorker();
  }

  async kill(): Promise<void> {
    const driver = this.requireDriver();
    this.running = false;
    this.messenger = undefined;
    this.openPages.clear();
    await killTree([...driver.pids(), ...pidsMentioning(this.profileDir)]);
    // Let Playwright/puppeteer notice the disconnect before anything touches them again.
    await withTimeout(driver.close(), 5_000, 'detaching').catch(() => {});
  }

  async waitForExit(timeout = 2 ** 31 - 1): Promise<void> {
    const driver = this.requireDriver();
    const roots = [...driver.pids(), ...pidsMentioning(this.profileDir)];
    await waitFor(() => !roots.some(isAlive) && pidsMentioning(this.profileDir).length === 0, {
      timeout,
      interval: 250,
      message: `${this.browserName} to exit`,
    });
    this.running = false;
    this.messenger = undefined;
    this.openPages.clear();
    await withTimeout(driver.close(), 5_000, 'detaching').catch(() => {});
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.running && beforeClose) await beforeClose(this).catch(() => {});
    try {
      if (this.running && this.driver) await this.closeBrowser();
    } finally {
      this.closed = true;
      live.delete(this);
      untrack(this);
      if (this.ownsProfile) await removeDir(this.profileDir);
    }
  }

  dispose(): Promise<void> {
    return this.close();
  }

  disposeSync(): void {
    this.closed = true;
    live.delete(this);
    if (this.ownsProfile) killAndRemoveSync(this.profileDir);
    else killTreeSync(pidsMentioning(this.profileDir));
  }
}
