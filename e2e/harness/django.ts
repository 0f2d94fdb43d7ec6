// Starts the Django lab site (e2e/django_site) on a free loopback port, one server per configuration.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { installExitHook, killAndRemoveSync, type Resource, track, untrack } from './cleanup';
import { childTmpDir, DJANGO_SITE, e2eRunDir, freshPath, PYTHON_PATH } from './paths';
import { killTree, removeDir } from './processes';
import { waitFor } from './wait';

export type SessionEngine = 'db' | 'cache' | 'file' | 'cached_db' | 'signed_cookies';

export interface DjangoConfig {
  /** SESSION_ENGINE, short name (default `db`). */
  engine?: SessionEngine;
  /** SESSION_EXPIRE_AT_BROWSER_CLOSE (default false). */
  expireAtBrowserClose?: boolean;
  /** SESSION_COOKIE_AGE in seconds (default Django's 1 209 600). */
  cookieAge?: number;
  /** SESSION_SAVE_EVERY_REQUEST (default false). */
  saveEveryRequest?: boolean;
}

export interface DjangoServer {
  /** e.g. `http://127.0.0.1:41234` */
  readonly origin: string;
  readonly port: number;
  readonly config: DjangoConfig;
  /** Absolute URL of a path on this server: `url('/login?user=alice')`. */
  url(path: string): string;
  /** The server's stderr so far (request log and errors), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

const START_TIMEOUT = 60_000;
const LOG_LIMIT = 64 * 1024;

export async function startDjango(config: DjangoConfig = {}): Promise<DjangoServer> {
  installExitHook();
  const dataDir = freshPath('django');
  mkdirSync(dataDir, { recursive: true });
  // Migrated once per run, then copied: saves ~2 s per server.
  const template = join(e2eRunDir(), 'django-template.sqlite3');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TMPDIR: childTmpDir(),
    PYTHONUNBUFFERED: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    DJANGO_LAB_SESSION_ENGINE: config.engine ?? 'db',
    DJANGO_LAB_EXPIRE_AT_BROWSER_CLOSE: config.expireAtBrowserClose ? '1' : '0',
    DJANGO_LAB_SAVE_EVERY_REQUEST: config.saveEveryRequest ? '1' : '0',
  };
  if (config.cookieAge !== undefined) env.DJANGO_LAB_COOKIE_AGE = String(config.cookieAge);
  // A pyenv or virtualenv in the caller's environment must not redirect Debian's python.
  delete env.PYTHONHOME;
  delete env.PYTHONPATH;
  delete env.DJANGO_SETTINGS_MODULE;

  const child = spawn(
    PYTHON_PATH,
    [join(DJANGO_SITE, 'serve.py'), '--data-dir', dataDir, '--template', template],
    { cwd: DJANGO_SITE, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  let stdout = '';
  let exited: string | null = null;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-LOG_LIMIT);
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout = (stdout + chunk).slice(-LOG_LIMIT);
  });
  child.on('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });
  child.on('error', (error) => {
    exited = `could not start ${PYTHON_PATH}: ${error.message}`;
  });

  const server = new DjangoProcess(child, dataDir, config, () => stderr);
  track(server);
  try {
    const port = await waitFor(
      () => {
        if (exited) throw new Error(`Django ${exited}\n${stderr.trim()}`);
        const match = /LISTENING (\d+)/.exec(stdout);
        return match ? Number(match[1]) : null;
      },
      { timeout: START_TIMEOUT, interval: 50, message: 'the Django lab site to listen' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n--- Django stderr ---\n${stderr.trim()}`);
    });
    server.port = port;
    // Listening is not the same as answering: wait for a real response.
    await waitFor(async () => (await fetch(server.url('/noop'))).ok, {
      timeout: START_TIMEOUT,
      interval: 50,
      message: `${server.origin}/noop to answer`,
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

class DjangoProcess implements DjangoServer, Resource {
  port = 0;
  private stopped = false;

  constructor(
    private readonly child: ChildProcess,
    private readonly dataDir: string,
    readonly config: DjangoConfig,
    readonly log: () => string,
  ) {}

  get label(): string {
    return `Django lab site ${this.origin} (${JSON.stringify(this.config)})`;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  url(path: string): string {
    return new URL(path, this.origin).toString();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    untrack(this);
    if (this.child.pid) await killTree([this.child.pid]);
    await removeDir(this.dataDir);
  }

  dispose(): Promise<void> {
    return this.stop();
  }

  disposeSync(): void {
    this.stopped = true;
    if (this.child.pid) {
      try {
        process.kill(this.child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    killAndRemoveSync(this.dataDir);
  }
}
