// `npm test`: every check, in order, stopping at the first failure, with a summary of durations.
// usage: npm test [-- step…]   (steps: deps lint types unit build weblint e2e; default all)
// FC_RUNS (fast-check runs for property tests) and E2E_BROWSERS pass through to the steps.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules/.bin', name);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.error) throw result.error;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

function webExtLint() {
  const result = spawnSync(
    bin('web-ext'),
    ['lint', '--source-dir', 'dist/firefox', '--self-hosted', '-o', 'json'],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    process.stdout.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    throw new Error('web-ext lint did not print a JSON report');
  }
  const { errors = 0, warnings = 0, notices = 0 } = report.summary ?? {};
  for (const kind of ['errors', 'warnings']) {
    for (const item of report[kind] ?? []) {
      console.log(
        `  ${kind.slice(0, -1)}: ${item.code}: ${item.message}${item.file ? ` (${item.file})` : ''}`,
      );
    }
  }
  console.log(`web-ext lint: ${errors} error(s), ${warnings} warning(s), ${notices} notice(s)`);
  if (errors > 0) throw new Error(`web-ext lint found ${errors} error(s)`);
}

const steps = [
  ['deps', 'System dependencies (browsers, Django)', () => ensureDeps()],
  ['lint', 'Lint and format (biome ci)', () => run(bin('biome'), ['ci', '.'])],
  ['types', 'Type check (tsc --noEmit)', () => run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'])],
  [
    'unit',
    'Unit tests (vitest)',
    () => run(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run']),
  ],
  ['build', 'Build dist/chrome and dist/firefox', () => run(npm, ['run', 'build'])],
  ['weblint', 'web-ext lint on dist/firefox', webExtLint],
  [
    'e2e',
    'End-to-end tests in real Chromium and Firefox',
    () => run(process.execPath, [join(root, 'e2e/run.mjs')], { E2E_SKIP_BUILD: '1' }),
  ],
];

const only = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = only.filter((name) => !steps.some(([key]) => key === name));
if (unknown.length > 0) {
  console.error(`unknown step(s): ${unknown.join(', ')}; steps are: ${steps.map(([key]) => key).join(' ')}`);
  process.exit(2);
}
const selected = only.length > 0 ? steps.filter(([key]) => only.includes(key)) : steps;

const results = [];
const started = Date.now();
let failed = false;
if (process.env.FC_RUNS) console.log(`FC_RUNS=${process.env.FC_RUNS}`);
for (const [key, title, step] of selected) {
  console.log(`\n=== ${key}: ${title} ===`);
  const t0 = Date.now();
  try {
    await step();
    results.push([key, 'ok', Date.now() - t0]);
  } catch (error) {
    results.push([key, 'FAILED', Date.now() - t0]);
    console.error(`\n${key} failed: ${error instanceof Error ? error.message : String(error)}`);
    failed = true;
    break;
  }
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
console.log('\n=== summary ===');
for (const [key, status, ms] of results)
  console.log(`${key.padEnd(8)} ${status.padEnd(7)} ${seconds(ms).padStart(9)}`);
for (const [key] of selected.slice(results.length)) console.log(`${key.padEnd(8)} skipped`);
console.log(
  `${'total'.padEnd(8)} ${(failed ? 'FAILED' : 'ok').padEnd(7)} ${seconds(Date.now() - started).padStart(9)}`,
);
process.exit(failed ? 1 : 0);
