// Firefox ESR through puppeteer-core over WebDriver BiDi (no geckodriver is available here).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import puppeteer, { type Browser } from 'puppeteer-core';
import type { Driver, DriverLaunch } from './driver';
import { FirefoxPage } from './page';
import { childTmpDir, DIST_FIREFOX, FIREFOX_PATH, GECKO_ID } from './paths';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The build as an .xpi (a zip with manifest.json at its root). */
function writeXpi(dir: string, xpi: string): void {
  const entries: Record<string, Uint8Array> = {};
  for (const file of filesUnder(dir)) entries[relative(dir, file)] = readFileSync(file);
  writeFileSync(xpi, zipSync(entries, { level: 1 }));
}

/**
 * A permanent install is an xpi named after the add-on id in the profile's extensions folder, dropped
 * in before the profile's first launch (later, Firefox treats it as an update or ignores its permissions).
 */
function installIntoProfile(profileDir: string, extensionDir: string): void {
  const xpi = join(profileDir, 'extensions', `${GECKO_ID}.xpi`);
  if (existsSync(xpi)) return;
  if (existsSync(join(profileDir, 'prefs.js'))) {
    // The profile ran before: make Firefox rescan its add-ons.
    rmSync(join(profileDir, 'addonStartup.json.lz4'), { force: true });
  }
  mkdirSync(join(profileDir, 'extensions'), { recursive: true });
  writeXpi(extensionDir, xpi);
}

function removeStaleLocks(profileDir: string): void {
  for (const name of ['lock', '.parentlock']) rmSync(join(profileDir, name), { force: true });
}

export async function launchFirefox(launch: DriverLaunch): Promise<Driver> {
  const extensionDir = launch.extensionDir ?? DIST_FIREFOX;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`no Firefox build at ${extensionDir}: run \`npm run build\` first`);
  }
  mkdirSync(launch.profileDir, { recursive: true });
  removeStaleLocks(launch.profileDir);
  if (launch.permanentInstall) installIntoProfile(launch.profileDir, extensionDir);
  // puppeteer puts its own prefs.js back on close, so every pref is given again at every launch.
  const prefs: Record<string, string | number | boolean> = {
    'xpinstall.signatures.required': false,
    'extensions.autoDisableScopes': 0,
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: launch.uuid }),
    'extensions.webextOptionalPermissionPrompts': false,
    // 3 = open previous windows and tabs (restores session cookies too), 0 = blank page.
    'browser.startup.page': launch.sessionRestore ? 3 : 0,
    'network.http.http3.enable': false,
    ...(launch.loopbackHosts?.length ? { 'network.dns.localDomains': launch.loopbackHosts.join(',') } : {}),
    ...(launch.allowThirdPartyCookies ? { 'network.cookie.cookieBehavior': 0 } : {}),
    ...launch.prefs,
  };
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: launch.executablePath ?? FIREFOX_PATH,
    headless: !launch.headed,
    protocol: 'webDriverBiDi',
    // The lab site's self-signed https (Firefox has no per-certificate switch reachable from here).
    acceptInsecureCerts: true,
    userDataDir: launch.profileDir,
    // Needed to open and script moz-extension pages over BiDi.
    args: ['--remote-allow-system-access', ...(launch.args ?? [])],
    extraPrefsFirefox: prefs,
    env: { ...process.env, TMPDIR: childTmpDir() },
    timeout: 90_000,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    defaultViewport: { width: 1000, height: 700 },
  });
  try {
    if (!launch.permanentInstall) await browser.installExtension(extensionDir);
  } catch (error) {
    await browser.close().catch(() => {});
    throw new Error(`Firefox could not install the add-on from ${extensionDir}: ${String(error)}`);
  }
  return new FirefoxDriver(browser, launch.uuid);
}

class FirefoxDriver implements Driver {
  readonly browserName = 'firefox' as const;

  constructor(
    readonly browser: Browser,
    readonly extensionId: string,
  ) {}

  get raw() {
    return { browser: this.browser };
  }

  extensionUrl(path: string): string {
    return `moz-extension://${this.extensionId}/${path.replace(/^\//, '')}`;
  }

  async newPage(): Promise<FirefoxPage> {
    return new FirefoxPage(await this.browser.newPage());
  }

  async pages(): Promise<FirefoxPage[]> {
    return (await this.browser.pages()).map((page) => new FirefoxPage(page));
  }

  pids(): number[] {
    const pid = this.browser.process()?.pid;
    return pid ? [pid] : [];
  }

  async backgroundPresent(): Promise<boolean> {
    // The background is not a BiDi target; an extension page can reach it (see launch.ts).
    return false;
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  async stopServiceWorker(): Promise<boolean> {
    // Firefox runs an event page, not a service worker; nothing to stop.
    return false;
  }
}
