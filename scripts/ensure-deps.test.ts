// What `npm start` and `npm test` say when a browser or Django is missing: run for real, as a newcomer would.
// (The install branch, as root on Debian, is not run here: it would change the machine's packages.)
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';

function ensureDeps(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['scripts/ensure-deps.mjs', ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('ensure-deps', () => {
  test('a browser path that points nowhere stops with what to fix, and changes nothing', () => {
    const r = ensureDeps(['chromium'], { CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(r.status).toBe(1);
    expect(r.out).toContain('Chromium (/nonexistent/chromium): CHROMIUM_PATH points there; fix it');
    expect(r.out).not.toContain('apt-get install');
  });

  test('a Python without Django is named, with the variable to set', () => {
    const r = ensureDeps(['firefox'], { DJANGO_PYTHON: process.execPath });
    expect(r.status).toBe(1);
    expect(r.out).toContain(`Django for ${process.execPath}: DJANGO_PYTHON points there`);
  });

  test('an openssl that is not there is named, with the variable to set', () => {
    const r = ensureDeps(['chromium'], { OPENSSL_PATH: '/nonexistent/openssl' });
    expect(r.status).toBe(1);
    expect(r.out).toContain(
      "openssl (/nonexistent/openssl), for the lab site's https certificate: OPENSSL_PATH points there",
    );
  });

  test('with everything installed, it says so and lets the command go on', () => {
    const r = ensureDeps([], {});
    expect(r.out).toContain('System dependencies: all present.');
    expect(r.status).toBe(0);
  });
});
