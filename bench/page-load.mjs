// Page-load overhead: one browser per arm kept open, single loads alternating between arms, CPU of each
// browser's whole process tree per load from /proc, ratios against the paired load without extension.
import { setTimeout as sleep } from 'node:timers/promises';
import { launch, openExtensionPage, sendMessage, waitForDone } from './browser.mjs';
import { launchRaw } from './cdp.mjs';
import { treeCpuMs } from './proc.mjs';
import { summary } from './stats.mjs';

export const PAGE_NAMES = (process.env.BENCH_PAGES ?? 'heavy,typical')
  .split(',')
  .filter((p) => ['heavy', 'typical'].includes(p));

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

/** Header capture off through the product's own message API, checked by reading it back. */
async function setLight(b, log) {
  const reply = await b.sendMessage({ type: 'settings/set', settings: { headerCapture: { mode: 'off' } } });
  if (!reply?.ok) throw new Error(`settings/set replied ${JSON.stringify(reply)?.slice(0, 200)}`);
  const check = await b.sendMessage({ type: 'settings/get' });
  const mode = check?.settings?.headerCapture?.mode;
  if (mode !== 'off') throw new Error(`settings/get reports header capture ${mode}`);
  const status = await b.sendMessage({ type: 'status/get' }).catch(() => null);
  log(
    `  light arm: header capture off (status/get says the listener is active: ${status?.status?.headerCapture?.active})`,
  );
  return { applied: true };
}

/**
 * arms: [{ key, label, ext, light? }] with `none` first. Returns per-load records and summaries.
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
  const start = driver === 'playwright' ? launchPlaywright : launchRaw;
  const browsers = {};
  const notes = {};
  const startedAt = performance.now();
  try {
    for (const arm of arms) {
      try {
        browsers[arm.key] = await start(`${profilesDir}/${arm.key}`, arm.ext);
        if (arm.light) await setLight(browsers[arm.key], log);
      } catch (e) {
        notes[arm.key] = `not measured: ${e.message.split('\n')[0]}`;
        log(`  ${arm.label}: ${notes[arm.key]}`);
        if (browsers[arm.key]) await browsers[arm.key].close();
        delete browsers[arm.key];
      }
    }
    if (!browsers.none) throw new Error('the browser without extension did not start');
    const live = arms.filter((a) => browsers[a.key]);
    const records = [];
    let run = 0;
    let roundsDone = 0;
    for (let round = 0; round < warmup + loads; round++) {
      if (round >= warmup && performance.now() - startedAt > budgetMs) {
        log(`  time budget reached after ${roundsDone} measured rounds: stopping early`);
        break;
      }
      // Rotating the starting arm each round spreads any position effect over every arm.
      const order = live.map((_, i) => live[(i + round) % live.length]);
      for (const page of PAGE_NAMES) {
        for (const arm of order) {
          run++;
          const url = `${origin}/page/${page}?r=${run}`;
          try {
            const r = await loadOnce(browsers[arm.key], url);
            if (round >= warmup) records.push({ round, page, arm: arm.key, ...r });
          } catch (e) {
            log(`  ${arm.key} ${page} load failed: ${e.message.split('\n')[0]}`);
          }
        }
      }
      if (round >= warmup) roundsDone++;
      if (round === warmup - 1) log(`  warm-up done (${warmup} rounds)`);
      else if (round >= warmup && (round - warmup + 1) % 10 === 0)
        log(`  ${round - warmup + 1} rounds measured`);
    }
    const version = browsers.none.version;
    return {
      records,
      summaries: summarize(records, live),
      roundsDone,
      notes,
      version,
      arms: live.map((a) => a.key),
    };
  } finally {
    for (const b of Object.values(browsers)) await b.close();
  }
}

function summarize(records, arms) {
  const out = {};
  for (const page of PAGE_NAMES) {
    out[page] = {};
    const byRound = new Map();
    for (const r of records.filter((x) => x.page === page)) {
      if (!byRound.has(r.round)) byRound.set(r.round, {});
      byRound.get(r.round)[r.arm] = r;
    }
    // Paired differences, in units of the no-extension load of the same round: the direct test of
    // "Sessionscope ≤ its floor + 0.02", less noisy than comparing two medians.
    const paired = (key, ref) => {
      const xs = [];
      for (const row of byRound.values()) {
        const a = row[key];
        const b = row[ref];
        const n = row.none;
        if (a && b && n && n.cpuMs > 0) xs.push((a.cpuMs - b.cpuMs) / n.cpuMs);
      }
      return summary(xs);
    };
    out[page].paired = {
      sessionscopeOverFloor: paired('sessionscope', 'floorFull'),
      lightOverLightFloor: paired('light', 'floorLight'),
      lightFloorOverEmpty: paired('floorLight', 'empty'),
    };
    for (const arm of arms) {
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
      out[page][arm.key] = {
        loads: cpu.length,
        cpuMs: summary(cpu),
        wallMs: summary(wall),
        cpuRatio: summary(cpuRatios),
        wallRatio: summary(wallRatios),
      };
    }
  }
  return out;
}
