// Builds the package into dist/: the ESM bundle (the public API over the project's own e2e harness,
// bundled from e2e/harness, so there is one copy of that code), its type declarations, and the extension
// the bundle launches by default. Run after `npm run build` at the repository root.
// usage: node packages/testing/build.mjs
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pkg = dirname(fileURLToPath(import.meta.url));
const root = resolve(pkg, '../..');
const out = join(pkg, 'dist');
const types = join(out, 'types');

// The extension builds the package ships: the test builds, which hold `webRequest` without a grant
// (a click no suite can make) and differ from the store builds only in their manifest (scripts/build.mjs).
const EXTENSIONS = { chromium: 'dist/chrome-test', firefox: 'dist/firefox-test' };
for (const dir of Object.values(EXTENSIONS)) {
  if (!existsSync(join(root, dir, 'manifest.json'))) {
    console.error(`no ${dir} at the repository root: run \`npm run build\` there first`);
    process.exit(1);
  }
}

rmSync(out, { recursive: true, force: true });

await build({
  entryPoints: ['index', 'vitest', 'playwright'].map((name) => join(pkg, 'src', `${name}.ts`)),
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The user's own copies: peer dependencies.
  external: ['playwright-core', 'puppeteer-core', 'vitest'],
  legalComments: 'inline',
  logLevel: 'warning',
});

const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(pkg, 'tsconfig.build.json')],
  { stdio: 'inherit' },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

// Keep the declarations the entry points reach; make their relative imports resolvable under
// `moduleResolution: node16/nodenext` too (explicit `.js`).
const entries = ['index', 'vitest', 'playwright'].map((name) =>
  join(types, 'packages/testing/src', `${name}.d.ts`),
);
const reached = new Set();
const queue = [...entries];
while (queue.length > 0) {
  const file = queue.pop();
  if (reached.has(file)) continue;
  reached.add(file);
  const text = readFileSync(file, 'utf8').replace(
    /(from\s+|import\()(['"])(\.{1,2}\/[^'"]+)\2/g,
    (_whole, lead, quote, spec) => {
      const base = resolve(dirname(file), spec.replace(/\.js$/, ''));
      const target = existsSync(`${base}.d.ts`) ? `${base}.d.ts` : join(base, 'index.d.ts');
      if (!existsSync(target)) throw new Error(`${relative(out, file)}: cannot resolve ${spec}`);
      queue.push(target);
      let rel = relative(dirname(file), target).replace(/\.d\.ts$/, '.js');
      if (!rel.startsWith('.')) rel = `./${rel}`;
      return `${lead}${quote}${rel}${quote}`;
    },
  );
  writeFileSync(file, text);
}
const unreached = spawnSync('find', [types, '-name', '*.d.ts'], { encoding: 'utf8' })
  .stdout.split('\n')
  .filter((file) => file && !reached.has(file));
for (const file of unreached) rmSync(file);
spawnSync('find', [types, '-type', 'd', '-empty', '-delete']);

for (const [browser, dir] of Object.entries(EXTENSIONS)) {
  cpSync(join(root, dir), join(out, 'extension', browser), { recursive: true });
}
console.log(`built ${relative(root, out)}: bundle, ${reached.size} declaration files, extensions`);
