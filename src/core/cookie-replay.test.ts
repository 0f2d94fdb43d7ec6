import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cookieUrl,
  type ReplayCookie,
  replayRequest,
  type ScopedCookie,
  scopeCookies,
  toCookieHeader,
  toNetscapeCookies,
} from './cookie-replay';

const run = promisify(execFile);
const has = (tool: string) => spawnSync(tool, ['--version']).status === 0;

const YEAR_2030 = Date.parse('2030-01-01T00:00:00.000Z');

function c(overrides: Partial<ReplayCookie>): ReplayCookie {
  return {
    name: 'sessionid',
    value: 'abc123',
    domain: '127.0.0.1',
    path: '/',
    secure: false,
    httpOnly: false,
    expiresAt: YEAR_2030,
    hostOnly: true,
    ...overrides,
  };
}

/** A hostile site's attempt to add a cookie line (and a header) of its own. */
const INJECTION = 'x\n127.0.0.1\tFALSE\t/\tFALSE\t0\tadmin\ttrue\r\nX-Injected: 1';

describe('toCookieHeader', () => {
  it('joins cookies as a browser sends them, longer paths first', () => {
    const header = toCookieHeader([
      c({ name: 'csrftoken', value: 't0k', path: '/' }),
      c({ name: 'sessionid', value: 'deep', path: '/app/admin' }),
      c({ name: 'lang', value: 'en', path: '/app' }),
    ]);
    expect(header).toBe('sessionid=deep; lang=en; csrftoken=t0k');
  });

  it('keeps the given order among cookies of the same path, and sends a nameless cookie as its value', () => {
    expect(
      toCookieHeader([
        c({ name: 'b', value: '2' }),
        c({ name: '', value: 'bare' }),
        c({ name: 'a', value: '1' }),
      ]),
    ).toBe('b=2; bare; a=1');
    expect(toCookieHeader([])).toBe('');
  });

  it('removes line breaks so a cookie cannot add a header of its own', () => {
    const header = toCookieHeader([c({ name: 'evil', value: INJECTION })]);
    expect(header).not.toMatch(/[\r\n\t]/);
    expect(header).toBe('evil=x127.0.0.1FALSE/FALSE0admintrueX-Injected: 1');
  });
});

describe('scopeCookies: what the browser would send to one URL', () => {
  const NOW = Date.parse('2026-11-25T12:00:00.000Z');
  const sc = (over: Partial<ScopedCookie>): ScopedCookie => ({
    ...c({ domain: 'app.example.test' }),
    storeId: '0',
    partitionKey: null,
    sameSite: 'lax',
    ...over,
  });
  const header = (cookies: ScopedCookie[], url: string, storeId = '0') =>
    toCookieHeader(scopeCookies(cookies, replayRequest(url, storeId), NOW).sent);

  it('leaves out other stores, other hosts and paths, other partitions, expired cookies and duplicates', () => {
    const cookies = [
      sc({ name: 'sessionid', value: 'default' }),
      sc({ name: 'sessionid', value: 'container', storeId: 'firefox-container-1' }),
      sc({ name: 'sessionid', value: 'private', storeId: '1' }),
      sc({ name: 'static', value: 's', domain: 'static.example.test' }),
      sc({ name: 'admin', value: 'a', path: '/admin' }),
      sc({
        name: 'chips',
        value: 'other',
        partitionKey: 'https://other.test',
        secure: true,
        sameSite: 'no_restriction',
      }),
      sc({ name: 'old', value: 'x', expiresAt: NOW - 1 }),
      sc({ name: 'sessionid', value: 'default' }),
    ];
    expect(header(cookies, 'https://app.example.test/shop')).toBe('sessionid=default');
    expect(header(cookies, 'https://app.example.test/shop', '1')).toBe('sessionid=private');
  });

  it('keeps what the browser sends together: a domain cookie and a host-only one of the same name, longer paths first', () => {
    const cookies = [
      sc({ name: 'sessionid', value: 'parent', domain: '.example.test', hostOnly: false }),
      sc({ name: 'csrftoken', value: 't' }),
      sc({ name: 'sessionid', value: 'admin', path: '/admin' }),
      sc({
        name: 'own',
        value: 'chips',
        partitionKey: 'https://example.test',
        secure: true,
        sameSite: 'no_restriction',
      }),
    ];
    expect(header(cookies, 'https://app.example.test/admin/users')).toBe(
      'sessionid=admin; sessionid=parent; csrftoken=t; own=chips',
    );
  });

  it('says why each other cookie is left out', () => {
    const scoped = scopeCookies(
      [sc({ name: 'a', value: '1', path: '/admin' }), sc({ name: 'b', value: '2', secure: true })],
      replayRequest('http://app.example.test/', '0'),
      NOW,
    );
    expect(scoped.notSent.map((n) => [n.cookie.name, n.verdict.rule])).toEqual([
      ['a', 'path'],
      ['b', 'secure'],
    ]);
  });

  it('a session’s own URL gets its cookie, also a partitioned one under another site', () => {
    const own = sc({ name: 'sessionid', value: 'v', path: '/app' });
    expect(cookieUrl(own)).toBe('https://app.example.test/app');
    expect(cookieUrl({ domain: '127.0.0.1', path: '/' })).toBe('http://127.0.0.1/');
    expect(header([own], cookieUrl(own))).toBe('sessionid=v');
    const widget = sc({
      name: 'wid',
      value: 'w',
      domain: 'widget.test',
      secure: true,
      sameSite: 'no_restriction',
      partitionKey: 'https://example.test',
    });
    const req = replayRequest(cookieUrl(widget), '0', widget.partitionKey);
    expect(
      toCookieHeader(
        scopeCookies([widget, sc({ name: 'lax', value: 'l', domain: 'widget.test' })], req, NOW).sent,
      ),
    ).toBe('wid=w');
  });

  it('the cookie jar holds the store’s and partition’s cookies of every host and path', () => {
    const cookies = [
      sc({ name: 'a', value: '1' }),
      sc({ name: 'b', value: '2', domain: 'static.example.test', path: '/x' }),
      sc({ name: 'c', value: '3', storeId: '1' }),
      sc({
        name: 'd',
        value: '4',
        partitionKey: 'https://other.test',
        secure: true,
        sameSite: 'no_restriction',
      }),
    ];
    const jar = scopeCookies(cookies, replayRequest('https://app.example.test/', '0'), NOW).jar;
    expect(jar.map((x) => x.name)).toEqual(['a', 'b']);
  });
});

describe('toNetscapeCookies', () => {
  it('writes the header line and one TAB-separated line of seven fields per cookie', () => {
    const text = toNetscapeCookies([
      c({ name: 'sessionid', value: 'abc123', httpOnly: true, secure: true, domain: 'shop.example.com' }),
      c({ name: 'csrftoken', value: 'tok', hostOnly: false, domain: '.example.com', expiresAt: null }),
      c({
        name: 'lang',
        value: 'en',
        domain: 'example.com',
        hostOnly: false,
        path: '/app',
        expiresAt: 1_764_000_000_999,
      }),
    ]);
    expect(text.split('\n')).toEqual([
      '# Netscape HTTP Cookie File',
      '# Written by Sessionscope. Replay: curl -b cookies.txt URL, or wget --load-cookies cookies.txt URL',
      '',
      '#HttpOnly_shop.example.com\tFALSE\t/\tTRUE\t1893456000\tsessionid\tabc123',
      '.example.com\tTRUE\t/\tFALSE\t0\tcsrftoken\ttok',
      '.example.com\tTRUE\t/app\tFALSE\t1764000000\tlang\ten',
      '',
    ]);
  });

  it('keeps a hostile cookie on its own line, and leaves out cookies the format cannot express', () => {
    const text = toNetscapeCookies([c({ name: 'evil', value: INJECTION }), c({ name: '', value: 'bare' })]);
    const lines = text.split('\n').filter((l) => l !== '' && !l.startsWith('# '));
    expect(lines).toEqual([
      '127.0.0.1\tFALSE\t/\tFALSE\t1893456000\tevil\tx127.0.0.1FALSE/FALSE0admintrueX-Injected: 1',
    ]);
    expect(lines[0]!.split('\t')).toHaveLength(7);
  });
});

/** curl and wget read the file: the same session replays from a terminal. */
describe('replay with curl and wget', () => {
  let server: Server;
  let port = 0;
  let dir = '';
  const seen: string[] = [];

  beforeAll(async () => {
    const tmp = resolve(process.cwd(), '.tmp');
    mkdirSync(tmp, { recursive: true });
    dir = mkdtempSync(join(tmp, 'cookie-replay-'));
    server = createServer((request, response) => {
      seen.push(request.headers.cookie ?? '');
      response.end('ok');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  const cookies = [
    c({ name: 'sessionid', value: 'abc123', httpOnly: true }),
    c({ name: 'csrftoken', value: 'tok', expiresAt: null }),
    c({ name: 'deep', value: 'd', path: '/app' }),
    c({ name: 'elsewhere', value: 'no', path: '/other' }),
    c({ name: 'evil', value: INJECTION }),
  ];
  const cookiesOf = (header: string | undefined) => (header ?? '').split('; ').sort();
  const expected = [
    'csrftoken=tok',
    'deep=d',
    'evil=x127.0.0.1FALSE/FALSE0admintrueX-Injected: 1',
    'sessionid=abc123',
  ];

  it.skipIf(!has('curl'))(
    'curl -b sends exactly the cookies a browser would, and reads them back into its jar',
    async () => {
      const file = join(dir, 'curl-cookies.txt');
      const jar = join(dir, 'curl-jar.txt');
      writeFileSync(file, toNetscapeCookies(cookies));
      seen.length = 0;
      await run('curl', ['-sS', '-b', file, '-c', jar, `http://127.0.0.1:${port}/app/page`]);
      expect(cookiesOf(seen[0])).toEqual(expected);
      const reread = readFileSync(jar, 'utf8');
      expect(reread).toContain('#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t1893456000\tsessionid\tabc123');
      expect(reread).not.toMatch(/\tadmin\t/);
    },
  );

  it.skipIf(!has('curl'))('curl sends a domain cookie to a subdomain', async () => {
    const file = join(dir, 'curl-domain.txt');
    writeFileSync(
      file,
      toNetscapeCookies([
        c({ name: 'sid', value: 'shared', domain: '.example.test', hostOnly: false }),
        c({ name: 'hostonly', value: 'h', domain: 'example.test', hostOnly: true }),
      ]),
    );
    seen.length = 0;
    await run('curl', [
      '-sS',
      '--resolve',
      `shop.example.test:${port}:127.0.0.1`,
      '-b',
      file,
      `http://shop.example.test:${port}/`,
    ]);
    expect(cookiesOf(seen[0])).toEqual(['sid=shared']);
  });

  it.skipIf(!has('wget'))(
    'wget --load-cookies sends the same cookies from a file written without #HttpOnly_',
    async () => {
      const file = join(dir, 'wget-cookies.txt');
      writeFileSync(file, toNetscapeCookies(cookies, { httpOnlyPrefix: false }));
      seen.length = 0;
      await run('wget', ['-q', '-O', '-', '--load-cookies', file, `http://127.0.0.1:${port}/app/page`]);
      expect(cookiesOf(seen[0])).toEqual(expected);
    },
  );

  it.skipIf(!has('wget'))('wget ignores #HttpOnly_ lines (why the option exists)', async () => {
    const file = join(dir, 'wget-prefixed.txt');
    writeFileSync(file, toNetscapeCookies(cookies));
    seen.length = 0;
    await run('wget', ['-q', '-O', '-', '--load-cookies', file, `http://127.0.0.1:${port}/app/page`]);
    expect(cookiesOf(seen[0])).toEqual(expected.filter((cookie) => !cookie.startsWith('sessionid=')));
  });

  it.skipIf(!has('curl'))('curl reads the file written without #HttpOnly_ as well', async () => {
    const file = join(dir, 'curl-plain.txt');
    writeFileSync(file, toNetscapeCookies(cookies, { httpOnlyPrefix: false }));
    seen.length = 0;
    await run('curl', ['-sS', '-b', file, `http://127.0.0.1:${port}/app/page`]);
    expect(cookiesOf(seen[0])).toEqual(expected);
  });

  it.skipIf(!has('curl'))('curl -H "Cookie: …" with the header value sends it unchanged', async () => {
    seen.length = 0;
    await run('curl', ['-sS', '-H', `Cookie: ${toCookieHeader(cookies)}`, `http://127.0.0.1:${port}/`]);
    expect(seen[0]).toBe(toCookieHeader(cookies));
  });
});
