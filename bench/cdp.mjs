// A minimal Chrome DevTools Protocol driver over --remote-debugging-pipe, for the page-load arms.
// Playwright reports every request of a page it drives (several protocol events per request, built in the
// browser process and parsed in Node), which adds CPU to every load of every arm: it dilutes the ratios
// and makes 30 loads per arm not fit in 10 minutes on 2 cores. This driver enables only what a load
// needs (page lifecycle and console), so the browser does the page's own work and the extension's.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CHROMIUM, FLAGS } from './browser.mjs';

class Connection {
  constructor(write, read) {
    this.write = write;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = new Set();
    let buffer = '';
    read.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end = buffer.indexOf('\0');
      while (end !== -1) {
        const msg = JSON.parse(buffer.slice(0, end));
        buffer = buffer.slice(end + 1);
        end = buffer.indexOf('\0');
        if (msg.id !== undefined) {
          const p = this.pending.get(msg.id);
          this.pending.delete(msg.id);
          if (msg.error) p?.reject(new Error(`${p.method}: ${msg.error.message}`));
          else p?.resolve(msg.result);
        } else for (const l of this.listeners) l(msg);
      }
    });
    read.on('close', () => {
      for (const p of this.pending.values()) p.reject(new Error('browser closed'));
      this.pending.clear();
    });
  }

  /** One command; rejects after `timeoutMs` so a page that never answers cannot hang the run. */
  send(method, params = {}, sessionId = undefined, timeoutMs = 90_000) {
    const id = this.nextId++;
    const msg = { id, method, params, ...(sessionId ? { sessionId } : {}) };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const settle = (fn) => (v) => {
        clearTimeout(timer);
        fn(v);
      };
      this.pending.set(id, { resolve: settle(resolve), reject: settle(reject), method });
      this.write.write(`${JSON.stringify(msg)}\0`);
    });
  }

  /** Resolves with the first event for which `match(msg)` is true. */
  waitFor(match, timeoutMs) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(on);
        reject(new Error(`no matching protocol event within ${timeoutMs} ms`));
      }, timeoutMs);
      const on = (msg) => {
        if (!match(msg)) return;
        clearTimeout(timer);
        this.listeners.delete(on);
        resolve(msg);
      };
      this.listeners.add(on);
    });
  }
}

async function attach(conn, targetId) {
  const { sessionId } = await conn.send('Target.attachToTarget', { targetId, flatten: true });
  return sessionId;
}

async function evaluate(conn, sessionId, expression, timeoutMs = undefined) {
  const r = await conn.send(
    'Runtime.evaluate',
    { expression, awaitPromise: true, returnByValue: true },
    sessionId,
    timeoutMs,
  );
  if (r.exceptionDetails)
    throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
  return r.result.value;
}

async function callFunction(conn, sessionId, fn, args, timeoutMs = undefined) {
  const { result: global } = await conn.send(
    'Runtime.evaluate',
    { expression: 'globalThis', returnByValue: false },
    sessionId,
  );
  const r = await conn.send(
    'Runtime.callFunctionOn',
    {
      functionDeclaration: String(fn),
      objectId: global.objectId,
      arguments: args.map((value) => ({ value })),
      awaitPromise: true,
      returnByValue: true,
    },
    sessionId,
    timeoutMs,
  );
  if (r.exceptionDetails)
    throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
  return r.result.value;
}

/**
 * Launches Chromium with `extension` (unpacked dir) or none; one tab ready to navigate. The profile is
 * new unless `reuseProfile` (a relaunch on the same profile, as after granting a permission).
 */
export async function launchRaw(profileDir, extension, { reuseProfile = false } = {}) {
  const userDataDir = resolve(profileDir);
  if (!reuseProfile) rmSync(userDataDir, { recursive: true, force: true });
  const args = [
    ...FLAGS,
    '--headless',
    // As Playwright does when it runs as root (it is root on these machines).
    '--no-sandbox',
    '--no-default-browser-check',
    '--disable-dev-shm-usage',
    '--mute-audio',
    '--hide-scrollbars',
    '--remote-debugging-pipe',
    `--user-data-dir=${userDataDir}`,
    '--window-size=1280,800',
  ];
  if (extension) args.push(`--disable-extensions-except=${extension}`, `--load-extension=${extension}`);
  else args.push('--disable-extensions');
  args.push('about:blank');
  const proc = spawn(CHROMIUM, args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
  const conn = new Connection(proc.stdio[3], proc.stdio[4]);
  const { product } = await conn.send('Browser.getVersion');
  await conn.send('Target.setDiscoverTargets', { discover: true });

  let extensionId = null;
  if (extension) {
    // The worker must have run its top-level script before the first load, or early events are lost.
    const deadline = Date.now() + 15_000;
    let sw = null;
    while (!sw && Date.now() < deadline) {
      const { targetInfos } = await conn.send('Target.getTargets');
      sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
      if (!sw) await sleep(50);
    }
    if (!sw) throw new Error('the extension worker did not start');
    extensionId = new URL(sw.url).host;
    const s = await attach(conn, sw.targetId);
    // A worker whose top-level script threw never answers.
    await evaluate(conn, s, 'true', 15_000);
    await conn.send('Target.detachFromTarget', { sessionId: s });
  }

  const { targetInfos } = await conn.send('Target.getTargets');
  const tab = targetInfos.find((t) => t.type === 'page');
  const sessionId = await attach(conn, tab.targetId);
  await conn.send('Page.enable', {}, sessionId);
  await conn.send('Runtime.enable', {}, sessionId);

  const workerTargets = async () => {
    const { targetInfos: all } = await conn.send('Target.getTargets');
    return all.filter(
      (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
    );
  };

  /**
   * A new tab on `url`, attached. `initScript` runs in every document before the page's own scripts.
   * The tab is created blank and navigated once the script is installed, so it sees the first document.
   */
  async function openTab(url, { initScript = null, waitForLoad = true, timeoutMs = 30_000 } = {}) {
    const { targetId } = await conn.send('Target.createTarget', { url: 'about:blank' });
    const s = await attach(conn, targetId);
    const tabApi = {
      targetId,
      sessionId: s,
      evaluate: (expression) => evaluate(conn, s, expression),
      call: (fn, ...args) => callFunction(conn, s, fn, args),
      /** Navigates and resolves once the new document is complete. */
      async navigate(to) {
        const nav = await conn.send('Page.navigate', { url: to }, s);
        if (nav.errorText) throw new Error(`navigation to ${to} failed: ${nav.errorText}`);
        if (!waitForLoad) return;
        const deadline = Date.now() + timeoutMs;
        while (Date.now() < deadline) {
          const state = await evaluate(conn, s, 'location.href + " " + document.readyState').catch(() => '');
          if (state === `${to} complete`) return;
          await sleep(20);
        }
        throw new Error(`${to} did not finish loading within ${timeoutMs} ms`);
      },
      /** A trusted click (user activation) in the middle of the first element matching `selector`. */
      async click(selector) {
        const box = await callFunction(
          conn,
          s,
          (sel) => {
            const r = document.querySelector(sel)?.getBoundingClientRect();
            return r ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : null;
          },
          [selector],
        );
        if (!box) throw new Error(`nothing to click at ${selector}`);
        for (const type of ['mouseMoved', 'mousePressed', 'mouseReleased'])
          await conn.send(
            'Input.dispatchMouseEvent',
            {
              type,
              x: box.x,
              y: box.y,
              button: 'left',
              buttons: type === 'mousePressed' ? 1 : 0,
              clickCount: 1,
            },
            s,
          );
      },
      close: () => conn.send('Target.closeTarget', { targetId }).catch(() => {}),
    };
    try {
      await conn.send('Page.enable', {}, s);
      await conn.send('Runtime.enable', {}, s);
      if (initScript)
        await conn.send('Page.addScriptToEvaluateOnNewDocument', { source: `(${initScript})();` }, s);
      await tabApi.navigate(url);
    } catch (e) {
      await tabApi.close();
      throw e;
    }
    return tabApi;
  }

  return {
    browser: 'chromium',
    pid: proc.pid,
    extensionId,
    version: product,
    userDataDir,
    openTab,
    extensionUrl: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    /** Whether the extension's service worker is running now. */
    async workerRunning() {
      return (await workerTargets()).length > 0;
    },
    /**
     * Stops the extension's service worker (as the browser does after 30 s idle) and waits until it is
     * gone. An event already on its way (a tab just closed) starts it again at once: stop until it stays.
     */
    async stopWorker(timeoutMs = 15_000) {
      await conn.send('ServiceWorker.enable', {}, sessionId);
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        await conn.send('ServiceWorker.stopAllWorkers', {}, sessionId);
        const settled = Date.now() + 1000;
        while (Date.now() < settled) {
          if ((await workerTargets()).length === 0) return;
          await sleep(20);
        }
      }
      throw new Error('the extension worker did not stop');
    },
    /** Runs `expression` in the tab that loads the benchmark pages. */
    evaluateInPage: (expression) => evaluate(conn, sessionId, expression),
    /** Navigates and resolves with the page's "done <ms>" console text. */
    async load(url, timeoutMs = 60_000) {
      const done = conn.waitFor(
        (m) =>
          m.sessionId === sessionId &&
          m.method === 'Runtime.consoleAPICalled' &&
          /^(done|failed) /.test(String(m.params.args?.[0]?.value ?? '')),
        timeoutMs,
      );
      const nav = await conn.send('Page.navigate', { url }, sessionId);
      if (nav.errorText) throw new Error(`navigation failed: ${nav.errorText}`);
      const msg = await done;
      const text = String(msg.params.args[0].value);
      if (text.startsWith('failed ')) throw new Error(text);
      return text;
    },
    /** One message of the product's message API, sent from its popup page. */
    async sendMessage(message, pagePath = 'src/popup/index.html') {
      const tab = await openTab(`chrome-extension://${extensionId}/${pagePath}`);
      try {
        // A worker that failed to start never answers: 30 s is far beyond any real reply.
        return await callFunction(
          conn,
          tab.sessionId,
          (m) => chrome.runtime.sendMessage(m),
          [message],
          30_000,
        );
      } finally {
        await tab.close();
      }
    },
    /** Closes the browser; the profile is removed unless `keepProfile` (to relaunch on it). */
    async close({ keepProfile = false } = {}) {
      await conn.send('Browser.close').catch(() => {});
      const exited = new Promise((r) => proc.once('exit', r));
      await Promise.race([exited, sleep(5000)]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
      if (keepProfile) return;
      for (let i = 0; i < 5; i++) {
        try {
          rmSync(userDataDir, { recursive: true, force: true });
          break;
        } catch {
          await sleep(200);
        }
      }
    },
  };
}
