import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayCookie, toCookieHeader, toNetscapeCookies } from './cookie-replay';

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
