// Checks for what the e2e tests and `npm start` need outside npm: Chromium, Firefox ESR, Django for
// Debian's python3, and openssl (which makes the lab site's certificate). On Debian as root, installs what is missing; otherwise says exactly what to do.
// usage: node scripts/ensure-deps.mjs [--xvfb] [chromium] [firefox]   (default: both browsers)
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const PYTHON = process.env.DJANGO_PYTHON || '/usr/bin/python3';

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function checks({ browsers, xvfb }) {
  const list = [];
  if (browsers.includes('chromium')) {
    const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
    list.push({
      what: `Chromium (${path})`,
      ok: () => executable(path),
      pkg: process.env.CHROMIUM_PATH ? null : 'chromium',
      variable: 'CHROMIUM_PATH',
    });
  }
  if (browsers.includes('firefox')) {
    const path = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
    list.push({
      what: `Firefox ESR (${path})`,
      ok: () => executable(path),
      pkg: process.env.FIREFOX_PATH ? null : 'firefox-esr',
      variable: 'FIREFOX_PATH',
    });
  }
  list.push({
    what: `Django for ${PYTHON}`,
    ok: () => spawnSync(PYTHON, ['-c', 'import django'], { stdio: 'ignore' }).status === 0,
    pkg: process.env.DJANGO_PYTHON ? null : 'python3-django',
    variable: 'DJANGO_PYTHON',
  });
  const openssl = process.env.OPENSSL_PATH || 'openssl';
  list.push({
    what: `openssl (${openssl}), for the lab site's https certificate`,
    ok: () => spawnSync(openssl, ['version'], { stdio: 'ignore' }).status === 0,
    pkg: process.env.OPENSSL_PATH ? null : 'openssl',
    variable: 'OPENSSL_PATH',
  });
  if (xvfb) {
    list.push({ what: 'xvfb-run', ok: () => executable('/usr/bin/xvfb-run'), pkg: 'xvfb', variable: null });
  }
  return list;
}

function run(command, args) {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/** Resolves when everything is there; exits the process with 1 and a clear message when it cannot be. */
export function ensureDeps({ browsers = ['chromium', 'firefox'], xvfb = false } = {}) {
  let missing = checks({ browsers, xvfb }).filter((check) => !check.ok());
  if (missing.length === 0) return;
  const packages = missing.map((check) => check.pkg).filter(Boolean);
  const canInstall =
    packages.length === missing.length && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (canInstall) {
    console.log(`Installing missing system packages: ${packages.join(' ')}`);
    if (
      run('apt-get', ['update']) &&
      run('apt-get', ['install', '-y', '--no-install-recommends', ...packages])
    ) {
      missing = missing.filter((check) => !check.ok());
      if (missing.length === 0) return;
    }
  }
  const lines = ['Missing what the tests and `npm start` need:'];
  for (const check of missing) {
    if (check.variable && process.env[check.variable]) {
      lines.push(
        `  - ${check.what}: ${check.variable} points there; fix it, or unset it to use Debian's default`,
      );
      continue;
    }
    const how = [];
    if (check.pkg) how.push(`install the Debian package \`${check.pkg}\``);
    if (check.variable) how.push(`set ${check.variable} to its path`);
    lines.push(`  - ${check.what}: ${how.join(', or ')}`);
  }
  if (packages.length > 0) {
    lines.push('', `On Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`);
  }
  console.error(lines.join('\n'));
  process.exit(1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const browsers = args.filter((a) => a === 'chromium' || a === 'firefox');
  ensureDeps({ browsers: browsers.length > 0 ? browsers : undefined, xvfb: args.includes('--xvfb') });
  console.log('System dependencies: all present.');
}
