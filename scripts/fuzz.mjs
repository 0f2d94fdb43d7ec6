#!/usr/bin/env node
// Longer fuzzing than CI affords: runs the core's property tests (fast-check) with a large FC_RUNS and
// prints how many cases each file ran and the total. Every property in the repo reads its case count
// from FC_RUNS, so one variable scales them all.
//
//   node scripts/fuzz.mjs                    # FC_RUNS=200000 on src/core
//   node scripts/fuzz.mjs --runs 50000       # another count
//   node scripts/fuzz.mjs --ci --min 100000  # the CI-sized counts; fail if their total is below 100,000
//   node scripts/fuzz.mjs src/core/hostile   # only some test files (vitest filters)
//
// Counting: a setup file registers a fast-check plugin (merged into every property's parameters) that
// appends each property's executed case count to a file; failures are reported by fast-check as usual.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startVitest } from 'vitest/node';

const args = process.argv.slice(2);
function option(name) {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
}
function flag(name) {
  const i = args.indexOf(name);
  if (i < 0) return false;
  args.splice(i, 1);
  return true;
}

const ci = flag('--ci');
const min = Number(option('--min') ?? 0);
const runs = ci ? undefined : Number(option('--runs') ?? process.env.FC_RUNS ?? 200_000);
if (runs !== undefined && !(Number.isInteger(runs) && runs > 0)) {
  console.error(`fuzz: --runs must be a positive integer, got ${runs}`);
  process.exit(2);
}
const filters = args.length > 0 ? args : ['src/core'];

// New inputs on every long run; the unit suite itself uses a fixed seed (src/test-setup.ts).
if (!ci) process.env.FC_SEED ??= 'random';
if (runs === undefined) delete process.env.FC_RUNS;
else process.env.FC_RUNS = String(runs);

const root = resolve('.');
const work = join(root, '.tmp', 'fuzz');
const counts = join(work, 'counts');
rmSync(work, { recursive: true, force: true });
mkdirSync(counts, { recursive: true });
const setup = join(work, 'count-cases.setup.mjs');
writeFileSync(
  setup,
  `import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect } from 'vitest';
const file = ${JSON.stringify(counts)} + '/' + process.pid + '-' + Math.random().toString(36).slice(2) + '.jsonl';
const counter = () => ({
  onAllRunsComplete(details) {
    const test = expect.getState().testPath ?? 'unknown';
    appendFileSync(file, JSON.stringify({ test, runs: details.numRuns, failed: details.failed }) + '\\n');
  },
});
fc.configureGlobal({ ...(fc.readConfigureGlobal() ?? {}), plugins: [counter] });
`,
);

const started = Date.now();
console.log(
  `fuzz: ${runs === undefined ? 'CI-sized counts' : `FC_RUNS=${runs}`} on ${filters.join(' ')} (this can take a while)`,
);
const vitest = await startVitest('test', filters, { run: true, watch: false, setupFiles: [setup] });
const failed = !vitest || vitest.state.getCountOfFailedTests() > 0 || process.exitCode === 1;
await vitest?.close();

const perFile = new Map();
let total = 0;
let properties = 0;
for (const name of readdirSync(counts)) {
  for (const line of readFileSync(join(counts, name), 'utf8').split('\n')) {
    if (!line) continue;
    const { test, runs: n } = JSON.parse(line);
    const rel = test.startsWith(root) ? test.slice(root.length + 1) : test;
    const entry = perFile.get(rel) ?? { properties: 0, cases: 0 };
    entry.properties += 1;
    entry.cases += n;
    perFile.set(rel, entry);
    total += n;
    properties += 1;
  }
}
console.log('\nfuzz: cases run per file');
for (const [file, { properties: p, cases }] of [...perFile].sort((a, b) => b[1].cases - a[1].cases)) {
  console.log(
    `  ${cases.toLocaleString('en-US').padStart(12)}  ${String(p).padStart(3)} properties  ${file}`,
  );
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`fuzz: total ${total.toLocaleString('en-US')} cases in ${properties} properties, ${seconds} s`);
if (failed) {
  console.error('fuzz: some tests failed (see above)');
  process.exit(1);
}
if (total < min) {
  console.error(`fuzz: total ${total} is below the required ${min}`);
  process.exit(1);
}
process.exit(0);
