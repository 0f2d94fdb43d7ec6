// Chromium through playwright-core, with the unpacked build loaded (recipe: chromium-e2e notes in the
// repository's docs of the harness, e2e/README.md).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Worker } from 'playwright-core';
import { labCertificate } from './django';
import type { Driver, DriverLaunch } from './driver';
import { ChromiumPage } from './page';
import { CHROMIUM_PATH, childTmpDir, DIST_CHROME } from './paths';
import { waitFor, withTimeout } from './wait';

/** Chromium's id for an unpacked extension: derived from its absolute path. */
export function unpackedExtensionId(dir: string): string {
  const hex = createHash('sha256').update(dir).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode('a'.charCodeAt(0) + Number.parseInt(c, 16))).join('');
}

/**
 * "Continue where you left off" (1) restores the tabs and, with them, session cookies; 5 (new tab page)
 * is Chromium's default. Third-party cookies: 0 allows them (1 blocks, 2 blocks in incognito only).
 * Written while the browser is closed: Chromium rewrites the file on exit.
 */
function writePreferences(profileDir: string, restore: boolean, allowThirdPartyCookies: boolean): void {
  const file = join(profileDir, 'Default', 'Preferences');
  let prefs: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      prefs = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      prefs = {};
    }
  }
  const session = (prefs.session as Record<string, unknown> | undefined) ?? {};
  session.restore_on_startup = restore ? 1 : 5;
  prefs.session = session;
  if (allowThirdPartyCookies) {
    prefs.profile = { ...(prefs.profile as Record<string, unknown> | undefined), cookie_controls_mode: 0 };
  }
  mkdirSync(join(profileDir, 'Default'), { recursive: true });
  writeFileSync(file, JSON.stringify(prefs));
}

/** A killed Chromium leaves its singleton lock behind; the next launch on the profile must not trip on it. */
function removeStaleLocks(profileDir: string): void {
  for (const name of ['SingletonLock', 'SingletonCookie', 'SingletonSocket']) {
    rmSync(join(profileDir, name), { force: true });
  }
}

export async function launchChromium(launch: DriverLaunch): Promise<Driver> {
  const extensionDir = launch.extensionDir ?? DIST_CHROME;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`no Chrome build at ${extensionDir}: run \`npm run build\` first`);
  }
  mkdirSync(launch.profileDir, { recursive: true });
  removeStaleLocks(launch.profileDir);
  writePreferences(launch.profileDir, launch.sessionRestore, launch.allowThirdPartyCookies ?? false);
  const context = await chromium.launchPersistentContext(launch.profileDir, {
    executablePath: launch.executablePath ?? CHROMIUM_PATH,
    headless: !launch.headed,
    // Playwright disables extensions by default; both flags are needed for the worker to appear.
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      // The lab site's https is trusted as a valid certificate would be (no interstitial, no error state).
      ...(launch.trustLabCertificate === false
        ? []
        : [`--ignore-certificate-errors-spki-list=${labCertificate().spkiSha256}`]),
      ...(launch.loopbackHosts?.length
        ? [`--host-resolver-rules=${launch.loopbackHosts.map((host) => `MAP ${host} 127.0.0.1`).join(', ')}`]
        : []),
      ...(launch.args ?? []),
    ],
    env: { ...process.env, TMPDIR: childTmpDir() },
    timeout: 90_000,
    viewport: { width: 1000, height: 700 },
  });
  const extensionId = unpackedExtensionId(extensionDir);
  const prefix = `chrome-extension://${extensionId}/`;
  const ours = (worker: Worker) => worker.url().startsWith(prefix);
  try {
    const worker =
      context.serviceWorkers().find(ours) ??
      (await context.waitForEvent('serviceworker', { predicate: ours, timeout: 30_000 }));
    // The worker is listed before its top-level script has run; events sent before are lost.
    await withTimeout(worker.evaluate('true'), 30_000, 'the service worker to start');
  } catch (error) {
    await context.close().catch(() => {});
    throw new Error(`Chromium started but the extension's service worker did not: ${String(error)}`);
  }
  return new ChromiumDriver(context, extensionId);
}

class ChromiumDriver implements Driver {
  readonly browserName = 'chromium' as const;

  constructor(
    readonly context: BrowserContext,
    readonly extensionId: string,
  ) {}

  get raw() {
    return { context: this.context };
  }

  extensionUrl(path: string): string {
    return `chrome-extension://${this.extensionId}/${path.replace(/^\//, '')}`;
  }

  async newPage(): Promise<ChromiumPage> {
    return new ChromiumPage(await this.context.newPage());
  }

  async pages(): Promise<ChromiumPage[]> {
    return this.context.pages().map((page) => new ChromiumPage(page));
  }

  pids(): number[] {
    return [];
  }

  async backgroundPresent(): Promise<boolean> {
    return this.context.serviceWorkers().some((w) => w.url().startsWith(this.extensionUrl('')));
  }

  async close(): Promise<void> {
    // As a user closes the window: tabs stay open, so a restore-on-startup profile keeps them and
    // their session cookies. (Closing the tabs first made Chromium drop session cookies.)
    await this.context.close();
  }

  async stopServiceWorker(): Promise<boolean> {
    const page = this.context.pages()[0] ?? (await this.context.newPage());
    const cdp = await this.context.newCDPSession(page);
    try {
      const workerTargets = async () => {
        const { targetInfos } = (await cdp.send('Target.getTargets')) as {
          targetInfos: { targetId: string; type: string; url: string }[];
        };
        return targetInfos.filter(
          (t) => t.type === 'service_worker' && t.url.startsWith(this.extensionUrl('')),
        );
      };
      const running = await workerTargets();
      if (running.length === 0) return true;
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await waitFor(async () => (await workerTargets()).length === 0, {
        timeout: 10_000,
        interval: 50,
        message: 'the service worker to stop',
      }).catch(async () => {
        for (const target of await workerTargets()) {
          await cdp.send('Target.closeTarget', { targetId: target.targetId });
        }
      });
      return true;
    } finally {
      await cdp.detach().catch(() => {});
    }
  }
}
