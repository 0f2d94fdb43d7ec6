// `npm run test:e2e [file filters…]`: builds both browsers' extensions (unless E2E_SKIP_BUILD=1), then
// runs the e2e suite in real Chromium and Firefox (E2E_BROWSERS=chromium or firefox to run one).
// Whatever way vitest ends (also Ctrl+C), nothing started from this run's folder is left running.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (process.env.E2E_SKIP_BUILD !== '1') {
  const build = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const runDir = join(root, '.tmp/e2e', `run-${process.pid}-${Date.now().toString(36)}`);
mkdirSync(join(runDir, 'tmp'), { recursive: true });
const env = { ...process.env, E2E_RUN_DIR: runDir, TMPDIR: join(runDir, 'tmp') };
const vitest = join(root, 'node_modules/vitest/vitest.mjs');
const child = spawn(
  process.execPath,
  [vitest, 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)],
  {
    cwd: root,
    env,
    stdio: 'inherit',
  },
);

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = true;
    child.kill(signal);
  });
}

/** Processes naming the run folder (browsers by profile path, Django by data dir), for a last sweep. */
function leftovers() {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(runDir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function sweep() {
  const pids = leftovers();
  for (const pid of pids) {
    try {
      // Browsers run in their own process groups: take the whole group down.
      process.kill(-pid, 'SIGKILL');
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
  return pids.length;
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

child.on('exit', (code, signal) => {
  // vitest's worker may outlive vitest by a moment and still write into the folder: sweep a few times.
  let killed = 0;
  for (let round = 0; round < 4; round++) {
    killed += sweep();
    if (existsSync(runDir) && !process.env.E2E_KEEP_RUN_DIR) {
      rmSync(runDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    }
    if (round < 3 && (interrupted || killed > 0)) sleep(500);
    else break;
  }
  if (killed > 0) console.warn(`e2e: killed ${killed} leftover process(es)`);
  process.exit(interrupted ? 130 : (code ?? (signal ? 1 : 0)));
});
