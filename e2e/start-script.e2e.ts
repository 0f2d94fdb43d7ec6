// `npm start` without a display is what a newcomer on SSH or CI sees first: it must drive the demo visit
// and print what the extension recorded, then exit 0 (README, issue 2).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BROWSERS } from './harness';

describe.each(BROWSERS)('npm start, no display (%s)', (browserName) => {
  it('drives the demo visit, prints the recorded sessionid as logged out, and exits 0', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, START_SKIP_BUILD: '1' };
    delete env.DISPLAY;
    const run = spawnSync(process.execPath, ['scripts/start.mjs', browserName, '--headless'], {
      env,
      encoding: 'utf8',
      timeout: 110_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output).toBe(0);
    expect(run.stdout).toMatch(/127\.0\.0\.1\s+sessionid\s+django\s+ended\s+logout/);
  });
});
