// Starts the Django lab site (e2e/django_site) on free loopback ports, http and https, one server per
// configuration; and makes the certificate it serves, which the test browsers accept.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { installExitHook, killAndRemoveSync, type Resource, track, untrack } from './cleanup';
import { childTmpDir, DJANGO_SITE, e2eRunDir, freshPath, PYTHON_PATH } from './paths';
import { killTree, removeDir } from './processes';
import { waitFor } from './wait';

export type SessionEngine = 'db' | 'cache' | 'file' | 'cached_db' | 'signed_cookies';

/**
 * Names the lab site answers besides 127.0.0.1 and localhost, all on 127.0.0.1 once a browser is
 * launched with `loopbackHosts: LAB_HOSTS`: a site, its sibling (same site, another host), and a site of
 * another registrable domain (cross-site). The certificate covers them.
 */
export const LAB_HOST = {
  app: 'app.example.test',
  static: 'static.example.test',
  other: 'other.test',
} as const;
export const LAB_HOSTS: readonly string[] = Object.values(LAB_HOST);
const ALLOWED_HOSTS = /^(127\.0\.0\.1|localhost|(.+\.)?example\.test|(.+\.)?other\.test)$/;

/** Where a URL points: a host name (default 127.0.0.1) and a scheme (default the server's `https`). */
export interface SiteAddress {
  host?: string;
  https?: boolean;
}

export interface DjangoConfig {
  /** SESSION_ENGINE, short name (default `db`). */
  engine?: SessionEngine;
  /** SESSION_EXPIRE_AT_BROWSER_CLOSE (default false). */
  expireAtBrowserClose?: boolean;
  /** SESSION_COOKIE_AGE in seconds (default Django's 1 209 600). */
  cookieAge?: number;
  /** SESSION_SAVE_EVERY_REQUEST (default false). */
  saveEveryRequest?: boolean;
  /** SESSION_COOKIE_NAME (default `sessionid`), e.g. `__Host-sessionid`. */
  cookieName?: string;
  /** SESSION_COOKIE_SECURE (default false). */
  cookieSecure?: boolean;
  /** SESSION_COOKIE_SAMESITE (default `Lax`); false sends no SameSite attribute. */
  cookieSameSite?: 'Lax' | 'Strict' | 'None' | false;
  /** SESSION_COOKIE_DOMAIN, e.g. `example.test` (default: a host-only cookie). */
  cookieDomain?: string;
  /** `origin`, `port` and `url()` default to https (the server always serves both). Default false. */
  https?: boolean;
}

export interface DjangoServer {
  /** e.g. `http://127.0.0.1:41234` (`https://…` with `https: true`). */
  readonly origin: string;
  /** The port of `origin`. */
  readonly port: number;
  readonly httpPort: number;
  readonly httpsPort: number;
  readonly config: DjangoConfig;
  /**
   * Absolute URL of a path on this server: `url('/login?user=alice')`, or on another of its names and
   * schemes: `url('/read', { host: LAB_HOST.app, https: true })`.
   */
  url(path: string, at?: SiteAddress): string;
  /** `originFor({ host: LAB_HOST.static })` = `http://static.example.test:<httpPort>`. */
  originFor(at?: SiteAddress): string;
  /** The server's stderr so far (request log and errors), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

const START_TIMEOUT = 60_000;
const LOG_LIMIT = 64 * 1024;
const OPENSSL = process.env.OPENSSL_PATH || 'openssl';

export interface LabCertificate {
  certFile: string;
  keyFile: string;
  /** The PEM text, for a Node client that trusts it (`https.request({ ca })`). */
  certPem: string;
  /** base64 SHA-256 of the public key, as Chromium's `--ignore-certificate-errors-spki-list` takes it. */
  spkiSha256: string;
}

let certificate: LabCertificate | undefined;

/**
 * The lab site's self-signed certificate, made once per run in the run folder (never in the repository):
 * P-256, 30 days, for localhost, 127.0.0.1, ::1 and the LAB_HOSTS (and any name under their domains).
 */
export function labCertificate(): LabCertificate {
  if (certificate) return certificate;
  const dir = join(e2eRunDir(), 'tls');
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    // Made beside, then renamed: parallel processes never read a half-written pair.
    const partial = `${dir}.${process.pid}.partial`;
    mkdirSync(partial, { recursive: true });
    const names = ['localhost', 'example.test', '*.example.test', 'other.test', '*.other.test'];
    const extensions = [
      `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')},IP:127.0.0.1,IP:::1`,
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
    ];
    const made = spawnSync(
      OPENSSL,
      [
        ...'req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30'.split(' '),
        ...['-subj', '/CN=Sessionscope lab site'],
        ...['-keyout', join(partial, 'key.pem'), '-out', join(partial, 'cert.pem')],
        ...extensions.flatMap((extension) => ['-addext', extension]),
      ],
      { encoding: 'utf8' },
    );
    if (made.error || made.status !== 0) {
      rmSync(partial, { recursive: true, force: true });
      throw new Error(
        `could not make the lab site's certificate with ${OPENSSL} (install Debian's \`openssl\`, or set OPENSSL_PATH): ` +
          `${made.error?.message ?? made.stderr}`,
      );
    }
    try {
      renameSync(partial, dir);
    } catch {
      // Another process made it first: use theirs.
      rmSync(partial, { recursive: true, force: true });
    }
  }
  const certPem = readFileSync(certFile, 'utf8');
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  certificate = {
    certFile,
    keyFile,
    certPem,
    spkiSha256: createHash('sha256').update(spki).digest('base64'),
  };
  return certificate;
}

export async function startDjango(config: DjangoConfig = {}): Promise<DjangoServer> {
  installExitHook();
  const dataDir = freshPath('django');
  mkdirSync(dataDir, { recursive: true });
  // Migrated once per run, then copied: saves ~2 s per server.
  const template = join(e2eRunDir(), 'django-template.sqlite3');
  const tls = labCertificate();
  const env: NodeJS.ProcessEnv = {
    // Django's own names for the settings are read too (for runs by hand): none may leak in from outside.
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SESSION_'))),
    TMPDIR: childTmpDir(),
    PYTHONUNBUFFERED: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    DJANGO_LAB_SESSION_ENGINE: config.engine ?? 'db',
    DJANGO_LAB_EXPIRE_AT_BROWSER_CLOSE: config.expireAtBrowserClose ? '1' : '0',
    DJANGO_LAB_SAVE_EVERY_REQUEST: config.saveEveryRequest ? '1' : '0',
    DJANGO_LAB_COOKIE_NAME: config.cookieName ?? 'sessionid',
    DJANGO_LAB_COOKIE_SECURE: config.cookieSecure ? '1' : '0',
    DJANGO_LAB_COOKIE_SAMESITE: config.cookieSameSite === false ? 'off' : (config.cookieSameSite ?? 'Lax'),
    DJANGO_LAB_COOKIE_DOMAIN: config.cookieDomain ?? '',
  };
  if (config.cookieAge !== undefined) env.DJANGO_LAB_COOKIE_AGE = String(config.cookieAge);
  // A pyenv or virtualenv in the caller's environment must not redirect Debian's python.
  delete env.PYTHONHOME;
  delete env.PYTHONPATH;
  delete env.DJANGO_SETTINGS_MODULE;

  const child = spawn(
    PYTHON_PATH,
    [
      join(DJANGO_SITE, 'serve.py'),
      ...['--data-dir', dataDir, '--template', template, '--cert', tls.certFile, '--key', tls.keyFile],
    ],
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
    const [httpPort, httpsPort] = await waitFor(
      () => {
        if (exited) throw new Error(`Django ${exited}\n${stderr.trim()}`);
        const http = /^LISTENING (\d+)$/m.exec(stdout);
        const https = /^LISTENING_HTTPS (\d+)$/m.exec(stdout);
        return http && https ? ([Number(http[1]), Number(https[1])] as const) : null;
      },
      { timeout: START_TIMEOUT, interval: 50, message: 'the Django lab site to listen' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n--- Django stderr ---\n${stderr.trim()}`);
    });
    server.httpPort = httpPort;
    server.httpsPort = httpsPort;
    // Listening is not the same as answering: wait for a real response (https is the same app, whose
    // socket listens before its port is printed).
    await waitFor(async () => (await fetch(server.url('/noop', { https: false }))).ok, {
      timeout: START_TIMEOUT,
      interval: 50,
      message: `${server.originFor({ https: false })}/noop to answer`,
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

class DjangoProcess implements DjangoServer, Resource {
  httpPort = 0;
  httpsPort = 0;
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
    return this.originFor();
  }

  get port(): number {
    return this.config.https ? this.httpsPort : this.httpPort;
  }

  originFor(at: SiteAddress = {}): string {
    const host = at.host ?? '127.0.0.1';
    if (!ALLOWED_HOSTS.test(host)) {
      throw new Error(
        `the lab site does not answer ${host}: its ALLOWED_HOSTS are 127.0.0.1, localhost and the names under example.test and other.test`,
      );
    }
    const https = at.https ?? this.config.https ?? false;
    return `${https ? 'https' : 'http'}://${host}:${https ? this.httpsPort : this.httpPort}`;
  }

  url(path: string, at?: SiteAddress): string {
    return new URL(path, this.originFor(at)).toString();
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
