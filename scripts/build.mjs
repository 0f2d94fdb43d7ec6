// Builds dist/chrome and dist/firefox from the same sources (one @crxjs build mode per browser),
// then packs each into the zip its store takes: dist/sessionscope-<browser>-<version>.zip.
import { readFileSync, rmSync } from 'node:fs';
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
}
