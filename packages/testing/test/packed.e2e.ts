// The package as a user gets it: built, packed with `npm pack`, installed offline from the npm cache into
// a temporary project that has only its own dependencies, and the README's worked example run there by
// that project's Vitest, against the Django lab site, in each browser of the run.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type DjangoServer, ROOT, startDjango } from '../../../e2e/harness';
import { userLockfile } from './user-lockfile';

const PKG = join(ROOT, 'packages/testing');
const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited with ${result.status ?? result.signal}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** The environment a user's shell would have: none of this repository's test-run or npm-script variables. */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !name.startsWith('E2E_') &&
        !name.startsWith('VITEST') &&
        (!name.startsWith('npm_') || name === 'npm_config_cache'),
    ),
  );
  return { ...env, NODE_ENV: 'test', ...extra };
}

/** Where a user's file belongs: what `npm pack` puts in the tarball. */
const SHIPPED =
  /^(package\.json|README\.md|CHANGELOG\.md|dist\/(index|vitest|playwright|chunk-[A-Z0-9]+)\.js|dist\/types\/.+\.d\.ts|dist\/extension\/(chromium|firefox)\/.+)$/;

beforeAll(() => {
  run(process.execPath, [join(PKG, 'build.mjs')], ROOT);
}, 120_000);

describe('npm pack', () => {
  it('--dry-run lists only what a user needs: the bundle, its types, the extension, README, CHANGELOG', () => {
    const [report] = JSON.parse(run('npm', ['pack', '--dry-run', '--json'], PKG)) as {
      files: { path: string }[];
    }[];
    const files = report!.files.map((f) => f.path).sort();
    expect(files.filter((path) => !SHIPPED.test(path))).toEqual([]);
    for (const needed of [
      'package.json',
      'README.md',
      'CHANGELOG.md',
      'dist/index.js',
      'dist/vitest.js',
      'dist/playwright.js',
      'dist/types/packages/testing/src/index.d.ts',
      'dist/types/packages/testing/src/vitest.d.ts',
      'dist/types/packages/testing/src/playwright.d.ts',
      'dist/types/src/core/contract.d.ts',
      'dist/extension/chromium/manifest.json',
      'dist/extension/firefox/manifest.json',
    ]) {
      expect(files, needed).toContain(needed);
    }
    // The project's own test machinery (the Django site, the harness's internals) and sources stay home.
    expect(files.filter((path) => /django|e2e\/|\.map$|(?<!\.d)\.ts$/.test(path))).toEqual([]);
  });
});

/** Types as a user's editor sees them: the matchers on Vitest's expect, and a wrong end reason refused. */
const TYPES_CHECK = `import { launch } from 'sessionscope-testing';
import 'sessionscope-testing/vitest';
import { expect } from 'vitest';

type Scope = Awaited<ReturnType<typeof launch>>['scope'];
export async function check(scope: Scope): Promise<void> {
  const session = await scope.waitFor('sessionid', { reason: 'logout' });
  expect(session).toHaveEnded('idle-timeout');
  const restarts: number = session.restartsSurvived;
  expect(restarts).toBe(0);
  // @ts-expect-error not an end reason
  expect(session).toHaveEnded('nap');
  // @ts-expect-error not a browser
  await launch({ browser: 'webkit' });
}
`;

/** The user's Vitest configuration: real browsers take a while to start. */
const VITEST_CONFIG = `import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    types: ['node'],
  },
  include: ['test'],
};

describe('the packed package in a project of its own', () => {
  let project: string;
  let site: DjangoServer;
  let idleSite: DjangoServer;

  beforeAll(async () => {
    // Outside this repository: no node_modules of an ancestor folder may lend the project a dependency.
    const base = tmpdir().startsWith(ROOT) ? '/tmp' : tmpdir();
    project = mkdtempSync(join(base, 'sessionscope-user-'));
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', project], PKG)) as {
      name: string;
      version: string;
      filename: string;
      integrity: string;
    }[];
    const manifest = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')) as {
      peerDependencies: Record<string, string>;
      engines: Record<string, string>;
    };
    const dev = root.devDependencies;
    const user = {
      name: 'user-project',
      private: true,
      type: 'module',
      devDependencies: {
        [packed!.name]: `file:${packed!.filename}`,
        'playwright-core': dev['playwright-core']!,
        'puppeteer-core': dev['puppeteer-core']!,
        vitest: dev.vitest!,
      },
    };
    writeFileSync(join(project, 'package.json'), JSON.stringify(user, null, 2));
    const lock = userLockfile(join(ROOT, 'package-lock.json'), user, {
      name: packed!.name,
      entry: {
        version: packed!.version,
        resolved: `file:${packed!.filename}`,
        integrity: packed!.integrity,
        dev: true,
        peerDependencies: manifest.peerDependencies,
        engines: manifest.engines,
      },
    });
    writeFileSync(join(project, 'package-lock.json'), JSON.stringify(lock, null, 2));
    writeFileSync(join(project, 'vitest.config.mjs'), VITEST_CONFIG);
    mkdirSync(join(project, 'test'));
    mkdirSync(join(project, 'tmp'));
    copyFileSync(
      join(PKG, 'examples/django-sessions.test.ts'),
      join(project, 'test/django-sessions.test.ts'),
    );
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], project, userEnv({}));
    site = await startDjango({ expireAtBrowserClose: true });
    idleSite = await startDjango({ expireAtBrowserClose: true, saveEveryRequest: true, cookieAge: 2 });
  }, 300_000);

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('type-checks the example under moduleResolution NodeNext, without skipLibCheck', () => {
    writeFileSync(join(project, 'test/types-check.ts'), TYPES_CHECK);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
    run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], project);
  }, 120_000);

  it.each(BROWSERS)(
    'runs the README example in %s with its own Vitest',
    (browser) => {
      const result = spawnSync(
        process.execPath,
        [
          join(project, 'node_modules/vitest/vitest.mjs'),
          'run',
          '--testTimeout=120000',
          '--hookTimeout=120000',
        ],
        {
          cwd: project,
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
          env: userEnv({
            SITE_URL: site.origin,
            IDLE_SITE_URL: idleSite.origin,
            BROWSERS: browser,
            TMPDIR: join(project, 'tmp'),
            NO_COLOR: '1',
          }),
        },
      );
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips colour codes from the report
      const output = `${result.stdout}\n${result.stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
      expect(result.status, output).toBe(0);
      expect(output).toMatch(/Tests\s+5 passed \(5\)/);
    },
    600_000,
  );
});
