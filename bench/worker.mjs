// Worker cost per event: a burst of cookie changes and one of requests against Sessionscope, timed inside
// the worker by Chromium's own tracing (every task the worker thread runs), with what was recorded read
// back from the product's IndexedDB, and the worker's memory.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { launch, openExtensionPage, sendMessage, waitForDone } from './browser.mjs';
import { processMemoryBytes, processTree } from './proc.mjs';
import { quantile, round } from './stats.mjs';

const DB = 'sessionscope';

/** Reads the product's stored observations after `afterSeq` (from one of its pages: same origin). */
function readStore(page, afterSeq, cookieNames) {
  return page.evaluate(
    async ({ DB, afterSeq, cookieNames }) => {
      const dbs = await indexedDB.databases();
      // Opening a database that does not exist yet would create it empty, under the product's feet.
      if (!dbs.some((d) => d.name === DB)) return { missing: true };
      const db = await new Promise((resolve, reject) => {
        const r = indexedDB.open(DB);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      try {
        if (!db.objectStoreNames.contains('observations')) return { missing: true };
        const rows = await new Promise((resolve, reject) => {
          const r = db
            .transaction('observations')
            .objectStore('observations')
            .getAll(IDBKeyRange.lowerBound(afterSeq, true));
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        let maxSeq = afterSeq;
        let cookieSets = 0;
        let cookieRemovals = 0;
        let requests = 0;
        const values = new Set();
        for (const { seq, obs } of rows) {
          if (seq > maxSeq) maxSeq = seq;
          if (obs?.kind === 'cookie-set' && cookieNames.includes(obs.cookie?.name)) {
            cookieSets++;
            values.add(obs.cookie.value);
          } else if (obs?.kind === 'cookie-removed' && cookieNames.includes(obs.cookie?.name))
            cookieRemovals++;
          else if (obs?.kind === 'activity' && obs.source === 'request') requests += obs.count ?? 1;
        }
        return {
          rows: rows.length,
          maxSeq,
          cookieSets,
          distinctValues: values.size,
          cookieRemovals,
          requests,
        };
      } finally {
        db.close();
      }
    },
    { DB, afterSeq, cookieNames },
  );
}

/** Polls the store until `done(counts)` or until it stops changing for `quietMs`. */
async function waitRecorded(page, afterSeq, names, done, { quietMs = 1500, capMs = 60_000 } = {}) {
  const t0 = performance.now();
  let last = null;
  let lastChange = t0;
  while (performance.now() - t0 < capMs) {
    const c = await readStore(page, afterSeq, names);
    if (c.missing) return { ...c, catchUpMs: null };
    if (done(c)) return { ...c, catchUpMs: performance.now() - t0 };
    const key = JSON.stringify(c);
    if (key !== last) {
      last = key;
      lastChange = performance.now();
    } else if (performance.now() - lastChange > quietMs)
      return { ...c, catchUpMs: lastChange - t0, stalled: true };
    await sleep(100);
  }
  return { ...(await readStore(page, afterSeq, names)), catchUpMs: null, timedOut: true };
}

function extensionProcess(rootPid) {
  for (const pid of processTree(rootPid)) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--extension-process')) return pid;
    } catch {}
  }
  return null;
}

/** Samples the memory of the extension's process while `fn` runs; returns fn's result and the peak. */
async function withPeakMemory(pid, fn) {
  let peak = pid ? processMemoryBytes(pid) : null;
  let running = true;
  const sampler = (async () => {
    while (running && pid) {
      const m = processMemoryBytes(pid);
      if (m !== null && (peak === null || m > peak)) peak = m;
      await sleep(200);
    }
  })();
  try {
    return { result: await fn(), peak };
  } finally {
    running = false;
    await sampler;
  }
}

async function startTrace(cdp) {
  const events = [];
  const onData = (e) => {
    for (const ev of e.value) events.push(ev);
  };
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['toplevel', '__metadata'], recordMode: 'recordAsMuchAsPossible' },
    transferMode: 'ReportEvents',
  });
  return async () => {
    const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', onData);
    return events;
  };
}

/**
 * Per-task times on the extension's worker thread: `dispatch` = one browser event delivered to the
 * worker (Chromium's EventDispatcher message, which runs the listener), `tasks` = every top-level task
 * the thread ran (dispatches, the batched flushes to IndexedDB, timers, replies).
 */
function analyseTrace(events, extPid) {
  const swThreads = new Set();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'ServiceWorker thread') {
      if (extPid === null || e.pid === extPid) swThreads.add(`${e.pid}:${e.tid}`);
    }
  }
  const dispatch = [];
  const dispatchCpu = [];
  const tasks = [];
  let busyMs = 0;
  let busyCpuMs = 0;
  for (const e of events) {
    if (e.ph !== 'X' || !swThreads.has(`${e.pid}:${e.tid}`)) continue;
    if (e.name === 'ThreadControllerImpl::RunTask') {
      tasks.push(e.dur / 1000);
      busyMs += e.dur / 1000;
      busyCpuMs += (e.tdur ?? e.dur) / 1000;
    } else if (
      e.name === 'Receive mojo message' &&
      e.args?.chrome_mojo_event_info?.mojo_interface_tag === 'extensions.mojom.EventDispatcher'
    ) {
      dispatch.push(e.dur / 1000);
      dispatchCpu.push((e.tdur ?? e.dur) / 1000);
    }
  }
  const q = (xs, p) => round(quantile(xs, p), 3);
  return {
    threads: swThreads.size,
    dispatches: dispatch.length,
    dispatchMs: { p50: q(dispatch, 0.5), p99: q(dispatch, 0.99), max: q(dispatch, 1) },
    dispatchCpuMs: { p50: q(dispatchCpu, 0.5), p99: q(dispatchCpu, 0.99) },
    tasks: tasks.length,
    taskMs: { p50: q(tasks, 0.5), p99: q(tasks, 0.99), max: q(tasks, 1) },
    busyMs: round(busyMs, 1),
    busyCpuMs: round(busyCpuMs, 1),
  };
}

async function heapUsage(cdp, extensionId) {
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(extensionId));
    if (!sw) return null;
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: sw.targetId, flatten: false });
    const reply = new Promise((resolve) => {
      const on = (e) => {
        if (e.sessionId !== sessionId) return;
        const msg = JSON.parse(e.message);
        if (msg.id !== 1) return;
        cdp.off('Target.receivedMessageFromTarget', on);
        resolve(msg.result ?? null);
      };
      cdp.on('Target.receivedMessageFromTarget', on);
    });
    await cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }),
    });
    const result = await Promise.race([reply, sleep(5000).then(() => null)]);
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
    return result;
  } catch {
    return null;
  }
}

/**
 * `profile`, when given, is a profile already prepared for this build (the server's site captured): the
 * browser starts on it. Otherwise on a new profile with the build's defaults.
 */
export async function runWorkerBurst({ ext, origin, profilesDir, profile, cookies, requests, log }) {
  const b = await launch(profile ?? `${profilesDir}/worker`, ext, { reuseProfile: Boolean(profile) });
  try {
    const ctl = await openExtensionPage(b);
    const status = await sendMessage(ctl, { type: 'status/get' });
    if (!status?.ok) throw new Error(`status/get replied ${JSON.stringify(status)?.slice(0, 200)}`);
    // A product-side counter, if the background ever exposes one, is preferred to the trace.
    const productStats = status.status?.perf ?? status.status?.stats ?? null;
    const cdp = await b.context.browser().newBrowserCDPSession();
    const extPid = extensionProcess(b.pid);
    const memBefore = extPid ? processMemoryBytes(extPid) : null;
    const heapBefore = await heapUsage(cdp, b.extensionId);
    const base = await readStore(ctl, 0, []);
    if (base.missing) throw new Error('the product has no IndexedDB "sessionscope" with "observations"');

    // Cookie burst: every write a new opaque value of one of a few session-like names.
    const names = ['sessionid', 'sid', 'auth_token', 'connect.sid', 'PHPSESSID'];
    const stopTrace = await startTrace(cdp);
    const cookieRun = await withPeakMemory(extPid, async () => {
      const done = waitForDone(b.page, 120_000);
      const t0 = performance.now();
      await b.page.goto(`${origin}/burst/cookies?n=${cookies}&names=${names.join(',')}`);
      await done;
      const burstMs = performance.now() - t0;
      const rec = await waitRecorded(ctl, base.maxSeq, names, (c) => c.cookieSets >= cookies);
      return { burstMs, rec };
    });
    const cookieEvents = await stopTrace();
    const cookieTrace = analyseTrace(cookieEvents, extPid);
    const afterCookies = cookieRun.result.rec;
    log(
      `  cookies: ${afterCookies.cookieSets}/${cookies} writes recorded, worker caught up ${round(afterCookies.catchUpMs, 0)} ms after the burst`,
    );

    // Request burst: fetches to one site; activity is coalesced, so counts are summed.
    const serverBefore = await fetch(`${origin}/blank`).then(() => null);
    void serverBefore;
    const stopTrace2 = await startTrace(cdp);
    const reqRun = await withPeakMemory(extPid, async () => {
      const done = waitForDone(b.page, 240_000);
      const t0 = performance.now();
      await b.page.goto(`${origin}/burst/requests?n=${requests}`);
      const text = await done;
      const burstMs = performance.now() - t0;
      // Messages flush what the worker has pending; then the store must hold every request.
      await sendMessage(ctl, { type: 'status/get' });
      const expected = requests + 1; // the fetches and the page itself
      const rec = await waitRecorded(ctl, afterCookies.maxSeq, [], (c) => c.requests >= expected);
      return { burstMs, rec, expected, failed: Number(/failed (\d+)/.exec(text)?.[1] ?? 0) };
    });
    const reqEvents = await stopTrace2();
    const reqTrace = analyseTrace(reqEvents, extPid);
    const memAfter = extPid ? processMemoryBytes(extPid) : null;
    const heapAfter = await heapUsage(cdp, b.extensionId);
    const r = reqRun.result;
    log(
      `  requests: ${r.rec.requests}/${r.expected} counted, caught up ${round(r.rec.catchUpMs, 0)} ms after the burst`,
    );

    const cookieDropped = Math.max(0, cookies - afterCookies.cookieSets);
    // Requests beyond the fetches (a favicon) may be counted too: only a shortfall is a drop.
    const requestDropped = Math.max(0, r.expected - r.failed - r.rec.requests);
    const mb = (x) => (x === null ? null : round(x / 1048576, 1));
    return {
      method: productStats
        ? 'product stats (status/get) + Chromium trace of the worker thread'
        : 'Chromium trace of the worker thread (no product-side stats in status/get)',
      productStats,
      cookies: {
        writes: cookies,
        recorded: afterCookies.cookieSets,
        removalsRecorded: afterCookies.cookieRemovals,
        dropped: cookieDropped,
        burstMs: round(cookieRun.result.burstMs, 0),
        catchUpMs: round(afterCookies.catchUpMs, 0),
        trace: cookieTrace,
        peakMemoryMB: mb(cookieRun.peak),
      },
      requests: {
        fetches: requests,
        expected: r.expected,
        failedFetches: r.failed,
        recorded: r.rec.requests,
        dropped: requestDropped,
        burstMs: round(r.burstMs, 0),
        catchUpMs: round(r.rec.catchUpMs, 0),
        trace: reqTrace,
        peakMemoryMB: mb(reqRun.peak),
      },
      memory: {
        processMBBefore: mb(memBefore),
        processMBAfter: mb(memAfter),
        processPeakMB: mb(Math.max(cookieRun.peak ?? 0, reqRun.peak ?? 0) || null),
        heapUsedMBBefore: heapBefore ? mb(heapBefore.usedSize) : null,
        heapUsedMBAfter: heapAfter ? mb(heapAfter.usedSize) : null,
      },
      // The product's own per-event timing wins when it exposes one; the trace is the fallback.
      p50Ms: productStats?.handledMs?.p50 ?? cookieTrace.dispatchMs.p50,
      p99Ms: productStats?.handledMs?.p99 ?? cookieTrace.dispatchMs.p99,
      dropped: cookieDropped + requestDropped,
    };
  } finally {
    await b.close();
  }
}

/**
 * The floor of the cookie burst's catch-up: the same burst against an extension whose cookies.onChanged
 * listener only notes when each event arrives. Chromium delivers a rewrite as two events (the old cookie
 * removed with cause 'overwrite', the new one set), and how long after the burst the last one reaches any
 * listener is the browser's own time, which no extension can beat: Sessionscope's catch-up is read
 * against it.
 */
export async function runListenerFloor({ origin, profilesDir, cookies, log }) {
  const dir = join(profilesDir, '..', 'ext-listener-floor');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'bench listener floor',
      version: '1.0',
      permissions: ['cookies'],
      host_permissions: ['<all_urls>'],
      background: { service_worker: 'worker.js', type: 'module' },
    }),
  );
  writeFileSync(
    join(dir, 'worker.js'),
    `// Generated by bench/worker.mjs: notes when cookie events arrive, nothing else.
globalThis.seen = { events: 0, sets: 0, lastAt: 0 };
chrome.cookies.onChanged.addListener((info) => {
  seen.events++;
  if (!info.removed) seen.sets++;
  seen.lastAt = Date.now();
});
`,
  );
  const b = await launch(`${profilesDir}/listener-floor`, dir);
  try {
    const names = ['sessionid', 'sid', 'auth_token', 'connect.sid', 'PHPSESSID'];
    const done = waitForDone(b.page, 120_000);
    await b.page.goto(`${origin}/burst/cookies?n=${cookies}&names=${names.join(',')}`);
    await done;
    const burstEndAt = Date.now();
    let seen = null;
    while (Date.now() - burstEndAt < 60_000) {
      seen = await b.worker.evaluate(() => ({ ...globalThis.seen }));
      if (seen.sets >= cookies) break;
      await sleep(50);
    }
    const catchUpMs = seen && seen.sets >= cookies ? Math.max(0, seen.lastAt - burstEndAt) : null;
    log(
      `  listener floor: the last of ${seen?.events} cookie events reached an empty listener ${catchUpMs} ms after the burst`,
    );
    return { events: seen?.events ?? null, sets: seen?.sets ?? null, catchUpMs };
  } finally {
    await b.close();
  }
}
