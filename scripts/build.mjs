// Builds dist/chrome and dist/firefox from the same sources (one @crxjs build mode per browser), packs
// each into the zip its store takes (dist/sessionscope-<browser>-<version>.zip), and builds the test
// builds dist/chrome-test and dist/firefox-test: the same bundle with `webRequest` required (never zipped,
// never shipped). `node scripts/build.mjs chrome` builds one browser (both of its builds).
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'vite';
import { zipDirectory } from './zip.mjs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const only = process.argv[2];

for (const browser of ['chrome', 'firefox']) {
  if (only && only !== browser) continue;
  await build({ mode: browser, logLevel: 'warn' });
  const zip = `dist/sessionscope-${browser}-${version}.zip`;
  rmSync(zip, { force: true });
  zipDirectory(`dist/${browser}`, zip);
  console.log(`built dist/${browser} and ${zip}`);
  await build({ mode: `${browser}-test`, logLevel: 'warn' });
  assertOnlyManifestDiffers(`dist/${browser}`, `dist/${browser}-test`);
  console.log(`built dist/${browser}-test (webRequest required: for tests only)`);
}

/** Tests run on the test build in place of the shipped one: anything but the permission differing is a bug. */
function assertOnlyManifestDiffers(shipped, test) {
  const files = (dir) =>
    readdirSync(dir, { recursive: true })
      .map((name) => join(dir, name))
      .filter((path) => statSync(path).isFile())
      .map((path) => relative(dir, path))
      .sort();
  const a = files(shipped);
  const b = files(test);
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${test} has other files than ${shipped}`);
  for (const name of a) {
    if (name === 'manifest.json') continue;
    if (!readFileSync(join(shipped, name)).equals(readFileSync(join(test, name)))) {
      throw new Error(
        `${test}/${name} differs from ${shipped}: the test build may differ only in its manifest`,
      );
    }
  }
  const withoutPermissions = (dir) => {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const all = [...(m.permissions ?? []), ...(m.optional_permissions ?? [])].sort();
    delete m.permissions;
    delete m.optional_permissions;
    return JSON.stringify({ ...m, all });
  };
  if (withoutPermissions(shipped) !== withoutPermissions(test)) {
    throw new Error(
      `${test}/manifest.json differs from ${shipped} in more than which permissions are optional`,
    );
  }
}
