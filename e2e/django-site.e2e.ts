// The lab site must send the headers of the reference capture (Django 3.2 defaults and the settings the
// tests vary), and the pages the browser tests rely on, checked with plain HTTP(S) from Node (as curl
// would, with the lab's names resolved to 127.0.0.1 and its certificate verified), no browser involved.
import { lookup } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DjangoServer, delay, LAB_HOST, labCertificate, type SiteAddress, startDjango } from './harness';

const DATE = '[A-Z][a-z]{2}, \\d\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d GMT';
const DELETION = 'sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax';

interface LabRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A request as curl sends it: no cookie unless given, redirects not followed, the lab's host names
 * resolved to 127.0.0.1 (like `--resolve`), and over https its certificate verified against the lab's own
 * (so a certificate that does not cover the name fails here).
 */
function labFetch(url: string, init: LabRequest = {}): Promise<Response> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(
      target,
      {
        method: init.method ?? 'GET',
        headers: init.headers ?? {},
        lookup: (hostname, options, callback) =>
          lookup(/(^|\.)(example|other)\.test$/.test(hostname) ? '127.0.0.1' : hostname, options, callback),
        ...(secure ? { ca: labCertificate().certPem } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const headers = new Headers();
          for (let i = 0; i < response.rawHeaders.length; i += 2) {
            headers.append(response.rawHeaders[i]!, response.rawHeaders[i + 1]!);
          }
          resolve(new Response(Buffer.concat(chunks), { status: response.statusCode ?? 0, headers }));
        });
      },
    );
    request.on('error', reject);
    request.end(init.body);
  });
}

/** The response head exactly as it came over the wire (for what a parsed header hides: spacing). */
function rawHead(server: DjangoServer, path: string, https: boolean): Promise<string> {
  const port = https ? server.httpsPort : server.httpPort;
  return new Promise((resolve, reject) => {
    const socket = https
      ? tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ca: labCertificate().certPem })
      : tcpConnect({ host: '127.0.0.1', port });
    let text = '';
    socket.setEncoding('latin1');
    socket.on(https ? 'secureConnect' : 'connect', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('error', reject);
    socket.on('end', () => resolve(text.split('\r\n\r\n')[0] ?? ''));
  });
}

/** Every Set-Cookie line of a response, as sent. */
function setCookies(response: Response): string[] {
  return response.headers.getSetCookie();
}

function cookieNamed(response: Response, name: string): string | undefined {
  return setCookies(response).find((line) => line.startsWith(`${name}=`));
}

/** A minimal cookie jar (names only, no domains): enough to replay what a browser would send back. */
class Jar {
  private cookies = new Map<string, string>();

  async get(
    server: DjangoServer,
    path: string,
    init: LabRequest & { at?: SiteAddress } = {},
  ): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await labFetch(server.url(path, init.at), {
      ...init,
      headers: { ...init.headers, ...(cookie ? { cookie } : {}) },
    });
    for (const line of setCookies(response)) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/Max-Age=0\b/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  value(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** The CSRF token of the first form on a page, for a POST as a browser sends it. */
  static formToken(html: string): string {
    const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`no CSRF token in the page: ${html.slice(0, 300)}`);
    return token;
  }
}

/** The JSON payload of a signed_cookies session value: `b64url(json):ts:sig`, or `.b64url(zlib(json)):…`. */
function signedPayload(value: string): Record<string, unknown> {
  const [data = ''] = value.split(':');
  const bytes = Buffer.from(data.replace(/^\./, ''), 'base64url');
  const json = (data.startsWith('.') ? inflateSync(bytes) : bytes).toString('utf8');
  return JSON.parse(json) as Record<string, unknown>;
}

describe('Django lab site, default configuration (db sessions)', () => {
  let server: DjangoServer;
  beforeAll(async () => {
    server = await startDjango();
  });
  afterAll(() => server?.stop());

  it('sets only csrftoken on a first visit, then both cookies on login, and deletes sessionid on logout', async () => {
    const jar = new Jar();
    const first = await jar.get(server, '/');
    expect(first.status).toBe(200);
    expect(setCookies(first)).toHaveLength(1);
    expect(cookieNamed(first, 'csrftoken')).toMatch(
      /^csrftoken=[A-Za-z0-9]{64}; expires=[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT; Max-Age=31449600; Path=\/; SameSite=Lax$/,
    );

    const login = await jar.get(server, '/login?user=alice');
    expect(await login.text()).toContain('logged in as alice');
    expect(cookieNamed(login, 'csrftoken')).toMatch(/Max-Age=31449600; Path=\/; SameSite=Lax$/);
    expect(cookieNamed(login, 'sessionid')).toMatch(
      /^sessionid=[a-z0-9]{32}; expires=.+ GMT; HttpOnly; Max-Age=1209600; Path=\/; SameSite=Lax$/,
    );

    const read = await jar.get(server, '/read');
    expect(setCookies(read)).toEqual([]);
    expect(read.headers.get('vary')).toBe('Cookie');
    const noop = await jar.get(server, '/noop');
    expect(setCookies(noop)).toEqual([]);
    expect(noop.headers.get('vary')).toBeNull();

    const logout = await jar.get(server, '/logout');
    expect(setCookies(logout)).toEqual([
      'sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax',
    ]);
  });

  it('re-sends the same session key on /touch, rotates it on /cycle, and keeps csrftoken on logout', async () => {
    const jar = new Jar();
    await jar.get(server, '/touch');
    const key = jar.value('sessionid');
    expect(key).toMatch(/^[a-z0-9]{32}$/);
    const touch = await jar.get(server, '/touch');
    expect(await touch.text()).toContain('counter=2');
    expect(cookieNamed(touch, 'sessionid')).toContain(`sessionid=${key};`);
    const cycle = await jar.get(server, '/cycle');
    expect(cookieNamed(cycle, 'sessionid')).not.toContain(key);
    const flush = await jar.get(server, '/flush');
    expect(cookieNamed(flush, 'sessionid')).toMatch(/^sessionid=""; .*Max-Age=0/);
  });

  it('logs in by POST with the CSRF token and refuses a POST without it', async () => {
    const jar = new Jar();
    const home = await (await jar.get(server, '/')).text();
    const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(home)?.[1];
    expect(token).toBeDefined();
    const body = new URLSearchParams({ csrfmiddlewaretoken: token!, user: 'carol' }).toString();
    const ok = await jar.get(server, '/login', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', referer: server.origin },
    });
    expect(await ok.text()).toContain('logged in as carol');
    expect(cookieNamed(ok, 'sessionid')).toBeDefined();
    const refused = await labFetch(server.url('/login'), {
      method: 'POST',
      body: 'user=mallory',
    });
    expect(refused.status).toBe(403);
  });

  it('sends Clear-Site-Data: "cookies" and serves a page with subresources', async () => {
    const csd = await labFetch(server.url('/clear-site-data'));
    expect(csd.headers.get('clear-site-data')).toBe('"cookies"');
    const page = await (await labFetch(server.url('/page'))).text();
    expect(page).toContain('src="/pixel.png?n=1"');
    expect(page).toContain('src="/page.js"');
    expect((await labFetch(server.url('/pixel.png'))).headers.get('content-type')).toBe('image/png');
  });
});

describe('Django lab site, configured by environment', () => {
  it('SESSION_EXPIRE_AT_BROWSER_CLOSE: sessionid has no Expires/Max-Age, csrftoken stays persistent', async () => {
    const server = await startDjango({ expireAtBrowserClose: true });
    const jar = new Jar();
    const login = await jar.get(server, '/login?user=alice');
    expect(cookieNamed(login, 'sessionid')).toMatch(
      /^sessionid=[a-z0-9]{32}; HttpOnly; Path=\/; SameSite=Lax$/,
    );
    expect(cookieNamed(login, 'csrftoken')).toContain('Max-Age=31449600');
    await server.stop();
  });

  it('SESSION_SAVE_EVERY_REQUEST: /read re-sends the same sessionid', async () => {
    const server = await startDjango({ saveEveryRequest: true });
    const jar = new Jar();
    await jar.get(server, '/login?user=alice');
    const key = jar.value('sessionid');
    const read = await jar.get(server, '/read');
    expect(cookieNamed(read, 'sessionid')).toContain(`sessionid=${key}; expires=`);
    await server.stop();
  });

  it('signed_cookies with SESSION_COOKIE_AGE=5: a signed value with Max-Age=5; a forged one is replaced by e30', async () => {
    const server = await startDjango({ engine: 'signed_cookies', cookieAge: 5 });
    const jar = new Jar();
    const touch = await jar.get(server, '/touch');
    expect(cookieNamed(touch, 'sessionid')).toMatch(
      /^sessionid=eyJjb3VudGVyIjoxfQ:[0-9A-Za-z]+:[A-Za-z0-9_-]{43}; expires=.+; HttpOnly; Max-Age=5; Path=\/; SameSite=Lax$/,
    );
    const forged = await labFetch(server.url('/read'), {
      headers: { cookie: 'sessionid=eyJjb3VudGVyIjo5OTl9:1abcde:forgedsignatureforgedsignatureforgedsig' },
    });
    expect(cookieNamed(forged, 'sessionid')).toMatch(/^sessionid=e30:[0-9A-Za-z]+:[A-Za-z0-9_-]{43};/);
    await server.stop();
  });

  it('accepts every session engine by its short name', async () => {
    for (const engine of ['cache', 'file', 'cached_db'] as const) {
      const server = await startDjango({ engine });
      const jar = new Jar();
      await jar.get(server, '/touch');
      expect(await (await jar.get(server, '/touch')).text()).toContain('counter=2');
      await server.stop();
    }
  });
});

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('Django lab site over https and on its host names', () => {
  let server: DjangoServer;
  beforeAll(async () => {
    server = await startDjango();
  });
  afterAll(() => server?.stop());

  it('answers every name over http and https, with a certificate that covers each name', async () => {
    expect(server.origin).toBe(`http://127.0.0.1:${server.httpPort}`);
    expect(server.httpsPort).not.toBe(server.httpPort);
    for (const host of ['127.0.0.1', 'localhost', LAB_HOST.app, LAB_HOST.static, LAB_HOST.other]) {
      for (const https of [false, true]) {
        const url = server.url('/cookies-seen', { host, https });
        expect(url).toBe(
          `${https ? 'https' : 'http'}://${host}:${https ? server.httpsPort : server.httpPort}/cookies-seen`,
        );
        const seen = (await (await labFetch(url)).json()) as { host: string; secure: boolean };
        expect(seen, url).toMatchObject({
          host: `${host}:${https ? server.httpsPort : server.httpPort}`,
          secure: https,
        });
      }
    }
    // The certificate is verified, not ignored: a name it does not cover fails.
    await expect(
      new Promise((resolve, reject) => {
        const socket = tlsConnect({
          host: '127.0.0.1',
          port: server.httpsPort,
          servername: 'example.com',
          ca: labCertificate().certPem,
        });
        socket.on('secureConnect', () => resolve(socket.end()));
        socket.on('error', reject);
      }),
    ).rejects.toThrow(/altnames|does not match/i);
    // A name outside ALLOWED_HOSTS: Django's 400, and a clear error before a test even asks.
    expect((await labFetch(server.url('/noop'), { headers: { host: 'evil.example.com' } })).status).toBe(400);
    expect(() => server.url('/', { host: 'example.com' })).toThrow(/does not answer example\.com/);
  });

  it('sends the same Set-Cookie bytes over https as over http (two spaces after the colon)', async () => {
    for (const https of [false, true]) {
      const head = await rawHead(server, '/login?user=alice', https);
      expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(head, https ? 'https' : 'http').toMatch(
        new RegExp(
          `\r\nSet-Cookie:  sessionid=[a-z0-9]{32}; expires=${DATE}; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax(\r\n|$)`,
        ),
      );
    }
  });

  it('with https: true, origin and url() default to https; a POST over https passes the CSRF Referer check', async () => {
    const secure = await startDjango({ https: true });
    try {
      expect(secure.origin).toBe(`https://127.0.0.1:${secure.httpsPort}`);
      expect(secure.port).toBe(secure.httpsPort);
      expect(secure.url('/read', { host: LAB_HOST.app })).toBe(
        `https://app.example.test:${secure.httpsPort}/read`,
      );
      expect(secure.url('/read', { https: false })).toBe(`http://127.0.0.1:${secure.httpPort}/read`);
      const jar = new Jar();
      const at = { host: LAB_HOST.app };
      const token = Jar.formToken(await (await jar.get(secure, '/', { at })).text());
      const body = new URLSearchParams({ csrfmiddlewaretoken: token, user: 'dora' }).toString();
      const noReferer = await jar.get(secure, '/login', { at, method: 'POST', body, headers: FORM });
      expect(noReferer.status, 'Django checks the Referer of a POST over https').toBe(403);
      const ok = await jar.get(secure, '/login', {
        at,
        method: 'POST',
        body,
        headers: { ...FORM, referer: secure.url('/', at) },
      });
      expect(await ok.text()).toContain('logged in as dora');
    } finally {
      await secure.stop();
    }
  });

  it('session cookie settings: __Host- and Secure, SameSite=None, no SameSite, a Domain', async () => {
    const cases: [Parameters<typeof startDjango>[0], RegExp, string][] = [
      [
        { cookieName: '__Host-sessionid', cookieSecure: true, https: true },
        new RegExp(
          `^__Host-sessionid=[a-z0-9]{32}; expires=${DATE}; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax; Secure$`,
        ),
        '__Host-sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax; Secure',
      ],
      [
        { cookieSameSite: 'None', cookieSecure: true, https: true },
        new RegExp(
          `^sessionid=[a-z0-9]{32}; expires=${DATE}; HttpOnly; Max-Age=1209600; Path=/; SameSite=None; Secure$`,
        ),
        'sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=None; Secure',
      ],
      [
        // Django deletes a Secure session cookie without Secure unless its name or SameSite asks for it.
        { cookieSecure: true, https: true },
        new RegExp(
          `^sessionid=[a-z0-9]{32}; expires=${DATE}; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax; Secure$`,
        ),
        DELETION,
      ],
      [
        { cookieSameSite: false },
        new RegExp(`^sessionid=[a-z0-9]{32}; expires=${DATE}; HttpOnly; Max-Age=1209600; Path=/$`),
        'sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/',
      ],
      [
        { cookieDomain: 'example.test' },
        new RegExp(
          `^sessionid=[a-z0-9]{32}; Domain=example\\.test; expires=${DATE}; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax$`,
        ),
        'sessionid=""; Domain=example.test; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax',
      ],
    ];
    for (const [config, set, deletion] of cases) {
      const configured = await startDjango(config);
      try {
        const name = config?.cookieName ?? 'sessionid';
        const jar = new Jar();
        const at = { host: LAB_HOST.app };
        const login = await jar.get(configured, '/login?user=alice', { at });
        expect(cookieNamed(login, name), JSON.stringify(config)).toMatch(set);
        expect(cookieNamed(await jar.get(configured, '/logout', { at }), name)).toBe(deletion);
      } finally {
        await configured.stop();
      }
    }
  });

  it('/cookie sets Secure, SameSite and Domain attributes through Django', async () => {
    const at = { host: LAB_HOST.app, https: true };
    const response = await labFetch(
      server.url('/cookie?name=__Host-pref&value=1&secure=1&samesite=None&httponly=1', at),
    );
    expect(setCookies(response)).toEqual(['__Host-pref=1; HttpOnly; Path=/; SameSite=None; Secure']);
    const domain = await labFetch(
      server.url('/cookie?name=wide&value=2&domain=example.test&samesite=off', at),
    );
    expect(setCookies(domain)).toEqual(['wide=2; Domain=example.test; Path=/']);
    expect((await labFetch(server.url('/cookie?name=x&samesite=lax'))).status).toBe(400);
  });
});

describe('Django lab site: how sessions end', () => {
  it('the idle-logout setup: the cookie has no expiry, each request re-sends it, and after the age passes with no request /read deletes it', async () => {
    const server = await startDjango({ expireAtBrowserClose: true, saveEveryRequest: true, cookieAge: 2 });
    try {
      const jar = new Jar();
      const login = await jar.get(server, '/login?user=alice');
      const key = jar.value('sessionid');
      expect(cookieNamed(login, 'sessionid')).toBe(`sessionid=${key}; HttpOnly; Path=/; SameSite=Lax`);
      // Within the age: the same key, re-sent without an expiry, which moves the server's expiry on.
      await delay(1_200);
      const read = await jar.get(server, '/read');
      expect(setCookies(read)).toEqual([`sessionid=${key}; HttpOnly; Path=/; SameSite=Lax`]);
      await delay(1_200);
      expect(await (await jar.get(server, '/read')).text()).not.toContain('user=anonymous');
      // Any response re-sends it, a 404 too (a browser's own /favicon.ico request resets the idle clock).
      const missing = await jar.get(server, '/favicon.ico');
      expect(missing.status).toBe(404);
      expect(setCookies(missing)).toEqual([`sessionid=${key}; HttpOnly; Path=/; SameSite=Lax`]);
      // Idle longer than the age: the server's row has expired, and an ordinary read deletes the cookie.
      await delay(2_500);
      const idle = await jar.get(server, '/read');
      expect(await idle.text()).toContain('user=anonymous');
      expect(setCookies(idle)).toEqual([DELETION]);
    } finally {
      await server.stop();
    }
  });

  describe('logout variants (db sessions)', () => {
    let server: DjangoServer;
    beforeAll(async () => {
      server = await startDjango();
    });
    afterAll(() => server?.stop());

    it('/logout-clear-site-data sends the deletion and Clear-Site-Data; /clear-site-data only the header', async () => {
      const jar = new Jar();
      await jar.get(server, '/login?user=alice');
      const both = await jar.get(server, '/logout-clear-site-data');
      expect(both.headers.get('clear-site-data')).toBe('"cookies"');
      expect(setCookies(both)).toEqual([DELETION]);
      await jar.get(server, '/login?user=alice');
      const header = await jar.get(server, '/clear-site-data');
      expect(header.headers.get('clear-site-data')).toBe('"cookies"');
      expect(setCookies(header)).toEqual([]);
    });

    it('/account has a POST logout form to /accounts/logout/, which checks CSRF and can redirect', async () => {
      const jar = new Jar();
      await jar.get(server, '/login?user=erin');
      const account = await (await jar.get(server, '/account')).text();
      expect(account).toContain('signed in as erin');
      expect(account).toMatch(/<form method="post" action="\/accounts\/logout\/">.*<button id="logout"/);
      const token = Jar.formToken(account);

      expect((await labFetch(server.url('/accounts/logout/'), { method: 'POST' })).status).toBe(403);
      const post = await jar.get(server, '/accounts/logout/', {
        method: 'POST',
        body: new URLSearchParams({ csrfmiddlewaretoken: token }).toString(),
        headers: FORM,
      });
      expect(await post.text()).toContain('logged out by POST');
      expect(setCookies(post)).toEqual([DELETION]);

      await jar.get(server, '/login?user=erin');
      const redirect = await jar.get(server, '/accounts/logout/?next=/account');
      expect(redirect.status).toBe(302);
      expect(redirect.headers.get('location')).toBe('/account');
      expect(setCookies(redirect)).toEqual([DELETION]);
      // Only to this site: anything else is a page, as LogoutView refuses open redirects.
      await jar.get(server, '/login?user=erin');
      const elsewhere = await jar.get(server, '/accounts/logout/?next=https://example.com/');
      expect(elsewhere.status).toBe(200);
    });

    it('a password-reset link keeps its token in the session (setting the cookie), and finishing the reset deletes it', async () => {
      const token = 'c4ewl3-0f5a1e8b9d2c7a3e6b4f1d8c2a9e5b7d';
      const jar = new Jar();
      const link = await jar.get(server, `/reset/MQ/${token}/`);
      expect(link.status).toBe(302);
      expect(link.headers.get('location')).toBe('/reset/MQ/set-password/');
      expect(cookieNamed(link, 'sessionid')).toMatch(
        new RegExp(
          `^sessionid=[a-z0-9]{32}; expires=${DATE}; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax$`,
        ),
      );
      const form = await (await jar.get(server, '/reset/MQ/set-password/')).text();
      expect(form).toContain('reset token in session: yes');
      expect(form).toContain('<form method="post" action="/reset/MQ/set-password/">');
      const done = await jar.get(server, '/reset/MQ/set-password/', {
        method: 'POST',
        body: new URLSearchParams({ csrfmiddlewaretoken: Jar.formToken(form) }).toString(),
        headers: FORM,
      });
      expect(await done.text()).toContain('password set for MQ; logged out');
      expect(setCookies(done)).toEqual([DELETION]);

      // The older flow: the form stays at the token URL, so both the cookie and its deletion come from it.
      const old = new Jar();
      const direct = await old.get(server, `/reset/MQ/${token}/?redirect=0`);
      expect(direct.status).toBe(200);
      expect(cookieNamed(direct, 'sessionid')).toBeDefined();
      const page = await direct.text();
      expect(page).toContain(`<form method="post" action="/reset/MQ/${token}/">`);
      const posted = await old.get(server, `/reset/MQ/${token}/`, {
        method: 'POST',
        body: new URLSearchParams({ csrfmiddlewaretoken: Jar.formToken(page) }).toString(),
        headers: FORM,
      });
      expect(setCookies(posted)).toEqual([DELETION]);
    });

    it('a magic link with ?token= logs in; an extra ?token= on /logout still deletes', async () => {
      const jar = new Jar();
      const magic = await jar.get(server, '/magic-link?token=9f2c4e6a8b0d1f3e5a7c9e1b3d5f7a9c&user=finn');
      expect(await magic.text()).toContain('logged in as finn by a magic link');
      expect(cookieNamed(magic, 'sessionid')).toMatch(/^sessionid=[a-z0-9]{32}; /);
      expect(cookieNamed(magic, 'csrftoken')).toBeDefined();
      expect((await labFetch(server.url('/magic-link?user=finn'))).status).toBe(400);
      expect(setCookies(await jar.get(server, '/logout?token=9f2c4e6a8b0d1f3e5a7c9e1b3d5f7a9c'))).toEqual([
        DELETION,
      ]);
    });
  });

  it('signed_cookies: logging in as amy, then as bob without logout, rotates both cookies and changes the user in the payload', async () => {
    const server = await startDjango({ engine: 'signed_cookies' });
    try {
      const jar = new Jar();
      const amy = await jar.get(server, '/login?user=amy');
      const amyValue = jar.value('sessionid')!;
      const amyCsrf = jar.value('csrftoken');
      const bob = await jar.get(server, '/login?user=bob');
      const bobValue = jar.value('sessionid')!;
      expect(cookieNamed(amy, 'sessionid')).toBeDefined();
      expect(cookieNamed(bob, 'sessionid')).toMatch(
        new RegExp(
          `^sessionid=\\.?[A-Za-z0-9_-]+:[0-9A-Za-z]+:[A-Za-z0-9_-]{43}; expires=${DATE}; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax$`,
        ),
      );
      expect(jar.value('csrftoken')).not.toBe(amyCsrf);
      const before = signedPayload(amyValue);
      const after = signedPayload(bobValue);
      expect(before._auth_user_id).toEqual(expect.any(String));
      expect(after._auth_user_id).toEqual(expect.any(String));
      expect(after._auth_user_id).not.toBe(before._auth_user_id);
      expect(await (await jar.get(server, '/read')).text()).toContain(`user=${String(after._auth_user_id)}`);
    } finally {
      await server.stop();
    }
  });
});

describe('Django lab site: session cookies a browser refuses, and their controls', () => {
  let server: DjangoServer;
  beforeAll(async () => {
    server = await startDjango();
  });
  afterAll(() => server?.stop());

  const expires = `expires=${DATE}; HttpOnly; Max-Age=1209600; Path=/`;
  const cases: [string, string, string][] = [
    [
      'host-prefix-without-secure',
      `__Host-sessionid=KEY; ${expires}; SameSite=Lax`,
      `__Host-sessionid=KEY; ${expires}; SameSite=Lax; Secure`,
    ],
    [
      'secure-prefix-without-secure',
      `__Secure-sessionid=KEY; ${expires}; SameSite=Lax`,
      `__Secure-sessionid=KEY; ${expires}; SameSite=Lax; Secure`,
    ],
    [
      'samesite-none-without-secure',
      `sessionid=KEY; ${expires}; SameSite=None`,
      `sessionid=KEY; ${expires}; SameSite=None; Secure`,
    ],
    [
      'secure-over-http',
      `sessionid=KEY; ${expires}; SameSite=Lax; Secure`,
      `sessionid=KEY; ${expires}; SameSite=Lax`,
    ],
    [
      'domain-mismatch',
      `sessionid=KEY; Domain=example\\.com; ${expires}; SameSite=Lax`,
      `sessionid=KEY; Domain=example\\.test; ${expires}; SameSite=Lax`,
    ],
  ];

  it.each(cases)(
    '/refused/%s sends exactly the faulty header, /control the corrected one, and the page says so',
    async (name, faulty, corrected) => {
      for (const [path, header] of [
        [`/refused/${name}`, faulty],
        [`/refused/${name}/control`, corrected],
      ] as const) {
        const response = await labFetch(server.url(path, { host: LAB_HOST.app }));
        const pattern = new RegExp(`^${header.replace('KEY', '[a-z0-9]{32}')}$`);
        expect(setCookies(response), path).toHaveLength(1);
        expect(setCookies(response)[0], path).toMatch(pattern);
        const page = await response.text();
        expect(page).toContain(`over http to app.example.test:${server.httpPort}`);
        expect(page).toContain(`<code id="header">Set-Cookie: ${setCookies(response)[0]}</code>`);
        expect(page).toContain(
          path.endsWith('/control') ? 'the same cookie, set correctly' : 'a browser refuses it: ',
        );
      }
    },
  );

  it('/refused/oversize: name and value of 4097 bytes; its control exactly 4096', async () => {
    for (const [path, length] of [
      ['/refused/oversize?value=abc', 4097],
      ['/refused/oversize/control?value=abc', 4096],
    ] as const) {
      const line = setCookies(await labFetch(server.url(path)))[0]!;
      const pair = line.split(';')[0]!;
      expect(pair.startsWith('sessionid=abc')).toBe(true);
      expect(pair.length - 1, path).toBe(length);
      expect(line.slice(pair.length)).toMatch(new RegExp(`^; ${expires}; SameSite=Lax$`));
    }
  });

  it('?value= and ?max_age=none choose the value and drop the expiry; the control Domain follows the host; unknown cases are 404', async () => {
    const line = setCookies(
      await labFetch(server.url('/refused/samesite-none-without-secure?value=v1&max_age=none')),
    )[0];
    expect(line).toBe('sessionid=v1; HttpOnly; Path=/; SameSite=None');
    const onLoopback = setCookies(await labFetch(server.url('/refused/domain-mismatch/control?value=v2')))[0];
    expect(onLoopback).toMatch(/^sessionid=v2; Domain=127\.0\.0\.1; /);
    const onOther = setCookies(
      await labFetch(server.url('/refused/domain-mismatch/control?value=v3', { host: LAB_HOST.other })),
    )[0];
    expect(onOther).toMatch(/^sessionid=v3; Domain=other\.test; /);
    expect((await labFetch(server.url('/refused/nonsense'))).status).toBe(404);
  });
});

describe('Django lab site: requests between sites', () => {
  let server: DjangoServer;
  beforeAll(async () => {
    server = await startDjango();
  });
  afterAll(() => server?.stop());

  it('/cookies-seen lists the cookies a request carried, allows credentialed CORS for the caller, and takes a POST without CSRF', async () => {
    const plain = await labFetch(server.url('/cookies-seen?via=test'), { headers: { cookie: 'b=2; a=1' } });
    expect(await plain.json()).toEqual({
      view: 'cookies-seen',
      cookies: ['a', 'b'],
      host: `127.0.0.1:${server.httpPort}`,
      secure: false,
      method: 'GET',
      origin: null,
      via: 'test',
    });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    expect(setCookies(plain)).toEqual([]);
    const origin = server.originFor({ host: LAB_HOST.other, https: true });
    const cors = await labFetch(server.url('/cookies-seen', { host: LAB_HOST.app, https: true }), {
      method: 'POST',
      headers: { origin },
    });
    expect(cors.status).toBe(200);
    expect(cors.headers.get('access-control-allow-origin')).toBe(origin);
    expect(cors.headers.get('access-control-allow-credentials')).toBe('true');
    expect(await cors.json()).toMatchObject({ method: 'POST', secure: true, origin });
  });

  it('/sibling-page on app.example.test loads images and fetches from static.example.test, same scheme and port', async () => {
    for (const https of [false, true]) {
      const page = await (await labFetch(server.url('/sibling-page', { host: LAB_HOST.app, https }))).text();
      const statics = server.originFor({ host: LAB_HOST.static, https });
      expect(page).toContain(`<img src="${statics}/pixel.png?via=sibling-1"`);
      expect(page).toContain(
        `"url": "${statics}/cookies-seen?via=sibling-include", "credentials": "include"`,
      );
      expect(page).toContain(
        `"url": "${statics}/cookies-seen?via=sibling-default", "credentials": "same-origin"`,
      );
    }
    const given = await (
      await labFetch(server.url('/sibling-page?static=https://static.example.test:1'))
    ).text();
    expect(given).toContain('<img src="https://static.example.test:1/pixel.png');
    expect((await labFetch(server.url('/sibling-page?static=javascript:alert(1)'))).status).toBe(400);
  });

  it('/cross-site on other.test calls app.example.test: an image, fetches with and without credentials, a link and a POST form', async () => {
    const page = await (
      await labFetch(server.url('/cross-site', { host: LAB_HOST.other, https: true }))
    ).text();
    const app = server.originFor({ host: LAB_HOST.app, https: true });
    expect(page).toContain(`<img src="${app}/pixel.png?via=cross-img"`);
    expect(page).toContain(`"url": "${app}/cookies-seen?via=cross-include", "credentials": "include"`);
    expect(page).toContain(`"url": "${app}/cookies-seen?via=cross-omit", "credentials": "omit"`);
    expect(page).toContain(`<a id="link" href="${app}/cookies-seen?via=cross-link"`);
    expect(page).toContain(`<form id="post" method="post" action="${app}/cookies-seen?via=cross-post">`);
  });
});
