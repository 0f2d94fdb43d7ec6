// Firefox ESR for the page-load arms, driven as the e2e harness drives it: puppeteer-core over WebDriver
// BiDi, the extension installed as a temporary add-on. The same small interface as bench/cdp.mjs
// (load, sendMessage, openTab, close), so an arm does not care which browser it runs in.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import puppeteer from 'puppeteer-core';

export const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

async function until(fn, { timeoutMs, what }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** A tab as bench/cdp.mjs gives one: evaluate, call a function with arguments, navigate, click, close. */
function tabOf(page) {
  const frame = page.mainFrame();
  return {
    evaluate: (expression) => page.evaluate(expression),
    call: (fn, ...args) => page.evaluate(fn, ...args),
    /** page.goto() never resolves on moz-extension pages over BiDi: navigate, then wait for the document. */
    async navigate(url, timeoutMs = 30_000) {
      await frame.browsingContext.navigate(url, 'none');
      await until(
        async () =>
          (await page.evaluate((u) => location.href === u && document.readyState === 'complete', url)) ||
          null,
        { timeoutMs, what: `${url} did not load` },
      );
    },
    /** A trusted click (BiDi input actions give user activation). */
    click: (selector) => page.click(selector),
    close: async () => {
      if (!page.isClosed()) await page.close().catch(() => {});
    },
  };
}

/**
 * Launches Firefox ESR with `extension` (an unpacked directory with a gecko id) or none. Network events
 * stay off: puppeteer would otherwise subscribe to every request and buffer every response, which costs
 * each load in every arm and dilutes the ratios (as Playwright's request events did in Chromium).
 */
export async function launchFirefox(profileDir, extension) {
  const userDataDir = resolve(profileDir);
  rmSync(userDataDir, { recursive: true, force: true });
  mkdirSync(userDataDir, { recursive: true });
  const geckoId = extension
    ? JSON.parse(readFileSync(join(extension, 'manifest.json'), 'utf8')).browser_specific_settings?.gecko?.id
    : null;
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    protocol: 'webDriverBiDi',
    userDataDir,
    networkEnabled: false,
    // Needed to open and script moz-extension pages over BiDi.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      ...(geckoId ? { 'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }) } : {}),
      // A permission request from a real click is granted without a doorhanger nobody could answer.
      'extensions.webextOptionalPermissionPrompts': false,
      'network.http.http3.enable': false,
      'browser.startup.page': 0,
    },
    env: { ...process.env },
    timeout: 90_000,
    protocolTimeout: 90_000,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    defaultViewport: { width: 1280, height: 800 },
  });
  let closed = false;
  try {
    if (extension) await browser.installExtension(resolve(extension));
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    // One console listener for the benchmark pages' "done <ms>" / "failed …" line.
    let waiter = null;
    page.on('console', (msg) => {
      const text = msg.text();
      if (waiter && /^(done|failed) /.test(text)) waiter(text);
    });
    const extensionUrl = (path) => `moz-extension://${uuid}/${path.replace(/^\//, '')}`;
    const openTab = async (url) => {
      const p = await browser.newPage();
      const tab = tabOf(p);
      try {
        await tab.navigate(url);
      } catch (e) {
        await tab.close();
        throw e;
      }
      return tab;
    };
    // installExtension resolves once the add-on has started; its background may still be loading: the
    // warm-up round of the page loads absorbs that, as the worker's start does in Chromium.
    return {
      browser: 'firefox',
      pid: browser.process()?.pid ?? null,
      extensionId: extension ? uuid : null,
      version: await browser.version(),
      userDataDir,
      openTab,
      extensionUrl,
      evaluateInPage: (expression) => page.evaluate(expression),
      /** Navigates the benchmark tab and resolves with the page's "done <ms>" console text. */
      async load(url, timeoutMs = 60_000) {
        const done = new Promise((resolveDone, reject) => {
          const timer = setTimeout(() => {
            waiter = null;
            reject(new Error(`page not done within ${timeoutMs} ms`));
          }, timeoutMs);
          waiter = (text) => {
            clearTimeout(timer);
            waiter = null;
            if (text.startsWith('failed ')) reject(new Error(text));
            else resolveDone(text);
          };
        });
        await page.mainFrame().browsingContext.navigate(url, 'none');
        return done;
      },
      /** One message of the product's message API, sent from its popup page. */
      async sendMessage(message, pagePath = 'src/popup/index.html') {
        const tab = await openTab(extensionUrl(pagePath));
        try {
          return await tab.call((m) => globalThis.browser.runtime.sendMessage(m), message);
        } finally {
          await tab.close();
        }
      },
      async close() {
        if (closed) return;
        closed = true;
        await Promise.race([browser.close().catch(() => {}), sleep(10_000)]);
        const proc = browser.process();
        if (proc && proc.exitCode === null) proc.kill('SIGKILL');
        rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    closed = true;
    await browser.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
}
