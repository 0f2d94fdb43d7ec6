// `npm run bench`: what Sessionscope costs a user, each figure beside its baseline or target.
// A benchmark, not a test: it always exits 0; a part that cannot run says why and the others go on.
// Env: BENCH_QUICK=1 (smoke run), BENCH_LOADS (page loads per arm and page), BENCH_DIST (built extension,
// default dist/chrome), BENCH_ONLY=size,core,popup,panel,worker,pageload, BENCH_COOKIES, BENCH_REQUESTS.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateExtensions } from './extensions.mjs';
import { PAGE_NAMES, runPageLoad } from './page-load.mjs';
import { runPanel } from './panel.mjs';
import { runPopup } from './popup.mjs';
import { cookieCount, startServer, subresourceCount } from './server.mjs';
import { bundleSizes } from './size.mjs';
import { round } from './stats.mjs';
import { runWorkerBurst } from './worker.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, '.tmp', 'bench');
const QUICK = process.env.BENCH_QUICK === '1';
const TOTAL_BUDGET_MS = Number(process.env.BENCH_BUDGET_S ?? 570) * 1000;
const LOADS = Number(process.env.BENCH_LOADS ?? (QUICK ? 4 : 30));
const WARMUP = QUICK ? 1 : 1;
const COOKIES = Number(process.env.BENCH_COOKIES ?? (QUICK ? 1000 : 5000));
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? (QUICK ? 1000 : 2000));
const POPUP_RUNS = QUICK ? 3 : 10;
const ONLY = new Set((process.env.BENCH_ONLY ?? 'size,core,popup,panel,worker,pageload').split(','));
const BUILD = process.env.BENCH_BUILD === '1';
const DIST = resolve(ROOT, process.env.BENCH_DIST ?? (BUILD ? '.tmp/bench/build-chrome' : 'dist/chrome'));

const started = performance.now();
const elapsed = () => performance.now() - started;
const log = (...a) => console.log(...a);
const fmtRatio = (s) =>
  s?.median == null ? 'n/a' : `${s.median.toFixed(2)} (p25–p75 ${s.p25.toFixed(2)}–${s.p75.toFixed(2)})`;
const mark = (ok) => (ok === null ? '' : ok ? '  ✓' : '  ✗ over target');

mkdirSync(join(OUT, 'tmp'), { recursive: true });
process.env.TMPDIR = join(OUT, 'tmp');

const results = {
  generatedAt: new Date().toISOString(),
  quick: QUICK,
  machine: machine(),
  dist: DIST,
};

function machine() {
  const model = cpus()[0]?.model ?? 'unknown';
  let browser = null;
  try {
    browser = spawnSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout.trim();
  } catch {}
  let memGB = null;
  try {
    memGB = round(Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))[1]) / 1048576, 1);
  } catch {}
  return { cores: cpus().length, cpuModel: model, memGB, node: process.version, browser };
}

async function part(name, fn) {
  if (!ONLY.has(name)) return;
  log(`\n== ${name} (${Math.round(elapsed() / 1000)} s into the run)`);
  try {
    await fn();
  } catch (e) {
    const why = e?.message?.split('\n')[0] ?? String(e);
    log(`  not measured: ${why}`);
    results.errors = { ...(results.errors ?? {}), [name]: why };
  }
}

/** BENCH_BUILD=1: the same production build as `npm run build` (chrome), into .tmp so dist/ is left to others. */
async function buildPrivate() {
  const { build } = await import('vite');
  const t0 = performance.now();
  await build({ root: ROOT, mode: 'chrome', logLevel: 'error', build: { outDir: DIST, emptyOutDir: true } });
  log(`built ${DIST} in ${Math.round(performance.now() - t0)} ms`);
}

/** dist must exist; it is copied, so a build running meanwhile cannot change it under the browsers. */
function snapshotDist() {
  if (!existsSync(join(DIST, 'manifest.json')))
    throw new Error(`${DIST} has no manifest.json: run npm run build first`);
  const newestSrc = newestMtime(join(ROOT, 'src'));
  const built = statSync(join(DIST, 'manifest.json')).mtimeMs;
  if (newestSrc > built)
    log(
      `  note: src/ changed after ${DIST} was built: the numbers are for the build, run npm run build for current code`,
    );
  results.builtAt = new Date(built).toISOString();
  const copy = join(OUT, 'ext-sessionscope');
  rmSync(copy, { recursive: true, force: true });
  cpSync(DIST, copy, { recursive: true });
  return copy;
}

function newestMtime(dir) {
  let newest = 0;
  const walk = (d) => {
    for (const name of readdirSafe(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (!/\.test\.tsx?$/.test(name)) newest = Math.max(newest, st.mtimeMs);
    }
  };
  walk(dir);
  return newest;
}

function readdirSafe(d) {
  try {
    return spawnSync('ls', ['-A', d], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

log(`Sessionscope benchmark${QUICK ? ' (quick smoke run: numbers are not comparable)' : ''}`);
log(
  `machine: ${results.machine.cores} cores, ${results.machine.cpuModel}, ${results.machine.browser}, node ${results.machine.node}`,
);

let ext = null;
try {
  if (BUILD) await buildPrivate();
  ext = snapshotDist();
  log(`extension: ${DIST} (built ${results.builtAt})`);
} catch (e) {
  log(`extension: not available: ${e.message}`);
  results.errors = { dist: e.message };
}

const server = await startServer();

await part('size', async () => {
  if (!ext) throw new Error('no build');
  const s = bundleSizes(ext);
  results.size = {
    popupGzipBytes: s.popup?.gzipBytes ?? null,
    optionsGzipBytes: s.options?.gzipBytes ?? null,
    backgroundGzipBytes: s.background?.gzipBytes ?? null,
    detail: s,
  };
  const kb = (n) => (n == null ? 'n/a' : `${(n / 1024).toFixed(1)} KiB`);
  const popup = s.popup?.gzipBytes;
  log(
    `  popup      ${kb(popup)} gzip (${s.popup?.files.length} files)   target < 30 KiB${mark(popup == null ? null : popup < 30 * 1024)}`,
  );
  log(`  options    ${kb(s.options?.gzipBytes)} gzip (${s.options?.files.length} files)`);
  log(`  background ${kb(s.background?.gzipBytes)} gzip (${s.background?.files.length} files)`);
});

const popupDoc = join(OUT, 'popup-doc.json');
await part('core', async () => {
  const outFile = join(OUT, 'core.json');
  rmSync(outFile, { force: true });
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench', 'core.ts'), outFile, popupDoc],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 180_000,
      env: { ...process.env, BENCH_CLASSIFY_BUDGET_MS: String(QUICK ? 10_000 : 25_000) },
    },
  );
  if (!existsSync(outFile))
    throw new Error(
      `bench/core.ts failed: ${(r.stderr || r.error?.message || '').split('\n').slice(0, 5).join(' | ')}`,
    );
  const c = JSON.parse(readFileSync(outFile, 'utf8'));
  results.coreDetail = c;
  if (c.export?.error) log(`  export: not measured: ${c.export.error}`);
  else {
    results.export = {
      events: c.export.events,
      json100kMs: c.export.json.ms,
      csv100kMs: c.export.csv.ms,
      jsonHeapDeltaMB: c.export.json.heapDeltaMB,
      csvHeapDeltaMB: c.export.csv.heapDeltaMB,
      peakRssMB: c.export.peakRssMB,
    };
    log(
      `  export ${c.export.events} events as JSON: ${c.export.json.ms} ms, ${(c.export.json.bytes / 1048576).toFixed(1)} MiB, heap +${c.export.json.heapDeltaMB} MiB`,
    );
    log(
      `  export ${c.export.events} events as CSV:  ${c.export.csv.ms} ms, ${(c.export.csv.bytes / 1048576).toFixed(1)} MiB, ${c.export.csv.rows} rows, heap +${c.export.csv.heapDeltaMB} MiB (process peak RSS ${c.export.peakRssMB} MiB)`,
    );
  }
  if (c.classify?.error) log(`  classification: not measured: ${c.classify.error}`);
  else {
    results.core = { observationsPerSecond: c.classify.observationsPerSecond, ...c.classify };
    log(
      `  classification: ${c.classify.observationsPerSecond.toLocaleString('en')} observations/s over ${c.classify.observations.toLocaleString('en')}${c.classify.stoppedEarly ? ` (${c.classify.stoppedEarly})` : ''}; report of ${c.classify.sites} sites, ${c.classify.sessions} sessions in ${c.classify.reportMs} ms; heap +${c.classify.heapDeltaMB} MiB`,
    );
  }
  if (c.popupDocument?.error || c.popupDocument?.valid === false)
    log(`  popup document: not valid for import: ${c.popupDocument.error}`);
});

await part('popup', async () => {
  if (!ext) throw new Error('no build');
  if (!existsSync(popupDoc)) throw new Error('no 1,000-site document (the core part failed)');
  const p = await runPopup({
    ext,
    docPath: popupDoc,
    profilesDir: join(OUT, 'profiles'),
    runs: POPUP_RUNS,
    log,
  });
  results.popup = p;
  const m = p.firstRenderMs.median;
  log(
    `  state/get round trip alone, from an extension page: ${round(p.stateGetMs.median, 0)} ms as the popup asks (events: false, median of 4), ${round(p.stateGetFullMs.median, 0)} ms with every event`,
  );
  log(
    `  first render, 1,000 sites × 50 events, ?all=1: median ${m} ms (p25–p75 ${p.firstRenderMs.p25}–${p.firstRenderMs.p75}, ${p.runs} runs, by ${p.measuredBy}, ${p.rowsInDom} rows in the DOM)   target < 100 ms${mark(m < 100)}`,
  );
  if (p.pageStartMs?.median !== undefined)
    log(
      `    of which the page's start until its scripts have run (DOMContentLoaded): median ${round(p.pageStartMs.median, 0)} ms; after it: ${round(m - p.pageStartMs.median, 0)} ms`,
    );
});

await part('panel', async () => {
  if (!ext) throw new Error('no build');
  results.panel = await runPanel({
    ext,
    origin: server.origin,
    profilesDir: join(OUT, 'profiles'),
    pushes: QUICK ? 5 : 30,
    loads: QUICK ? 2 : 10,
    log,
  });
});

await part('worker', async () => {
  if (!ext) throw new Error('no build');
  const w = await runWorkerBurst({
    ext,
    origin: server.origin,
    profilesDir: join(OUT, 'profiles'),
    cookies: COOKIES,
    requests: REQUESTS,
    log,
  });
  results.worker = w;
  const c = w.cookies.trace;
  const q = w.requests.trace;
  log(`  method: ${w.method}`);
  log(
    `  per cookie event (listener dispatch on the worker thread): p50 ${c.dispatchMs.p50} ms, p99 ${c.dispatchMs.p99} ms (CPU p50 ${c.dispatchCpuMs.p50}, p99 ${c.dispatchCpuMs.p99} ms) over ${c.dispatches} dispatches`,
  );
  log(
    `  cookie burst: worker thread CPU ${c.busyCpuMs} ms for ${COOKIES} writes = ${round(c.busyCpuMs / COOKIES, 3)} ms per write, longest task ${c.taskMs.max} ms; caught up ${w.cookies.catchUpMs} ms after the burst`,
  );
  log(
    `  per request event: p50 ${q.dispatchMs.p50} ms, p99 ${q.dispatchMs.p99} ms; worker CPU ${q.busyCpuMs} ms for ${w.requests.expected} requests = ${round(q.busyCpuMs / w.requests.expected, 3)} ms per request`,
  );
  log(
    `  dropped: ${w.dropped} (cookies ${w.cookies.dropped} of ${COOKIES}, requests ${w.requests.dropped} of ${w.requests.expected})   target 0${mark(w.dropped === 0)}`,
  );
  log(
    `  worker memory: extension process ${w.memory.processMBBefore} → ${w.memory.processMBAfter} MiB (peak ${w.memory.processPeakMB}), JS heap ${w.memory.heapUsedMBBefore} → ${w.memory.heapUsedMBAfter} MiB`,
  );
});

await part('pageload', async () => {
  const gen = generateExtensions(ext ?? DIST, OUT);
  log(
    `  floor listener set (${gen.listenersSource}): ${gen.listeners.join(', ')}; webRequest options ${JSON.stringify(gen.extraInfo)}`,
  );
  const arms = [
    { key: 'none', label: 'no extension', ext: null },
    { key: 'empty', label: 'empty extension', ext: gen.paths.empty },
    { key: 'floorFull', label: 'floor, header capture all', ext: gen.paths.floorFull },
    { key: 'floorLight', label: 'floor, header capture off', ext: gen.paths.floorLight },
    ...(process.env.BENCH_EXTRA_ARMS === '1'
      ? [
          { key: 'permissionsOnly', label: 'diag: permissions, no listener', ext: gen.paths.permissionsOnly },
          { key: 'cookiesOnly', label: 'diag: cookies.onChanged only', ext: gen.paths.cookiesOnly },
          {
            key: 'floorLightNoCookies',
            label: 'diag: light floor − cookies',
            ext: gen.paths.floorLightNoCookies,
          },
          {
            key: 'floorNoWebRequest',
            label: 'diag: light floor − webRequest perm',
            ext: gen.paths.floorNoWebRequest,
          },
        ]
      : []),
    ...(ext
      ? [
          { key: 'sessionscope', label: 'Sessionscope (default: all)', ext },
          { key: 'light', label: 'Sessionscope light (off)', ext, light: true },
        ]
      : []),
  ];
  const budgetMs = Math.max(60_000, TOTAL_BUDGET_MS - elapsed() - 15_000);
  log(
    `  ${arms.length} arms, ${LOADS} loads per arm and page after ${WARMUP} warm-up round, time budget ${Math.round(budgetMs / 1000)} s`,
  );
  const driver = process.env.BENCH_DRIVER === 'playwright' ? 'playwright' : 'cdp';
  const r = await runPageLoad({
    driver,
    arms,
    origin: server.origin,
    profilesDir: join(OUT, 'profiles'),
    loads: LOADS,
    warmup: WARMUP,
    budgetMs,
    log,
  });
  const s = r.summaries;
  const pick = (page, key) => ({
    cpu: s[page]?.[key]?.cpuRatio ?? null,
    wall: s[page]?.[key]?.wallRatio ?? null,
  });
  const block = (page) => ({
    cpuRatio: pick(page, 'sessionscope').cpu,
    wallRatio: pick(page, 'sessionscope').wall,
    floorCpuRatio: pick(page, 'floorFull').cpu,
    floorWallRatio: pick(page, 'floorFull').wall,
    emptyCpuRatio: pick(page, 'empty').cpu,
    emptyWallRatio: pick(page, 'empty').wall,
    lightCpuRatio: pick(page, 'light').cpu,
    lightWallRatio: pick(page, 'light').wall,
    lightFloorCpuRatio: pick(page, 'floorLight').cpu,
    lightFloorWallRatio: pick(page, 'floorLight').wall,
    pairedCpuDifference: s[page]?.paired ?? null,
    subresources: subresourceCount(page),
    cookies: cookieCount(page),
    arms: s[page],
  });
  results.pageLoad = {
    ...block('heavy'),
    typical: block('typical'),
    loadsPerArm: r.roundsDone,
    driver: driver === 'cdp' ? 'raw CDP over --remote-debugging-pipe (bench/cdp.mjs)' : 'playwright-core',
    warmupRounds: WARMUP,
    listeners: gen.listeners,
    listenersSource: gen.listenersSource,
    notes: r.notes,
  };
  results.machine.browser = r.version
    ? `Chromium ${r.version.replace(/^[A-Za-z]+\//, '')}`
    : results.machine.browser;
  for (const page of PAGE_NAMES) {
    const b = page === 'heavy' ? results.pageLoad : results.pageLoad.typical;
    log(
      `\n  ${page} page (${subresourceCount(page)} subresources, ${cookieCount(page)} set cookies), ${r.roundsDone} loads per arm; ratio to no extension, median (p25–p75):`,
    );
    const none = s[page]?.none;
    log(
      `    ${'arm'.padEnd(30)} ${'CPU ratio'.padEnd(26)} ${'load-time ratio'.padEnd(26)} CPU ms / load ms (median)`,
    );
    for (const arm of arms) {
      const a = s[page][arm.key];
      if (!a) {
        log(`    ${arm.label.padEnd(30)} not measured: ${r.notes[arm.key] ?? 'no loads'}`);
        continue;
      }
      log(
        `    ${arm.label.padEnd(30)} ${fmtRatio(a.cpuRatio).padEnd(26)} ${fmtRatio(a.wallRatio).padEnd(26)} ${a.cpuMs.median} / ${a.wallMs.median}`,
      );
    }
    void none;
    const t = (x, y, slack) => (x?.median == null || y?.median == null ? null : x.median <= y.median + slack);
    log(
      `    targets: Sessionscope ≤ floor + 0.02: ${b.cpuRatio?.median ?? 'n/a'} vs ${round((b.floorCpuRatio?.median ?? NaN) + 0.02, 2) ?? 'n/a'}${mark(t(b.cpuRatio, b.floorCpuRatio, 0.02))}`,
    );
    log(
      `             light ≤ light floor + 0.02: ${b.lightCpuRatio?.median ?? 'n/a'} vs ${round((b.lightFloorCpuRatio?.median ?? NaN) + 0.02, 2) ?? 'n/a'}${mark(t(b.lightCpuRatio, b.lightFloorCpuRatio, 0.02))}`,
    );
    log(
      `             light floor ≤ empty + 0.03: ${b.lightFloorCpuRatio?.median ?? 'n/a'} vs ${round((b.emptyCpuRatio?.median ?? NaN) + 0.03, 2) ?? 'n/a'}${mark(t(b.lightFloorCpuRatio, b.emptyCpuRatio, 0.03))}`,
    );
    const p = b.pairedCpuDifference;
    const d = (x, limit) =>
      x?.median == null
        ? 'n/a'
        : `${x.median >= 0 ? '+' : ''}${x.median.toFixed(3)} (p25–p75 ${x.p25.toFixed(3)}–${x.p75.toFixed(3)}), target ≤ ${limit}${mark(x.median <= limit)}`;
    log('    paired per round, CPU difference / no-extension CPU of the same round:');
    log(`      Sessionscope − floor:           ${d(p?.sessionscopeOverFloor, 0.02)}`);
    log(`      Sessionscope light − its floor: ${d(p?.lightOverLightFloor, 0.02)}`);
    log(`      light floor − empty:            ${d(p?.lightFloorOverEmpty, 0.03)}`);
  }
  if (r.roundsDone < 30 && !QUICK)
    log(`  note: only ${r.roundsDone} loads per arm fitted in the time budget (30 wanted)`);
  writeFileSync(join(OUT, 'page-loads.json'), JSON.stringify(r.records));
});

await server.close();
results.durationS = Math.round(elapsed() / 1000);
writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
log(`\nwrote bench/results.json (${results.durationS} s)`);
