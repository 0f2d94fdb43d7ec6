// The lab site must send the headers of the reference capture (Django 3.2 defaults and the settings the
// tests vary), checked with plain HTTP from Node, no browser involved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DjangoServer, startDjango } from './harness';

/** Every Set-Cookie line of a response, as sent. */
function setCookies(response: Response): string[] {
  return response.headers.getSetCookie();
}

function cookieNamed(response: Response, name: string): string | undefined {
  return setCookies(response).find((line) => line.startsWith(`${name}=`));
}

/** A minimal cookie jar: enough to replay what a browser would send back. */
class Jar {
  private cookies = new Map<string, string>();

  async get(server: DjangoServer, path: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(server.url(path), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
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
    const body = new URLSearchParams({ csrfmiddlewaretoken: token!, user: 'carol' });
    const ok = await jar.get(server, '/login', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', referer: server.origin },
    });
    expect(await ok.text()).toContain('logged in as carol');
    expect(cookieNamed(ok, 'sessionid')).toBeDefined();
    const refused = await fetch(server.url('/login'), {
      method: 'POST',
      body: 'user=mallory',
      redirect: 'manual',
    });
    expect(refused.status).toBe(403);
  });

  it('sends Clear-Site-Data: "cookies" and serves a page with subresources', async () => {
    const csd = await fetch(server.url('/clear-site-data'));
    expect(csd.headers.get('clear-site-data')).toBe('"cookies"');
    const page = await (await fetch(server.url('/page'))).text();
    expect(page).toContain('src="/pixel.png?n=1"');
    expect(page).toContain('src="/page.js"');
    expect((await fetch(server.url('/pixel.png'))).headers.get('content-type')).toBe('image/png');
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
    const forged = await fetch(server.url('/read'), {
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
