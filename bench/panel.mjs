// The DevTools Sessions panel: how soon a change reaches it, and what an open panel costs the background.
//
// Push latency: a tab on a local site gets a new session cookie from a response; the panel page (opened
// for that tab as tests open it, `?tabId=`) records when the push that carries it is in its DOM. From
// the response's first byte (the tab's Resource Timing) to that moment, both on the same clock
// (`performance.timeOrigin + performance.now()`). Changes are spaced beyond the push interval, so this
// is the latency of a change after a quiet moment; a burst is coalesced into one push per interval.
//
// Cost: the heavy page (50 cookie writes a load) loads in a tab with no panel, with the panel following
// that tab and shown, and with it hidden, in interleaved rounds. Per load, the CPU of the extension's
// service-worker thread (the background; /proc thread times) and of the whole extension process (the
// panel page renders there too), read once the background has settled after the load.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { launch, waitForDone } from './browser.mjs';
import { processTree, threadsNamed, treeCpuMs } from './proc.mjs';
import { round, summary } from './stats.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Past the background's push interval (250 ms) and its 250 ms store batch: the load's work is done. */
const SETTLE_MS = 700;

function extensionPid(rootPid) {
  for (const pid of processTree(rootPid)) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--extension-process')) return pid;
    } catch {}
  }
  return null;
}

/** A site whose /login sets a fresh Django-shaped session id, so each response is a session change. */
function startSessionSite() {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const key = () => Array.from({ length: 32 }, () => alphabet[Math.floor(Math.random() * 36)]).join('');
  const server = createServer((req, res) => {
    const headers = { 'Cache-Control': 'no-store', 'Content-Type': 'text/plain' };
    if (req.url?.startsWith('/login'))
      headers['Set-Cookie'] = `sessionid=${key()}; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax`;
    res.writeHead(200, headers);
    res.end('ok');
  });
  return new Promise((resolve) => {
    server.listen({ port: 0, host: '127.0.0.1' }, () =>
      resolve({
        origin: `http://127.0.0.1:${server.address().port}`,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    );
  });
}

async function tabIdOf(extPage, urlPrefix) {
  for (let i = 0; i < 50; i++) {
    const id = await extPage.evaluate(
      (prefix) =>
        chrome.tabs.query({}).then((tabs) => tabs.find((t) => (t.url ?? '').startsWith(prefix))?.id ?? null),
      urlPrefix,
    );
    if (id !== null) return id;
    await sleep(100);
  }
  throw new Error(`no tab on ${urlPrefix}`);
}

/** Records, in the panel page, the moment each push's state is in the DOM (its `data-pushes` count). */
function pushClock() {
  window.__pushAt = {};
  const note = () => {
    const root = document.querySelector('.panel');
    const n = Number(root?.dataset.pushes ?? 0);
    if (n > 0 && window.__pushAt[n] === undefined)
      window.__pushAt[n] = performance.timeOrigin + performance.now();
  };
  new MutationObserver(note).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-pushes'],
  });
}

async function openPanel(b, tabId) {
  const panel = await b.context.newPage();
  await panel.addInitScript(pushClock);
  await panel.goto(`chrome-extension://${b.extensionId}/src/devtools/panel.html?tabId=${tabId}`);
  await panel.waitForFunction(() => Number(document.querySelector('.panel')?.dataset.pushes ?? 0) > 0, null, {
    timeout: 30_000,
  });
  return panel;
}

const setShown = (panel, tabId, shown) =>
  panel.evaluate(
    ([id, type]) => new BroadcastChannel(`sessionscope-panel-${id}`).postMessage({ type }),
    [tabId, shown ? 'shown' : 'hidden'],
  );

export async function runPanel({ ext, origin, profilesDir, pushes, loads, log }) {
  const b = await launch(`${profilesDir}/panel`, ext);
  const site = await startSessionSite();
  try {
    const ctl = await b.context.newPage();
    await ctl.goto(`chrome-extension://${b.extensionId}/src/popup/index.html?all=1`);

    // ── push latency ──
    await b.page.goto(`${site.origin}/`);
    const siteTab = await tabIdOf(ctl, site.origin);
    const panel = await openPanel(b, siteTab);
    const latencies = [];
    for (let i = 0; i < pushes + 1; i++) {
      const count = await panel.evaluate(() => Number(document.querySelector('.panel').dataset.pushes));
      const responseAt = await b.page.evaluate(async (n) => {
        const url = `${location.origin}/login?n=${n}`;
        await (await fetch(url)).text();
        const entry = performance.getEntriesByName(url).at(-1);
        return performance.timeOrigin + (entry?.responseStart || entry?.responseEnd || performance.now());
      }, i);
      await panel.waitForFunction((n) => window.__pushAt[n + 1] !== undefined, count, { timeout: 10_000 });
      const pushedAt = await panel.evaluate((n) => window.__pushAt[n + 1], count);
      // The first change warms the panel's code paths: left out, as the popup bench leaves its first open.
      if (i > 0) latencies.push(pushedAt - responseAt);
      await sleep(400);
    }
    await panel.close();
    const lat = summary(latencies);
    const sorted = [...latencies].sort((a, b) => a - b);
    const p99 = sorted.length
      ? sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]
      : null;
    log(
      `  push latency, response to rendered change: p50 ${round(lat.median, 1)} ms, p99 ${round(p99, 1)} ms (${lat.n} changes)`,
    );

    // ── cost of an open panel during heavy page loads ──
    const ext = extensionPid(b.pid);
    if (ext === null) throw new Error('no extension process found');
    const workerCpu = () => threadsNamed(ext, 'ServiceWorker').reduce((sum, t) => sum + t.cpuMs, 0);
    if (threadsNamed(ext, 'ServiceWorker').length === 0)
      log('  note: no thread named ServiceWorker*: worker CPU not separable');
    await b.page.goto(`${origin}/blank`);
    const heavyTab = await tabIdOf(ctl, origin);
    const arms = { closed: [], shown: [], hidden: [] };
    const procArms = { closed: [], shown: [], hidden: [] };
    let run = 0;
    const load = async (arm) => {
      const done = waitForDone(b.page, 60_000);
      const w0 = workerCpu();
      const p0 = treeCpuMs(ext);
      await b.page.goto(`${origin}/page/heavy?r=${run++}`);
      await done;
      await sleep(SETTLE_MS);
      arms[arm].push(workerCpu() - w0);
      procArms[arm].push(treeCpuMs(ext) - p0);
    };
    // A warm-up load, then rounds: each arm in turn, so drift hits them alike.
    await load('closed');
    arms.closed.length = 0;
    procArms.closed.length = 0;
    for (let round_ = 0; round_ < loads; round_++) {
      await load('closed');
      const p = await openPanel(b, heavyTab);
      await load('shown');
      await setShown(p, heavyTab, false);
      await p.waitForFunction(() => document.querySelector('.panel').dataset.shown === 'false');
      await load('hidden');
      await p.close();
    }
    const s = (xs) => summary(xs);
    const cost = {
      workerCpuMsPerLoad: { closed: s(arms.closed), shown: s(arms.shown), hidden: s(arms.hidden) },
      extensionProcessCpuMsPerLoad: {
        closed: s(procArms.closed),
        shown: s(procArms.shown),
        hidden: s(procArms.hidden),
      },
    };
    const paired = (a, c) => summary(a.map((x, i) => x - c[i]));
    cost.workerShownMinusClosedMs = paired(arms.shown, arms.closed);
    cost.workerHiddenMinusClosedMs = paired(arms.hidden, arms.closed);
    const w = cost.workerCpuMsPerLoad;
    log(
      `  heavy page, background (worker thread) CPU per load, median: no panel ${w.closed.median} ms, panel shown ${w.shown.median} ms, panel hidden ${w.hidden.median} ms (${loads} loads each)`,
    );
    log(
      `    paired: shown − none ${cost.workerShownMinusClosedMs.median} ms (p25–p75 ${cost.workerShownMinusClosedMs.p25}–${cost.workerShownMinusClosedMs.p75}), hidden − none ${cost.workerHiddenMinusClosedMs.median} ms`,
    );
    const e = cost.extensionProcessCpuMsPerLoad;
    log(
      `  extension process (worker + panel page) CPU per load, median: no panel ${e.closed.median} ms, shown ${e.shown.median} ms, hidden ${e.hidden.median} ms`,
    );
    return {
      pushLatencyMs: { ...lat, p50: lat.median, p99: round(p99) },
      method:
        'latency: response first byte (Resource Timing) to the push in the panel DOM; cost: /proc CPU of the ServiceWorker thread and of the extension process per heavy load, settled 700 ms',
      ...cost,
    };
  } finally {
    await site.close();
    await b.close();
  }
}
