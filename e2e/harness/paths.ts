// Where the harness finds the builds and browsers, and where it keeps everything it makes.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST_CHROME = join(ROOT, 'dist/chrome');
export const DIST_FIREFOX = join(ROOT, 'dist/firefox');
export const DJANGO_SITE = join(ROOT, 'e2e/django_site');
export const ARTIFACTS = join(ROOT, 'e2e/artifacts');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
// Debian's python: `python3` on PATH may be another interpreter without Django.
export const PYTHON_PATH = process.env.DJANGO_PYTHON || '/usr/bin/python3';

/** Same value as GECKO_ID in vite.config.ts (copied: importing the Vite config would pull in the build). */
export const GECKO_ID = 'sessionscope@sessionscope.dev';

let runDir: string | undefined;
let ownRunDir = false;

/**
 * One folder per test run (or per `npm start`) under .tmp/e2e: profiles, databases, TMPDIR for the
 * browsers. The global teardown kills whatever still runs from it and deletes it, so a crashed worker
 * leaves nothing behind, and parallel runs by different people never touch each other's processes.
 */
export function e2eRunDir(): string {
  if (!runDir) {
    ownRunDir = !process.env.E2E_RUN_DIR;
    runDir =
      process.env.E2E_RUN_DIR || join(ROOT, '.tmp/e2e', `run-${process.pid}-${Date.now().toString(36)}`);
    process.env.E2E_RUN_DIR = runDir;
  }
  mkdirSync(join(runDir, 'tmp'), { recursive: true });
  return runDir;
}

let counter = 0;
/** A fresh, not yet existing path inside the run folder. */
export function freshPath(prefix: string): string {
  counter += 1;
  return join(e2eRunDir(), `${prefix}-${process.pid}-${counter}-${Date.now().toString(36)}`);
}

/** TMPDIR for child processes, inside the run folder so nothing lands in /tmp. */
export function childTmpDir(): string {
  return join(e2eRunDir(), 'tmp');
}

/** The run folder if this process made it (outside vitest, e.g. `npm start`), to delete at exit. */
export function ownedRunDir(): string | undefined {
  return ownRunDir ? runDir : undefined;
}
