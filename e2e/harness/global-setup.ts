// Runs once in vitest's main process: makes the run folder that every worker uses, and at the end kills
// whatever still runs from it (a worker that crashed or timed out cannot clean up itself).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths';
import { killTree, pidsMentioning, removeDir } from './processes';

export default function setup(): () => Promise<void> {
  // e2e/run.mjs makes the folder and passes it on (it sweeps again after vitest, even after Ctrl+C).
  const runDir =
    process.env.E2E_RUN_DIR || join(ROOT, '.tmp/e2e', `run-${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(join(runDir, 'tmp'), { recursive: true });
  process.env.E2E_RUN_DIR = runDir;
  // Workers inherit it: Playwright's and puppeteer's own temp files land in the run folder too.
  process.env.TMPDIR = join(runDir, 'tmp');
  return async () => {
    const leftovers = pidsMentioning(runDir);
    if (leftovers.length > 0) {
      console.warn(`e2e teardown: killing ${leftovers.length} leftover process(es) from ${runDir}`);
      await killTree(leftovers);
    }
    if (existsSync(runDir) && !process.env.E2E_KEEP_RUN_DIR) await removeDir(runDir);
  };
}
