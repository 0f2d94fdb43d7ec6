// What each browser really does with the lab site's scenarios, read from the browser itself (its cookie
// store through the extension's cookies API, `cookies.onChanged`, and what it sends back to the server):
// https on the lab's names is a secure context, which session cookies it refuses, Clear-Site-Data on
// secure and insecure origins, the idle logout, and which requests between sites carry a cookie. The truth
// tests rest on these facts; e2e/README.md has them as a table. A browser update that changes one fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSERS,
  type BrowserName,
  type DjangoServer,
  delay,
  type E2EPage,
  LAB_HOST,
  LAB_HOSTS,
  launch,
  POPUP_PATH,
  type Session,
  type SiteAddress,
  startDjango,
  waitFor,
} from './harness';

interface Change {
  removed: boolean;
  cause: string;
  name: string;
  domain: string;
}

const api = '(globalThis.browser ?? globalThis.chrome)';

/** An extension page that records cookies.onChanged and can empty the cookie store between cases. */
async function cookieWatch(
  session: Session,
): Promise<{ clear(): Promise<void>; changes(): Promise<Change[]> }> {
  const page = await session.newPage(session.extensionUrl(POPUP_PATH));
  await page.evaluate(`(() => {
    window.changes = [];
    ${api}.cookies.onChanged.addListener((c) => window.changes.push({
      removed: c.removed, cause: c.cause, name: c.cookie.name, domain: c.cookie.domain }));
    return true;
  })()`);
  return {
    clear: async () => {
      const left = await page.evaluate<number>(`(async () => {
        for (const c of await ${api}.cookies.getAll({})) {
          const host = c.domain.replace(/^\\./, '');
          await ${api}.cookies.remove({ url: (c.secure ? 'https://' : 'http://') + host + c.path, name: c.name, storeId: c.storeId });
        }
        return (await ${api}.cookies.getAll({})).length;
      })()`);
      expect(left, 'cookies left after clearing').toBe(0);
      // Removals are reported asynchronously: let ours arrive before forgetting them.
      await delay(200);
      await page.evaluate('window.changes = []');
    },
    changes: () => page.evaluate<Change[]>('window.changes'),
  };
}

/** Which cookies the browser sends to `at` now: a request to /cookies-seen, read from the page. */
async function cookiesSent(page: E2EPage, server: DjangoServer, at: SiteAddress): Promise<string[]> {
  await page.goto(server.url('/cookies-seen?via=check', at));
  return (JSON.parse(await page.text()) as { cookies: string[] }).cookies;
}

const ORIGINS = {
  'http://localhost': { host: 'localhost', https: false },
  'http://app.example.test': { host: LAB_HOST.app, https: false },
  'https://app.example.test': { host: LAB_HOST.app, https: true },
} as const;
type OriginLabel = keyof typeof ORIGINS;

// Observed in Chromium 156 and Firefox ESR 153 alike: [refused header stored?, control stored?] per origin.
const REFUSED: Record<string, Record<OriginLabel, [boolean, boolean]>> = {
  'host-prefix-without-secure': {
    'http://localhost': [false, true],
    'http://app.example.test': [false, false],
    'https://app.example.test': [false, true],
  },
  'secure-prefix-without-secure': {
    'http://localhost': [false, true],
    'http://app.example.test': [false, false],
    'https://app.example.test': [false, true],
  },
  'samesite-none-without-secure': {
    'http://localhost': [false, true],
    'http://app.example.test': [false, false],
    'https://app.example.test': [false, true],
  },
  'secure-over-http': {
    'http://localhost': [true, true],
    'http://app.example.test': [false, true],
    'https://app.example.test': [true, true],
  },
  'domain-mismatch': {
    'http://localhost': [false, true],
    'http://app.example.test': [false, true],
    'https://app.example.test': [false, true],
  },
  oversize: {
    'http://localhost': [false, true],
    'http://app.example.test': [false, true],
    'https://app.example.test': [false, true],
  },
};

// Cookies left after a logged-in visit to each path; Chromium and Firefox differ on an insecure origin.
const AFTER: Record<BrowserName, Record<string, Record<OriginLabel, string[]>>> = {
  chromium: {
    '/logout-clear-site-data': {
      'http://localhost': [],
      // The header is ignored, and so is the same response's Set-Cookie deletion.
      'http://app.example.test': ['csrftoken', 'sessionid'],
      'https://app.example.test': [],
    },
    '/clear-site-data': {
      'http://localhost': [],
      'http://app.example.test': ['csrftoken', 'sessionid'],
      'https://app.example.test': [],
    },
    '/logout': {
      'http://localhost': ['csrftoken'],
      'http://app.example.test': ['csrftoken'],
      'https://app.example.test': ['csrftoken'],
    },
  },
  firefox: {
    '/logout-clear-site-data': {
      'http://localhost': [],
      // The header is ignored; the Set-Cookie deletion is applied.
      'http://app.example.test': ['csrftoken'],
      'https://app.example.test': [],
    },
    '/clear-site-data': {
      'http://localhost': [],
      'http://app.example.test': ['csrftoken', 'sessionid'],
      'https://app.example.test': [],
    },
    '/logout': {
      'http://localhost': ['csrftoken'],
      'http://app.example.test': ['csrftoken'],
      'https://app.example.test': ['csrftoken'],
    },
  },
};

/** cookies.onChanged's `cause` for a removal by Clear-Site-Data and by a `Max-Age=0` Set-Cookie. */
const CAUSE: Record<BrowserName, { clearSiteData: string; maxAgeZero: string }> = {
  chromium: { clearSiteData: 'explicit', maxAgeZero: 'expired_overwrite' },
  firefox: { clearSiteData: 'explicit', maxAgeZero: 'explicit' },
};

describe.each(BROWSERS)('browser facts the truth tests rest on, in %s', (browserName: BrowserName) => {
  let django: DjangoServer;
  let session: Session;
  let watch: Awaited<ReturnType<typeof cookieWatch>>;
  let page: E2EPage;

  beforeAll(async () => {
    django = await startDjango();
    session = await launch(browserName, { loopbackHosts: LAB_HOSTS });
    watch = await cookieWatch(session);
    page = await session.newPage();
  });
  afterAll(async () => {
    await session?.close();
    await django?.stop();
  });

  it('https on 127.0.0.1 and app.example.test is a secure context: Secure, __Host- and SameSite=None; Secure cookies are stored', async () => {
    const cookies = [
      '/cookie?name=plain-secure&value=1&secure=1',
      '/cookie?name=__Host-prefixed&value=2&secure=1',
      '/cookie?name=cross-site&value=3&secure=1&samesite=None',
    ];
    for (const host of ['127.0.0.1', LAB_HOST.app]) {
      await watch.clear();
      for (const path of cookies) await page.goto(django.url(path, { host, https: true }));
      expect(await page.location()).toBe(django.url(cookies[2]!, { host, https: true }));
      expect(await page.evaluate<boolean>('isSecureContext'), host).toBe(true);
      const stored = (await session.browserCookies({ domain: host }))
        .map((c) => `${c.name} secure=${c.secure} sameSite=${c.sameSite}`)
        .sort();
      expect(stored, host).toEqual([
        '__Host-prefixed secure=true sameSite=lax',
        'cross-site secure=true sameSite=no_restriction',
        'plain-secure secure=true sameSite=lax',
      ]);
    }
    // The same three over plain http on that name: not a secure context, nothing stored.
    await watch.clear();
    for (const path of cookies) await page.goto(django.url(path, { host: LAB_HOST.app, https: false }));
    // Not upgraded to https (HTTPS-First / HTTPS-Upgrades leave a name with a port alone).
    expect(await page.location()).toBe(django.url(cookies[2]!, { host: LAB_HOST.app, https: false }));
    expect(await page.evaluate<boolean>('isSecureContext')).toBe(false);
    expect(await session.browserCookies({ domain: LAB_HOST.app })).toEqual([]);
  });

  it('refuses each faulty session cookie and stores its control, per origin (no cookies.onChanged for a refusal)', async () => {
    const seen: string[] = [];
    for (const [name, byOrigin] of Object.entries(REFUSED)) {
      for (const [label, [refusedStored, controlStored]] of Object.entries(byOrigin)) {
        const at = ORIGINS[label as OriginLabel];
        for (const [path, expected] of [
          [`/refused/${name}`, refusedStored],
          [`/refused/${name}/control`, controlStored],
        ] as const) {
          await watch.clear();
          const value = `v${Math.random().toString(36).slice(2, 14)}`;
          await page.goto(django.url(`${path}?value=${value}`, at));
          await cookiesSent(page, django, at);
          const stored = (await session.browserCookies({})).filter((c) => c.value.startsWith(value));
          const changes = (await watch.changes()).filter((c) => !c.removed);
          seen.push(`${path} ${label}: ${stored.length > 0 ? 'stored' : 'refused'}`);
          expect(stored.length > 0, `${path} over ${label}`).toBe(expected);
          expect(changes.length, `${path} over ${label}: cookies.onChanged`).toBe(expected ? 1 : 0);
        }
      }
    }
    expect(seen).toHaveLength(36);
  });

  it('Clear-Site-Data: honoured on localhost and over https, ignored over http on app.example.test', async () => {
    for (const [path, byOrigin] of Object.entries(AFTER[browserName])) {
      for (const [label, left] of Object.entries(byOrigin)) {
        const at = ORIGINS[label as OriginLabel];
        await watch.clear();
        await page.goto(django.url('/login?user=alice', at));
        expect(await cookiesSent(page, django, at)).toEqual(['csrftoken', 'sessionid']);
        await page.goto(django.url(path, at));
        expect(await cookiesSent(page, django, at), `${path} over ${label}: cookies sent afterwards`).toEqual(
          left,
        );
        const names = (await session.browserCookies({})).map((c) => c.name).sort();
        expect(names, `${path} over ${label}: cookie store`).toEqual(left);
        const removals = (await watch.changes()).filter((c) => c.removed);
        const cleared = path.includes('clear-site-data') && left.length === 0;
        const expectedCause = cleared ? CAUSE[browserName].clearSiteData : CAUSE[browserName].maxAgeZero;
        expect(removals.map((c) => `${c.name} ${c.cause}`).sort(), `${path} over ${label}: removals`).toEqual(
          ['csrftoken', 'sessionid']
            .filter((name) => !left.includes(name))
            .map((name) => `${name} ${expectedCause}`),
        );
      }
    }
  });

  it('idle logout (expire at browser close, save every request, age 2 s): the next ordinary request after 2 s idle deletes the cookie', async () => {
    const idle = await startDjango({ expireAtBrowserClose: true, saveEveryRequest: true, cookieAge: 2 });
    try {
      for (const at of Object.values(ORIGINS)) {
        await watch.clear();
        await page.goto(idle.url('/login?user=alice', at));
        const [cookie] = await session.browserCookies({ name: 'sessionid' });
        expect(cookie?.session, 'a browser-session cookie').toBe(true);
        // Time itself is what is tested: stay idle past the age.
        await delay(3_000);
        await page.goto(idle.url('/read', at));
        expect(await page.text('#state')).toContain('user=anonymous');
        await waitFor(async () => (await session.browserCookies({ name: 'sessionid' })).length === 0, {
          message: 'sessionid deleted',
        });
        const removals = (await watch.changes()).filter((c) => c.removed && c.name === 'sessionid');
        expect(removals.at(-1)?.cause).toBe(CAUSE[browserName].maxAgeZero);
      }
    } finally {
      await idle.stop();
    }
  });

  it('app.example.test and static.example.test are one site: a host-only cookie stays home, a Domain=example.test one goes along', async () => {
    for (const cookieDomain of [undefined, 'example.test']) {
      const server = await startDjango({ cookieDomain, https: true });
      try {
        await watch.clear();
        await page.goto(server.url('/login?user=alice', { host: LAB_HOST.app }));
        await page.goto(server.url('/sibling-page', { host: LAB_HOST.app }));
        await page.waitForText('#done', 'done');
        expect(
          await page.text('#include'),
          `credentialed fetch to static, ${cookieDomain ?? 'host-only'}`,
        ).toBe(cookieDomain ? 'sent: sessionid' : 'sent: none');
        expect(await page.text('#same-origin')).toBe('sent: none');
        // Same site: even a SameSite=Strict cookie goes from static.example.test to app.example.test.
        await page.goto(server.url('/cookie?name=strict&value=1&samesite=Strict', { host: LAB_HOST.app }));
        await page.goto(
          server.url(`/cross-site?target=${server.originFor({ host: LAB_HOST.app })}`, {
            host: LAB_HOST.static,
          }),
        );
        await page.waitForText('#done', 'done');
        expect(await page.text('#include')).toBe('sent: csrftoken, sessionid, strict');
      } finally {
        await server.stop();
      }
    }
  });

  // What other.test's page gets sent to app.example.test (https) with each SameSite of the session cookie.
  const CROSS: Record<string, { fetch: string; link: string[]; post: string[] }> = {
    Lax: { fetch: 'sent: none', link: ['csrftoken', 'sessionid'], post: [] },
    Strict: { fetch: 'sent: none', link: ['csrftoken'], post: [] },
    // Not even SameSite=None goes with a cross-site fetch: third-party cookies are blocked (Chromium) or
    // partitioned (Firefox) by default. See allowThirdPartyCookies below.
    None: { fetch: 'sent: none', link: ['csrftoken', 'sessionid'], post: ['sessionid'] },
  };

  it.each(Object.entries(CROSS))(
    'cross-site requests from other.test, session cookie SameSite=%s',
    async (sameSite, expected) => {
      const server = await startDjango({
        https: true,
        cookieSameSite: sameSite as 'Lax' | 'Strict' | 'None',
        cookieSecure: sameSite === 'None',
      });
      try {
        await watch.clear();
        await page.goto(server.url('/login?user=alice', { host: LAB_HOST.app }));
        await page.goto(server.url('/cross-site', { host: LAB_HOST.other }));
        await page.waitForText('#done', 'done');
        expect(await page.text('#include'), 'fetch with credentials').toBe(expected.fetch);
        expect(await page.text('#omit'), 'fetch without credentials').toBe('sent: none');
        await page.click('#link');
        await page.waitForText('body', 'cross-link');
        expect((JSON.parse(await page.text()) as { cookies: string[] }).cookies, 'link').toEqual(
          expected.link,
        );
        await page.goto(server.url('/cross-site', { host: LAB_HOST.other }));
        await page.click('#post-button');
        await page.waitForText('body', 'cross-post');
        expect((JSON.parse(await page.text()) as { cookies: string[] }).cookies, 'form POST').toEqual(
          expected.post,
        );
      } finally {
        await server.stop();
      }
    },
  );

  it('with allowThirdPartyCookies, a cross-site credentialed fetch carries a SameSite=None; Secure session cookie, not a Lax one', async () => {
    const open = await launch(browserName, { loopbackHosts: LAB_HOSTS, allowThirdPartyCookies: true });
    try {
      const tab = await open.newPage();
      for (const [sameSite, sent] of [
        ['None', 'sent: sessionid'],
        ['Lax', 'sent: none'],
      ] as const) {
        const server = await startDjango({ https: true, cookieSameSite: sameSite, cookieSecure: true });
        try {
          await tab.goto(server.url('/login?user=alice', { host: LAB_HOST.app }));
          await tab.goto(server.url('/cross-site', { host: LAB_HOST.other }));
          await tab.waitForText('#done', 'done');
          expect(await tab.text('#include'), `SameSite=${sameSite}`).toBe(sent);
          expect(await tab.text('#omit')).toBe('sent: none');
        } finally {
          await server.stop();
        }
      }
    } finally {
      await open.close();
    }
  });
});
