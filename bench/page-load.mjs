// Page-load overhead: one browser per arm (Chromium and Firefox ESR), all kept open, single loads
// alternating between them, CPU of each browser's whole process tree per load from /proc, and every arm
// compared with the no-extension load of the same browser, page and round.
import { setTimeout as sleep } from 'node:timers/promises';
import { launch, openExtensionPage, sendMessage, waitForDone } from './browser.mjs';
import { launchRaw } from './cdp.mjs';
import { launchFirefox } from './firefox.mjs';
import { treeCpuMs } from './proc.mjs';
import { pairedSummary, summary } from './stats.mjs';

export const PAGE_NAMES = (process.env.BENCH_PAGES ?? 'heavy,typical')
  .split(',')
  .filter((p) => ['heavy', 'typical'].includes(p));

/**
 * The paired differences reported for each browser and page: [arm, reference]. Each is
 * (arm CPU − reference CPU) / no-extension CPU of the same round, so the machine's drift cancels.
 */
export const PAIRS = {
  sessionscopeOverFloor: ['sessionscope', 'floorFull'],
  defaultOverEmpty: ['default', 'empty'],
  defaultOverFloorNoWebRequest: ['default', 'floorNoWebRequest'],
  floorNoWebRequestOverEmpty: ['floorNoWebRequest', 'empty'],
  otherSiteOverLightFloor: ['otherSite', 'floorLight'],
  lightFloorOverEmpty: ['floorLight', 'empty'],
  emptyWebRequestOverEmpty: ['emptyWebRequest', 'empty'],
  floorFullOverEmpty: ['floorFull', 'empty'],
  lightOverLightFloor: ['light', 'floorLight'],
  otherSiteOverOtherSiteFloor: ['otherSite', 'floorOtherSite'],
  otherSiteFloorOverLightFloor: ['floorOtherSite', 'floorLight'],
};

/** Waits until the browser has gone quiet after a load, so work an extension defers is counted. */
async function settle(pid, { windowMs = 50, quietMs = 10, capMs = 1000 } = {}) {
  const start = performance.now();
  let prev = treeCpuMs(pid);
  while (performance.now() - start < capMs) {
    await sleep(windowMs);
    const cur = treeCpuMs(pid);
    if (cur - prev <= quietMs) return cur;
    prev = cur;
  }
  return treeCpuMs(pid);
}

async function loadOnce(b, url) {
  const cpu0 = treeCpuMs(b.pid);
  const t0 = performance.now();
  const text = await b.load(url);
  const wallNodeMs = performance.now() - t0;
  const t1 = performance.now();
  const cpu1 = await settle(b.pid);
  return {
    cpuMs: cpu1 - cpu0,
    wallMs: Number(text.split(' ')[1]),
    wallNodeMs,
    settleMs: performance.now() - t1,
  };
}

/** The same small interface over Playwright, kept to compare drivers (BENCH_DRIVER=playwright). */
async function launchPlaywright(profileDir, ext) {
  const b = await launch(profileDir, ext);
  return {
    browser: 'chromium',
    pid: b.pid,
    extensionId: b.extensionId,
    version: b.version,
    async load(url) {
      const done = waitForDone(b.page);
      await b.page.goto(url, { waitUntil: 'load', timeout: 60_000 });
      return done;
    },
    async sendMessage(message) {
      const p = await openExtensionPage(b);
      try {
        return await sendMessage(p, message);
      } finally {
        await p.close();
      }
    },
    close: b.close,
  };
}

function launcher(browser, driver) {
  if (browser === 'firefox') return (profile, ext) => launchFirefox(profile, ext);
  if (driver === 'playwright') return (profile, ext) => launchPlaywright(profile, ext);
  return (profile, ext, opts) => launchRaw(profile, ext, opts);
}

const id = (arm) => `${arm.browser}:${arm.key}`;

/**
 * arms: [{ browser, key, label, ext, prepare? }], with a `none` arm per browser. `prepare(handle, ctx)`
 * puts a product arm in its state and returns the handle to measure with; ctx.relaunch() restarts the
 * browser on the same profile (Chromium). Returns per-load records and summaries per browser and page.
 */
export async function runPageLoad({
  arms,
  origin,
  profilesDir,
  loads,
  warmup,
  budgetMs,
  log,
  driver = 'cdp',
}) {
  const browsers = {};
  const notes = {};
  const versions = {};
  const startedAt = performance.now();
  try {
    for (const arm of arms) {
      const start = launcher(arm.browser, driver);
      const profile = `${profilesDir}/${arm.browser}-${arm.key}`;
      let handle = null;
      try {
        handle = await start(profile, arm.ext);
        if (arm.prepare) {
          const relaunch = async () => {
            await handle.close({ keepProfile: true });
            handle = null;
            handle = await start(profile, arm.ext, { reuseProfile: true });
            return handle;
          };
          handle = await arm.prepare(handle, { relaunch });
        }
        browsers[id(arm)] = handle;
        versions[arm.browser] ??= handle.version;
      } catch (e) {
        notes[id(arm)] = `not measured: ${e.message.split('\n')[0]}`;
        log(`  ${arm.browser} ${arm.label}: ${notes[id(arm)]}`);
        if (handle) await handle.close();
      }
    }
    const live = arms.filter((a) => browsers[id(a)] && browsers[`${a.browser}:none`]);
    for (const a of arms)
      if (browsers[id(a)] && !browsers[`${a.browser}:none`]) {
        notes[id(a)] ??= `not measured: ${a.browser} without extension did not start`;
        await browsers[id(a)].close();
        delete browsers[id(a)];
      }
    if (live.length === 0) throw new Error('no browser without extension started');
    const records = [];
    let run = 0;
    let roundsDone = 0;
    for (let round = 0; round < warmup + loads; round++) {
      if (round >= warmup && performance.now() - startedAt > budgetMs) {
        log(`  time budget reached after ${roundsDone} measured rounds: stopping early`);
        break;
      }
      // Rotating the starting arm each round spreads any position effect over every arm; Chromium and
      // Firefox arms take turns in the same rotation.
      const order = live.map((_, i) => live[(i + round) % live.length]);
      for (const page of PAGE_NAMES) {
        for (const arm of order) {
          run++;
          const url = `${arm.origin ?? origin}/page/${page}?r=${run}`;
          try {
            const r = await loadOnce(browsers[id(arm)], url);
            if (round >= warmup) records.push({ browser: arm.browser, round, page, arm: arm.key, ...r });
          } catch (e) {
            log(`  ${arm.browser} ${arm.key} ${page} load failed: ${e.message.split('\n')[0]}`);
          }
        }
      }
      if (round >= warmup) roundsDone++;
      if (round === warmup - 1) log(`  warm-up done (${warmup} rounds)`);
      else if (round >= warmup && (round - warmup + 1) % 5 === 0)
        log(
          `  ${round - warmup + 1} rounds measured (${Math.round((performance.now() - startedAt) / 1000)} s)`,
        );
    }
    return {
      records,
      summaries: summarize(records, live),
      roundsDone,
      notes,
      versions,
      arms: live.map(id),
    };
  } finally {
    for (const b of Object.values(browsers)) await b.close().catch(() => {});
  }
}

/** Per browser and page: each arm's CPU and load-time ratios to no extension, and the paired differences. */
export function summarize(records, arms) {
  const out = {};
  for (const browser of [...new Set(arms.map((a) => a.browser))]) {
    out[browser] = {};
    const own = arms.filter((a) => a.browser === browser);
    for (const page of PAGE_NAMES) {
      const byRound = new Map();
      for (const r of records.filter((x) => x.page === page && x.browser === browser)) {
        if (!byRound.has(r.round)) byRound.set(r.round, {});
        byRound.get(r.round)[r.arm] = r;
      }
      const block = {};
      // Paired differences, in units of the no-extension load of the same round: the direct test of
      // "arm ≤ reference + limit", less noisy than comparing two medians.
      block.paired = {};
      for (const [name, [key, ref]] of Object.entries(PAIRS)) {
        const xs = [];
        for (const row of byRound.values()) {
          const a = row[key];
          const b = row[ref];
          const n = row.none;
          if (a && b && n && n.cpuMs > 0) xs.push((a.cpuMs - b.cpuMs) / n.cpuMs);
        }
        if (xs.length > 0) block.paired[name] = pairedSummary(xs);
      }
      for (const arm of own) {
        const cpuRatios = [];
        const wallRatios = [];
        const cpu = [];
        const wall = [];
        for (const row of byRound.values()) {
          const a = row[arm.key];
          if (!a) continue;
          cpu.push(a.cpuMs);
          wall.push(a.wallMs);
          const n = row.none;
          if (!n) continue;
          if (n.cpuMs > 0) cpuRatios.push(a.cpuMs / n.cpuMs);
          if (n.wallMs > 0) wallRatios.push(a.wallMs / n.wallMs);
        }
        block[arm.key] = {
          loads: cpu.length,
          cpuMs: summary(cpu),
          wallMs: summary(wall),
          cpuRatio: summary(cpuRatios),
          wallRatio: summary(wallRatios),
        };
      }
      out[browser][page] = block;
    }
  }
  return out;
}
