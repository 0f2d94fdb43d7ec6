// What each browser backend provides to the browser-agnostic Session (launch.ts).
import type { BrowserContext } from 'playwright-core';
import type { Browser as PuppeteerBrowser } from 'puppeteer-core';
import type { E2EPage } from './page';

export type BrowserName = 'chromium' | 'firefox';

export interface DriverLaunch {
  profileDir: string;
  sessionRestore: boolean;
  headed: boolean;
  /** Firefox prefs, applied at every launch. */
  prefs: Record<string, string | number | boolean>;
  /** Firefox: installed into the profile (survives restarts) rather than as a temporary add-on. */
  permanentInstall: boolean;
  /** Firefox: the moz-extension UUID to pin. */
  uuid: string;
  extensionDir?: string;
  /** Chromium: trust the lab site's certificate (made with openssl on first use). Default true. */
  trustLabCertificate?: boolean;
  /** The browser binary; default CHROMIUM_PATH or FIREFOX_PATH (paths.ts). */
  executablePath?: string;
  args?: string[];
  /** Host names the browser resolves to 127.0.0.1. */
  loopbackHosts?: readonly string[];
  /** Send cookies in cross-site requests (SameSite=None) instead of the browser's default blocking. */
  allowThirdPartyCookies?: boolean;
}

export interface Driver {
  readonly browserName: BrowserName;
  /** Chromium: the extension id; Firefox: the pinned moz-extension UUID. */
  readonly extensionId: string;
  readonly raw: { context?: BrowserContext; browser?: PuppeteerBrowser };
  extensionUrl(path: string): string;
  newPage(): Promise<E2EPage & { onClose: (() => void) | undefined }>;
  /** Every open tab, including those the browser restored at startup. */
  pages(): Promise<E2EPage[]>;
  /** Processes known to belong to this browser, besides those that name its profile. */
  pids(): number[];
  backgroundPresent(): Promise<boolean>;
  close(): Promise<void>;
  stopServiceWorker(): Promise<boolean>;
}
