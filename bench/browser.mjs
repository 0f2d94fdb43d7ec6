// Launching Chromium the same way for every arm: one persistent profile per browser under .tmp/bench.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { findBrowserPid } from './proc.mjs';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function removeDir(dir) {
  for (let i = 0; i < 5; i++) {
    try {
      rmSync(dir, { recursive: true, force: true });
      return;
    } catch {}
  }
}

/**
 * Launches a browser with `extension` (an unpacked directory) or none. Resolves once the extension's
 * worker has run its top-level script (events are lost before that). `reuseProfile`: start on the profile
 * a previous launch left (settings and granted permissions kept) instead of a new one.
 */
export async function launch(profileDir, extension, { reuseProfile = false } = {}) {
  const userDataDir = resolve(profileDir);
  if (!reuseProfile) removeDir(userDataDir);
  const args = [...FLAGS];
  if (extension) args.push(`--disable-extensions-except=${extension}`, `--load-extension=${extension}`);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: extension ? ['--disable-extensions'] : [],
    args,
    viewport: { width: 1280, height: 800 },
  });
  const pid = findBrowserPid(userDataDir);
  let worker = null;
  let extensionId = null;
  if (extension) {
    worker =
      context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    await worker.evaluate(() => true);
    extensionId = new URL(worker.url()).host;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    pid,
    worker,
    extensionId,
    userDataDir,
    version: context.browser()?.version() ?? null,
    close: async () => {
      await context.close().catch(() => {});
      removeDir(userDataDir);
    },
  };
}

/** Sends one message of the product's message API from one of its own pages. */
export async function sendMessage(extPage, message) {
  return extPage.evaluate((m) => chrome.runtime.sendMessage(m), message);
}

/** Opens an extension page (the popup by default) to talk to the worker through the message API. */
export async function openExtensionPage(b, path = 'src/popup/index.html') {
  const p = await b.context.newPage();
  await p.goto(`chrome-extension://${b.extensionId}/${path}`);
  return p;
}

/** Resolves with the number after "done " once the page logs it (the page's own performance.now()). */
export function waitForDone(page, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      page.off('console', onConsole);
      reject(new Error(`page not done within ${timeoutMs} ms`));
    }, timeoutMs);
    const onConsole = (msg) => {
      const text = msg.text();
      if (!text.startsWith('done ') && !text.startsWith('failed ')) return;
      clearTimeout(timer);
      page.off('console', onConsole);
      if (text.startsWith('failed ')) reject(new Error(text));
      else resolve(text);
    };
    page.on('console', onConsole);
  });
}
