// `npm run bench`: what Sessionscope costs a user, each figure beside its baseline or target.
// A benchmark, not a test: it always exits 0; a part that cannot run says why and the others go on.
// Env (docs/PERFORMANCE.md has the table): BENCH_QUICK=1 (smoke run), BENCH_LOADS (page loads per arm and
// page), BENCH_ONLY=size,core,popup,panel,worker,coldstart,pageload, BENCH_BROWSERS=chromium,firefox,
// BENCH_DIST / BENCH_DIST_FIREFOX (built extension), BENCH_BUILD=1, BENCH_CAPTURE (see bench/capture.mjs),
// BENCH_COOKIES, BENCH_REQUESTS, BENCH_BUDGET_S, BENCH_PAGES, BENCH_EXTRA_ARMS, BENCH_DRIVER.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  captureStrategy,
  patternsForHost,
  prepareProduct,
  readManifestIn,
  testBuildDir,
} from './capture.mjs';
import { launchRaw } from './cdp.mjs';
import { runColdStart } from './cold-start.mjs';
import { generateExtensions, writeEmptyPage } from './extensions.mjs';
import { PAGE_NAMES, PAIRS, runPageLoad } from './page-load.mjs';
import { runPopup } from './popup.mjs';
import { cookieCount, startServer, subresourceCount } from './server.mjs';
import { bundleSizes } from './size.mjs';
import { round } from './stats.mjs';
import { evaluateTargets, formatInterval, formatTargetLine } from './targets.mjs';
import { runListenerFloor, runWorkerBurst } from './worker.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, '.tmp', 'bench');
const QUICK = process.env.BENCH_QUICK === '1';
const TOTAL_BUDGET_MS = Number(process.env.BENCH_BUDGET_S ?? 1140) * 1000;
const LOADS = Number(process.env.BENCH_LOADS ?? (QUICK ? 2 : 30));
const WARMUP = 1;
const COOKIES = Number(process.env.BENCH_COOKIES ?? (QUICK ? 1000 : 5000));
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? (QUICK ? 1000 : 2000));
const POPUP_RUNS = QUICK ? 3 : 10;
const POPUP_COLD_RUNS = QUICK ? 2 : 5;
const COLD_RUNS = QUICK ? 3 : 15;
const ONLY = new Set(
  (process.env.BENCH_ONLY ?? 'size,core,popup,panel,worker,coldstart,pageload').split(','),
);
// BENCH_ONLY=worker means every worker figure: the bursts and the cold start.
if (ONLY.has('worker')) ONLY.add('coldstart');
const BROWSERS = (process.env.BENCH_BROWSERS ?? 'chromium,firefox')
  .split(',')
  .filter((b) => b === 'chromium' || b === 'firefox');
const BUILD = process.env.BENCH_BUILD === '1';
const DIST = {
  chromium: resolve(ROOT, process.env.BENCH_DIST ?? (BUILD ? '.tmp/bench/build-chrome' : 'dist/chrome')),
  firefox: resolve(
    ROOT,
    process.env.BENCH_DIST_FIREFOX ?? (BUILD ? '.tmp/bench/build-firefox' : 'dist/firefox'),
  ),
};
// The page's own site, and another site served by the same server. A second port would be the same site
// (cookies and the capture filter ignore ports): another host name is needed.
const HOST = 'localhost';
const OTHER_HOST = '127.0.0.1';

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
  dist: DIST.chromium,
  distFirefox: DIST.firefox,
};

function version(bin) {
  try {
    return spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 }).stdout.trim() || null;
  } catch {
    return null;
  }
}

function machine() {
  const model = cpus()[0]?.model ?? 'unknown';
  let memGB = null;
  try {
    memGB = round(Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))[1]) / 1048576, 1);
  } catch {}
  let loadAverage = null;
  try {
    loadAverage = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  } catch {}
  return {
    cores: cpus().length,
    cpuModel: model,
    memGB,
    node: process.version,
    browser: version(process.env.CHROMIUM ?? '/usr/bin/chromium'),
    firefox: version(process.env.FIREFOX_PATH || '/usr/bin/firefox-esr'),
    loadAverageAtStart: loadAverage,
  };
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

/**
 * BENCH_BUILD=1: the same production builds as `npm run build`, into .tmp so dist/ is left to others,
 * with the test builds (webRequest required) beside them. A config without the test modes builds the
 * shipped manifest there, which the switch in bench/capture.mjs then does not take for a test build.
 */
async function buildPrivate() {
  const { build } = await import('vite');
  for (const [browser, mode] of [
    ['chromium', 'chrome'],
    ['firefox', 'firefox'],
  ]) {
    if (!BROWSERS.includes(browser) && browser !== 'chromium') continue;
    for (const [m, outDir] of [
      [mode, DIST[browser]],
      [`${mode}-test`, testBuildDir(ROOT, browser, { privateBuild: true })],
    ]) {
      const t0 = performance.now();
      await build({ root: ROOT, mode: m, logLevel: 'error', build: { outDir, emptyOutDir: true } });
      log(`built ${outDir} in ${Math.round(performance.now() - t0)} ms`);
    }
  }
}

/**
 * A build is copied before it is measured, so a build running meanwhile cannot change it under the
 * browsers. The copy also gets the bench's empty extension page (popup.emptyPageMs).
 */
function snapshot(dir, name) {
  if (!existsSync(join(dir, 'manifest.json')))
    throw new Error(`${dir} has no manifest.json: run npm run build first`);
  const copy = join(OUT, name);
  rmSync(copy, { recursive: true, force: true });
  cpSync(dir, copy, { recursive: true });
  writeEmptyPage(copy);
  return copy;
}

function newestMtime(dir) {
  let newest = 0;
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(dir);
  return newest;
}

/** The builds to measure for one browser: the shipped one, the test build if any, and the switch. */
function buildsFor(browser) {
  const shippedDir = DIST[browser];
  const shipped = snapshot(shippedDir, `ext-${browser}-sessionscope`);
  const builtAt = statSync(join(shippedDir, 'manifest.json')).mtimeMs;
  if (newestMtime(join(ROOT, 'src')) > builtAt)
    log(
      `  note: src/ changed after ${shippedDir} was built: the numbers are for the build, run npm run build for current code`,
    );
  const testDir = testBuildDir(ROOT, browser, { privateBuild: BUILD });
  const testManifest = readManifestIn(testDir);
  const choice = captureStrategy({
    manifest: readManifestIn(shipped),
    testBuildManifest: testManifest,
    forced: process.env.BENCH_CAPTURE || null,
  });
  const test =
    choice.strategy === 'test-build' && testManifest
      ? snapshot(testDir, `ext-${browser}-sessionscope-test`)
      : null;
  if (choice.strategy === 'test-build' && !test)
    throw new Error(`BENCH_CAPTURE=test-build but ${testDir} has no build`);
  return {
    shipped,
    test,
    strategy: choice.strategy,
    why: choice.why,
    builtAt: new Date(builtAt).toISOString(),
    // The captured arms run the test build when that is the strategy, else the shipped one.
    capture: test ?? shipped,
  };
}

log(`Sessionscope benchmark${QUICK ? ' (quick smoke run: numbers are not comparable)' : ''}`);
log(
  `machine: ${results.machine.cores} cores, ${results.machine.cpuModel}, ${results.machine.browser}, ${results.machine.firefox}, node ${results.machine.node}, load average ${results.machine.loadAverageAtStart?.join(' ')}`,
);

const builds = {};
if (BUILD) await buildPrivate().catch((e) => log(`build failed: ${e.message}`));
for (const browser of ['chromium', ...BROWSERS.filter((b) => b !== 'chromium')]) {
  try {
    builds[browser] = buildsFor(browser);
    const b = builds[browser];
    log(`${browser}: ${DIST[browser]} (built ${b.builtAt}); capture: ${b.strategy} (${b.why})`);
  } catch (e) {
    log(`${browser}: extension not available: ${e.message}`);
    results.errors = { ...(results.errors ?? {}), [`dist-${browser}`]: e.message };
  }
}
const ext = builds.chromium?.shipped ?? null;
results.builtAt = builds.chromium?.builtAt ?? null;
results.captureStrategy = Object.fromEntries(
  Object.entries(builds).map(([k, v]) => [
    k,
    { strategy: v.strategy, why: v.why, testBuild: v.test !== null },
  ]),
);

const server = await startServer();
const origin = server.origin;
const otherOrigin = `http://${OTHER_HOST}:${server.port}`;

/** Puts a product handle in `state`; the one entry every part uses (see bench/capture.mjs). */
function prepareFor(browser, state, capturedSite = null, visit = null) {
  return async (handle, ctx = {}) =>
    (
      await prepareProduct(handle, {
        state,
        strategy: builds[browser].strategy,
        capturedSite,
        relaunch: ctx.relaunch,
        visit,
        pageUrl: `${origin}/page/typical`,
        log,
      })
    ).handle;
}

/** A Chromium profile prepared in `state` over raw CDP, left on disk for a later launch (e.g. Playwright's). */
async function preparedProfile(name, extDir, state, capturedSite) {
  const profile = join(OUT, 'profiles', name);
  let h = await launchRaw(profile, extDir);
  try {
    h = await prepareFor(
      'chromium',
      state,
      capturedSite,
    )(h, {
      relaunch: async () => {
        await h.close({ keepProfile: true });
        h = await launchRaw(profile, extDir, { reuseProfile: true });
        return h;
      },
    });
  } finally {
    await h.close({ keepProfile: true });
  }
  return profile;
}

const generated = {};
for (const browser of Object.keys(builds)) {
  generated[browser] = generateExtensions(builds[browser].shipped, OUT, {
    browser,
    capturedPatterns: patternsForHost(HOST),
    otherPatterns: patternsForHost(OTHER_HOST),
  });
}

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
    coldRuns: POPUP_COLD_RUNS,
    log,
    prepare: prepareFor('chromium', 'default'),
  });
  results.popup = p;
  const m = p.firstRenderMs.median;
  log(
    `  state/get round trip alone, from an extension page: ${round(p.stateGetMs.median, 0)} ms as the popup asks (events: false, median of 4), ${round(p.stateGetFullMs.median, 0)} ms with every event`,
  );
  log(
    `  first render, 1,000 sites × 50 events, ?all=1, warm worker: median ${round(m, 0)} ms (p25–p75 ${round(p.firstRenderMs.p25, 0)}–${round(p.firstRenderMs.p75, 0)}, ${p.runs} runs, by ${p.measuredBy}, ${p.rowsInDom} rows in the DOM)`,
  );
  log(
    `  empty extension page opened the same way: median ${round(p.emptyPageMs.median, 0)} ms; popup − empty page, paired: ${round(p.firstRenderOverEmptyPageMs.median, 0)} ms ${formatInterval(p.firstRenderOverEmptyPageMs.ci95, 'ms')}`,
  );
  log(
    `  cold worker (stopped before the open): popup first render median ${round(p.coldWorkerFirstRenderMs.median, 0)} ms over ${p.coldWorkerFirstRenderMs.n} opens`,
  );
  if (p.pageStartMs?.median != null)
    log(
      `    of which the page's start until its scripts have run (DOMContentLoaded): median ${round(p.pageStartMs.median, 0)} ms; after it: ${round(m - p.pageStartMs.median, 0)} ms`,
    );
});

// The DevTools panel's own module (push latency, an open panel's cost), from the panel's branch: wired here
// with the interface it exports, and skipped with a reason while it is not there.
await part('panel', async () => {
  if (!ext) throw new Error('no build');
  const module = join(ROOT, 'bench', 'panel.mjs');
  if (!existsSync(module)) throw new Error('no bench/panel.mjs in this tree');
  const { runPanel } = await import(module);
  results.panel = await runPanel({
    ext,
    origin,
    profilesDir: join(OUT, 'profiles'),
    pushes: QUICK ? 5 : 30,
    loads: QUICK ? 2 : 10,
    log,
  });
});

await part('worker', async () => {
  if (!ext) throw new Error('no build');
  // The bursts count requests: the server's site is captured, the same way as in the captured arm.
  const profile = await preparedProfile('worker', builds.chromium.capture, 'captured', HOST);
  const w = await runWorkerBurst({
    ext: builds.chromium.capture,
    origin,
    profilesDir: join(OUT, 'profiles'),
    profile,
    cookies: COOKIES,
    requests: REQUESTS,
    log,
  });
  // The browser's own delivery time for the same burst: what the catch-up is read against.
  w.cookies.listenerFloor = await runListenerFloor({
    origin: server.origin,
    profilesDir: join(OUT, 'profiles'),
    cookies: COOKIES,
    log,
  });
  results.worker = { ...(results.worker ?? {}), ...w };
  const c = w.cookies.trace;
  const q = w.requests.trace;
  log(`  method: ${w.method}`);
  log(
    `  per cookie event (listener dispatch on the worker thread): p50 ${c.dispatchMs.p50} ms, p99 ${c.dispatchMs.p99} ms (CPU p50 ${c.dispatchCpuMs.p50}, p99 ${c.dispatchCpuMs.p99} ms) over ${c.dispatches} dispatches`,
  );
  log(
    `  cookie burst: worker thread CPU ${c.busyCpuMs} ms for ${COOKIES} writes = ${round(c.busyCpuMs / COOKIES, 3)} ms per write, longest task ${c.taskMs.max} ms; caught up ${w.cookies.catchUpMs} ms after the burst (an empty listener got the last event ${w.cookies.listenerFloor.catchUpMs} ms after it)`,
  );
  log(
    `  per request event: p50 ${q.dispatchMs.p50} ms, p99 ${q.dispatchMs.p99} ms; worker CPU ${q.busyCpuMs} ms for ${w.requests.expected} requests = ${round(q.busyCpuMs / w.requests.expected, 3)} ms per request`,
  );
  log(
    `  dropped: ${w.dropped} (cookies ${w.cookies.dropped} of ${COOKIES}, requests ${w.requests.dropped} of ${w.requests.expected})`,
  );
  log(
    `  worker memory: extension process ${w.memory.processMBBefore} → ${w.memory.processMBAfter} MiB (peak ${w.memory.processPeakMB}), JS heap ${w.memory.heapUsedMBBefore} → ${w.memory.heapUsedMBAfter} MiB`,
  );
});

await part('coldstart', async () => {
  if (!ext) throw new Error('no build');
  const c = await runColdStart({
    ext,
    emptyExt: generated.chromium.paths.coldEmpty,
    origin,
    profilesDir: join(OUT, 'profiles'),
    runs: COLD_RUNS,
    log,
    prepare: prepareFor('chromium', 'default'),
  });
  results.worker = { ...(results.worker ?? {}), ...c };
  log(
    `  Sessionscope ${round(c.coldStartMs.median, 0)} ms (p25–p75 ${round(c.coldStartMs.p25, 0)}–${round(c.coldStartMs.p75, 0)}), empty extension ${round(c.emptyColdStartMs.median, 0)} ms (${round(c.emptyColdStartMs.p25, 0)}–${round(c.emptyColdStartMs.p75, 0)}); difference, paired: ${round(c.coldStartOverEmptyMs.median, 0)} ms ${formatInterval(c.coldStartOverEmptyMs.ci95, 'ms')}`,
  );
});

const ARM_LABELS = {
  none: 'no extension',
  empty: 'empty extension',
  emptyWebRequest: 'empty + webRequest permission',
  floorFull: 'floor, site captured',
  floorLight: 'floor, capture off (perm. held)',
  floorNoWebRequest: 'floor, no webRequest permission',
  default: 'Sessionscope default (none captured)',
  sessionscope: 'Sessionscope, this site captured',
  otherSite: 'Sessionscope, another site captured',
  light: 'Sessionscope, capture off',
  permissionsOnly: 'diag: permissions, no listener',
  cookiesOnly: 'diag: cookies.onChanged only',
  floorLightNoCookies: 'diag: capture-off floor − cookies',
  floorOtherSite: 'diag: floor, another site captured',
};

function armsFor(browser) {
  const gen = generated[browser];
  const b = builds[browser];
  const arm = (key, extDir, extra = {}) => ({ browser, key, label: ARM_LABELS[key], ext: extDir, ...extra });
  const extra = process.env.BENCH_EXTRA_ARMS === '1';
  // BENCH_ARMS=default,sessionscope: only these arms (and the no-extension baseline they are paired with).
  const only = process.env.BENCH_ARMS ? new Set(['none', ...process.env.BENCH_ARMS.split(',')]) : null;
  return [
    arm('none', null),
    arm('empty', gen.paths.empty),
    arm('emptyWebRequest', gen.paths.emptyWebRequest),
    arm('floorFull', gen.paths.floorFull),
    arm('floorLight', gen.paths.floorLight),
    arm('floorNoWebRequest', gen.paths.floorNoWebRequest),
    ...(extra
      ? [
          arm('permissionsOnly', gen.paths.permissionsOnly),
          arm('cookiesOnly', gen.paths.cookiesOnly),
          arm('floorLightNoCookies', gen.paths.floorLightNoCookies),
          arm('floorOtherSite', gen.paths.floorOtherSite),
        ]
      : []),
    arm('default', b.shipped, { prepare: prepareFor(browser, 'default') }),
    arm('sessionscope', b.capture, { prepare: prepareFor(browser, 'captured', HOST) }),
    // The captured site is another host of the same server; the page loaded is the same as every arm's.
    arm('otherSite', b.capture, {
      prepare: prepareFor(browser, 'otherSite', OTHER_HOST, `${otherOrigin}/page/typical?r=0`),
    }),
    ...(extra
      ? [
          arm('light', b.capture, {
            prepare: async (h) => {
              const r = await h.sendMessage({
                type: 'settings/set',
                settings: { headerCapture: { mode: 'off' } },
              });
              if (!r?.ok) throw new Error(`settings/set replied ${JSON.stringify(r)?.slice(0, 200)}`);
              return h;
            },
          }),
        ]
      : []),
  ].filter((a) => !only || only.has(a.key));
}

/** The results.json block of one browser and page: today's keys, and the new arms beside them. */
function pageBlock(sums, page) {
  const s = sums?.[page] ?? {};
  const ratio = (key, kind) => s[key]?.[kind] ?? null;
  const { paired, ...arms } = s;
  return {
    cpuRatio: ratio('sessionscope', 'cpuRatio'),
    wallRatio: ratio('sessionscope', 'wallRatio'),
    floorCpuRatio: ratio('floorFull', 'cpuRatio'),
    floorWallRatio: ratio('floorFull', 'wallRatio'),
    emptyCpuRatio: ratio('empty', 'cpuRatio'),
    emptyWallRatio: ratio('empty', 'wallRatio'),
    lightCpuRatio: ratio('light', 'cpuRatio'),
    lightWallRatio: ratio('light', 'wallRatio'),
    lightFloorCpuRatio: ratio('floorLight', 'cpuRatio'),
    lightFloorWallRatio: ratio('floorLight', 'wallRatio'),
    defaultCpuRatio: ratio('default', 'cpuRatio'),
    defaultWallRatio: ratio('default', 'wallRatio'),
    otherSiteCpuRatio: ratio('otherSite', 'cpuRatio'),
    otherSiteWallRatio: ratio('otherSite', 'wallRatio'),
    emptyWebRequestCpuRatio: ratio('emptyWebRequest', 'cpuRatio'),
    noWebRequestFloorCpuRatio: ratio('floorNoWebRequest', 'cpuRatio'),
    pairedCpuDifference: paired ?? null,
    subresources: subresourceCount(page),
    cookies: cookieCount(page),
    arms,
  };
}

function printPageLoads(browser, sums, arms, rounds, notes) {
  for (const page of PAGE_NAMES) {
    log(
      `\n  ${browser}, ${page} page (${subresourceCount(page)} subresources, ${cookieCount(page)} set cookies), ${rounds} loads per arm; ratio to no extension, median (p25–p75):`,
    );
    log(`    ${'arm'.padEnd(38)} ${'CPU ratio'.padEnd(26)} ${'load-time ratio'.padEnd(26)} CPU ms / load ms`);
    for (const arm of arms) {
      const a = sums?.[page]?.[arm.key];
      if (!a) {
        log(`    ${arm.label.padEnd(38)} ${notes[`${browser}:${arm.key}`] ?? 'no loads'}`);
        continue;
      }
      log(
        `    ${arm.label.padEnd(38)} ${fmtRatio(a.cpuRatio).padEnd(26)} ${fmtRatio(a.wallRatio).padEnd(26)} ${round(a.cpuMs.median, 0)} / ${round(a.wallMs.median, 0)}`,
      );
    }
    log(
      '    paired per round, CPU difference / no-extension CPU of the same round, median (p25–p75) [95% bootstrap]:',
    );
    for (const [name, [key, ref]] of Object.entries(PAIRS)) {
      const d = sums?.[page]?.paired?.[name];
      if (!d) continue;
      const sign = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;
      log(
        `      ${`${ARM_LABELS[key]} − ${ARM_LABELS[ref]}`.padEnd(72)} ${sign(d.median)} (${sign(d.p25)}–${sign(d.p75)}) ${formatInterval(d.ci95, 'ratio')}`,
      );
    }
  }
}

await part('pageload', async () => {
  const arms = BROWSERS.filter((b) => builds[b]).flatMap(armsFor);
  for (const browser of Object.keys(generated))
    log(
      `  ${browser} floor listener set (${generated[browser].listenersSource}): ${generated[browser].listeners.join(', ')}; webRequest options ${JSON.stringify(generated[browser].extraInfo)}, filter of the captured floor ${JSON.stringify(generated[browser].capturedPatterns)}`,
    );
  const budgetMs = Math.max(60_000, TOTAL_BUDGET_MS - elapsed() - 20_000);
  log(
    `  ${arms.length} arms (${BROWSERS.join(' and ')}), ${LOADS} loads per arm and page after ${WARMUP} warm-up round, time budget ${Math.round(budgetMs / 1000)} s; pages from ${origin}, the other site is ${OTHER_HOST}`,
  );
  const driver = process.env.BENCH_DRIVER === 'playwright' ? 'playwright' : 'cdp';
  const r = await runPageLoad({
    driver,
    arms,
    origin,
    profilesDir: join(OUT, 'profiles'),
    loads: LOADS,
    warmup: WARMUP,
    budgetMs,
    log,
  });
  const s = r.summaries;
  const perBrowser = (browser) => ({
    ...pageBlock(s[browser], 'heavy'),
    typical: pageBlock(s[browser], 'typical'),
    loadsPerArm: r.roundsDone,
    browserVersion: r.versions[browser] ?? null,
    listeners: generated[browser]?.listeners ?? null,
    listenersSource: generated[browser]?.listenersSource ?? null,
    captureStrategy: builds[browser]?.strategy ?? null,
  });
  results.pageLoad = {
    ...perBrowser('chromium'),
    driver: driver === 'cdp' ? 'raw CDP over --remote-debugging-pipe (bench/cdp.mjs)' : 'playwright-core',
    warmupRounds: WARMUP,
    hosts: { page: HOST, otherCaptured: OTHER_HOST },
    notes: r.notes,
    ...(BROWSERS.includes('firefox')
      ? {
          firefox: {
            ...perBrowser('firefox'),
            driver: 'puppeteer-core over WebDriver BiDi, network events off (bench/firefox.mjs)',
          },
        }
      : {}),
  };
  if (r.versions.chromium)
    results.machine.browser = `Chromium ${r.versions.chromium.replace(/^[A-Za-z]+\//, '')}`;
  for (const browser of BROWSERS)
    printPageLoads(
      browser,
      s[browser],
      arms.filter((a) => a.browser === browser),
      r.roundsDone,
      r.notes,
    );
  if (r.roundsDone < LOADS && !QUICK)
    log(`  note: only ${r.roundsDone} loads per arm fitted in the time budget (${LOADS} wanted)`);
  writeFileSync(join(OUT, 'page-loads.json'), JSON.stringify(r.records));
});

await server.close();
results.durationS = Math.round(elapsed() / 1000);
results.targets = evaluateTargets(results);
log('\n== targets (✓ when the median is within the target; the interval is its 95% bootstrap interval)');
for (const row of results.targets) log(`  ${formatTargetLine(row)}`);
writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
log(`\nwrote bench/results.json (${results.durationS} s)`);
