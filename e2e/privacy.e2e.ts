// Privacy: the extension sends nothing anywhere, exports keep cookie values out unless the user opted
// in, private-window sessions stay in memory unless the user allows storing them, and the built
// extension has a strict CSP and no way in for web pages.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Worker } from 'playwright-core';
import type { Browser as PuppeteerBrowser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportDocument, ExportSite } from '../src/core/contract';
import type { Request } from '../src/core/messages';
import { recordExtensionTraffic, type TrafficRecorder } from './fixtures/extension-traffic';
import { type HostileSite, startHostileSite } from './fixtures/hostile-site';
import { type ProxiedRequest, startLoggingProxy } from './fixtures/logging-proxy';
import {
  allowIncognitoInChromium,
  allowPrivateInFirefoxProfile,
  closeWindows,
  openPrivateWindow,
} from './fixtures/private-window';
import {
  BROWSERS,
  type BrowserName,
  DIST_CHROME,
  DIST_FIREFOX,
  type DjangoServer,
  launch,
  OPTIONS_PATH,
  POPUP_PATH,
  ROOT,
  type Session,
  sendOk as send,
  startDjango,
  unpackedExtensionId,
  waitFor,
} from './harness';
import { freshPath } from './harness/paths';

async function exportOf(session: Session, format: 'json' | 'csv' | 'trace' = 'json'): Promise<unknown> {
  return (await send(session, { type: 'export', format })).data;
}

async function sites(session: Session): Promise<ExportSite[]> {
  return (await send(session, { type: 'state/get' })).sites as ExportSite[];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every `"value"` key anywhere in a JSON document. */
function valueKeys(doc: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        walk(x, `${path}[${i}]`);
      });
    } else if (v !== null && typeof v === 'object') {
      for (const [k, inner] of Object.entries(v)) {
        if (k === 'value' && path.endsWith('cookie')) found.push(`${path}.value`);
        walk(inner, `${path}.${k}`);
      }
    }
  };
  walk(doc, '');
  return found;
}

describe('the built extension', () => {
  const builds = [
    ['chrome', DIST_CHROME],
    ['firefox', DIST_FIREFOX],
  ] as const;

  it.each(builds)('built manifests have a strict CSP (%s) and no way in for web pages', (_name, dist) => {
    const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
    const csp: string = manifest.content_security_policy?.extension_pages ?? '';
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...values]) => [name!, values]),
    );
    // script-src allows only the extension's own files: no eval, no inline, no remote origin.
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    // Only DevTools may frame our pages (its window holds the DevTools page and the Sessions panel);
    // no web page can frame the popup, options or panel.
    expect(directives.get('frame-ancestors')).toEqual(['devtools:']);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*|data:|blob:/);
    // No page can message us, embed our pages or run code in them.
    expect(manifest.externally_connectable).toBeUndefined();
    expect(manifest.content_scripts).toBeUndefined();
    expect(manifest.web_accessible_resources ?? []).toEqual([]);
    expect(manifest.sandbox).toBeUndefined();
    expect(manifest.permissions).not.toContain('webRequestBlocking');
    if (_name === 'firefox') {
      expect(manifest.browser_specific_settings.gecko.data_collection_permissions).toEqual({
        required: ['none'],
      });
    }
  });

  it('every permission in the manifest is justified in docs/PERMISSIONS.md', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
    const doc = readFileSync(join(ROOT, 'docs/PERMISSIONS.md'), 'utf8');
    const rows = doc.split('\n').filter((l) => l.startsWith('| `') || l.startsWith('| host permissions'));
    const all = [
      ...manifest.permissions,
      ...(manifest.optional_permissions ?? []),
      ...manifest.host_permissions,
    ];
    for (const permission of all) {
      expect(
        rows.some((r) => r.includes(`\`${permission}\``)),
        `${permission} has a row in docs/PERMISSIONS.md`,
      ).toBe(true);
    }
  });

  it.each(builds)('the %s bundles contain no network API and no remote URL', (_name, dist) => {
    // Namespace and schema identifiers are strings, never fetched; a URL built from a variable is an
    // origin pattern (host permission requests), and the fetch check above covers any real request.
    const allowed = [/\$\{/, /^http:\/\/www\.w3\.org\//, /^https?:\/\/json-schema\.org\//];
    for (const file of filesUnder(dist).filter((f) => /\.(js|html)$/.test(f))) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(
        /\bfetch\(|XMLHttpRequest|sendBeacon|new WebSocket|new EventSource|importScripts\(/,
      );
      for (const url of text.match(/https?:\/\/[^\s"'`)]+/g) ?? []) {
        expect(
          allowed.some((re) => re.test(url)),
          `${file}: ${url}`,
        ).toBe(true);
      }
    }
  });
});

/** Uses the extension as a developer would: sites that log in and hostile ones, every view, every export. */
async function useAsADeveloper(session: Session, urls: readonly string[]): Promise<void> {
  for (const url of urls) {
    const page = await session.newPage(url);
    await page.close();
  }
  for (const path of [`${POPUP_PATH}?site=127.0.0.1`, `${POPUP_PATH}?all=1`, OPTIONS_PATH]) {
    const page = await session.newPage(session.extensionUrl(path));
    await page.waitForText('body', /\S/, 20_000);
    await page.close();
  }
  for (const format of ['json', 'csv', 'trace'] as const) await exportOf(session, format);
}

describe.each(BROWSERS)('privacy in %s', (browserName: BrowserName) => {
  let django: DjangoServer;
  let site: HostileSite;

  beforeAll(async () => {
    django = await startDjango();
    site = await startHostileSite();
  });
  afterAll(async () => {
    await django?.stop();
    await site?.close();
  });

  it('exports mask cookie values unless the user opted in', async () => {
    const session = await launch(browserName);
    try {
      const page = await session.newPage(django.url('/login?user=alice'));
      await page.close();
      const cookie = await waitFor(
        async () => (await session.browserCookies({ name: 'sessionid' })).find((c) => c.value.length > 10),
        { message: 'the Django sessionid cookie' },
      );
      await waitFor(
        async () => (await sites(session)).some((s) => s.sessions.some((x) => x.cookie.name === 'sessionid')),
        { message: 'the Django session in state/get' },
      );
      const masked = (await exportOf(session)) as ExportDocument;
      expect(valueKeys(masked)).toEqual([]);
      const all = masked.sites.flatMap((s) => s.sessions);
      expect(all.find((s) => s.cookie.name === 'sessionid')?.cookie.valueHash).toMatch(/^[0-9a-f]{8,}$/);
      for (const format of ['json', 'csv', 'trace'] as const) {
        const text = JSON.stringify(await exportOf(session, format));
        expect(text, `${format} export`).not.toContain(cookie.value);
      }
      // state/get feeds the views: no value there either.
      expect(JSON.stringify(await sites(session))).not.toContain(cookie.value);

      await send(session, { type: 'settings/set', settings: { exportIncludesValues: true } });
      const withValues = (await exportOf(session)) as ExportDocument;
      const sessionid = withValues.sites
        .flatMap((s) => s.sessions)
        .filter((s) => s.cookie.name === 'sessionid');
      expect(sessionid.map((s) => s.cookie.value)).toContain(cookie.value);

      await send(session, { type: 'settings/set', settings: { exportIncludesValues: false } });
      expect(valueKeys(await exportOf(session))).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it.runIf(browserName === 'chromium')(
    'the extension sends no network request of its own (pages and service worker, via Playwright and CDP)',
    async () => {
      const session = await launch('chromium');
      let traffic: TrafficRecorder | undefined;
      try {
        const context = session.raw.context as BrowserContext;
        traffic = await recordExtensionTraffic(context, session.extensionId);
        const recorder = traffic;
        await useAsADeveloper(session, [
          django.url('/login?user=alice'),
          django.url('/page'),
          django.url('/logout'),
          `${site.origin}/hostile`,
          `${site.origin}/beacon`,
        ]);
        await send(session, { type: 'site/simulate-browser-close', site: '127.0.0.1' });
        // A restarted worker is watched too.
        await session.stopServiceWorker();
        await send(session, { type: 'status/get' });
        // (The CDP attachment outlives the worker's restart: the worker control below, sent after it, proves it.)

        expect(
          traffic.all.some((r) => r.url.startsWith(django.origin)),
          'the recorder saw page traffic',
        ).toBe(true);
        expect(traffic.fromExtension()).toEqual([]);

        // Controls: a request from an extension page and one from the worker are caught, so an empty
        // list above means "none", not "not looking".
        const page = await session.newPage(session.extensionUrl(POPUP_PATH));
        await page.evaluate(
          `fetch(${JSON.stringify(`${site.origin}/ping?from=page-control`)}).then(() => 1)`,
        );
        const worker = context
          .serviceWorkers()
          .find((w: Worker) => w.url().startsWith(session.extensionUrl(''))) as Worker;
        await worker.evaluate(
          `fetch(${JSON.stringify(`${site.origin}/ping?from=worker-control`)}).then(() => 1)`,
        );
        await waitFor(
          () => {
            const seen = recorder.fromExtension().map((r) => `${r.initiator.split(':')[0]} ${r.url}`);
            return (
              seen.some((s) => s.startsWith('page') && s.includes('page-control')) &&
              seen.some((s) => s.startsWith('cdp-worker') && s.includes('worker-control')) &&
              seen.some((s) => s.startsWith('worker') && s.includes('worker-control'))
            );
          },
          { message: 'the control requests in both channels' },
        );
      } finally {
        await traffic?.stop();
        await session.close();
      }
    },
  );

  it.runIf(browserName === 'chromium')('another extension cannot reach the message API', async () => {
    const other = join(ROOT, 'e2e/fixtures/other-extension');
    // The harness loads Sessionscope with these switches; repeated, the last one wins: load both.
    const session = await launch('chromium', {
      args: [
        `--disable-extensions-except=${DIST_CHROME},${other}`,
        `--load-extension=${DIST_CHROME},${other}`,
      ],
    });
    try {
      const page = await session.newPage(django.url('/login?user=alice'));
      await page.close();
      await waitFor(async () => (await sites(session)).some((s) => s.site === '127.0.0.1'), {
        message: 'the Django site recorded',
      });
      const before = JSON.stringify(await sites(session));
      const otherId = unpackedExtensionId(other);
      const otherPage = await session.newPage(`chrome-extension://${otherId}/page.html`);
      const attempts: Request[] = [
        { type: 'export', format: 'json' },
        { type: 'site/forget', site: '127.0.0.1' },
        { type: 'settings/set', settings: { exportIncludesValues: true } },
      ];
      for (const request of attempts) {
        const outcome = await otherPage.evaluate(
          ({ id, message }) =>
            (
              globalThis as unknown as {
                chrome: { runtime: { sendMessage(id: string, m: unknown): Promise<unknown> } };
              }
            ).chrome.runtime
              .sendMessage(id, message)
              .then(
                (reply) => ({ reply: JSON.stringify(reply ?? null) }),
                (error: Error) => ({ error: error.message }),
              ),
          { id: session.extensionId, message: request },
        );
        expect(outcome, request.type).toHaveProperty('error');
        expect(JSON.stringify(outcome)).not.toContain('sessionscope-timeline');
      }
      expect(JSON.stringify(await sites(session))).toBe(before);
      const settings = (await send(session, { type: 'settings/get' })).settings as {
        exportIncludesValues: boolean;
      };
      expect(settings.exportIncludesValues).toBe(false);
    } finally {
      await session.close();
    }
  });

  it.runIf(browserName === 'firefox')('another extension cannot reach the message API', async () => {
    // A second add-on with its own gecko id; once installed, its background tries the message API and
    // opens a tab of its own whose URL carries the outcomes.
    const other = join(ROOT, 'e2e/fixtures/other-extension/firefox');
    const session = await launch('firefox');
    try {
      const page = await session.newPage(django.url('/login?user=alice'));
      await page.close();
      await waitFor(async () => (await sites(session)).some((s) => s.site === '127.0.0.1'), {
        message: 'the Django site recorded',
      });
      const before = JSON.stringify(await sites(session));
      const browser = session.raw.browser as PuppeteerBrowser;
      const otherId = await browser.installExtension(other);
      expect(otherId).toBe('other-extension@sessionscope.test');
      const report = await waitFor(
        async () => {
          for (const p of await session.pages()) {
            const href = await p.location().catch(() => '');
            const match = /^moz-extension:\/\/[^/]+\/page\.html#(.+)$/.exec(href);
            if (match) return decodeURIComponent(match[1]!);
          }
          return undefined;
        },
        { timeout: 20_000, message: "the other add-on's outcomes tab" },
      );
      const outcomes = JSON.parse(report) as { type: string; error?: string; reply?: string }[];
      expect(outcomes.map((o) => o.type)).toEqual(['export', 'site/forget', 'settings/set']);
      for (const outcome of outcomes) {
        expect(outcome, outcome.type).toHaveProperty('error');
        expect(outcome, outcome.type).not.toHaveProperty('reply');
      }
      expect(report).not.toContain('sessionscope-timeline');
      expect(JSON.stringify(await sites(session))).toBe(before);
      const settings = (await send(session, { type: 'settings/get' })).settings as {
        exportIncludesValues: boolean;
      };
      expect(settings.exportIncludesValues).toBe(false);
    } finally {
      await session.close();
    }
  });

  it.runIf(browserName === 'firefox')(
    'the extension sends no network request of its own (all of Firefox through a logging proxy)',
    async () => {
      // WebDriver BiDi reports no network event for extension pages or the background, so all of
      // Firefox's traffic goes through a proxy that logs each request with its Origin and Referer.
      const proxy = await startLoggingProxy();
      const session = await launch('firefox', { prefs: proxy.prefs() });
      try {
        await useAsADeveloper(session, [
          django.url('/login?user=alice'),
          django.url('/page'),
          `${site.origin}/hostile`,
        ]);
        expect(
          proxy.log.some((r) => r.url.startsWith(django.origin)),
          'the proxy saw the pages traffic',
        ).toBe(true);
        const ours = new Set([new URL(django.origin).host, new URL(site.origin).host]);
        const fromExtension = (r: ProxiedRequest) =>
          /^moz-extension:/.test(r.origin ?? '') || /^moz-extension:/.test(r.referer ?? '');
        // Firefox's own services (remote settings) still call home under test prefs; they are the
        // browser's, carry no extension origin, and are listed here by name.
        const firefoxServices =
          /^(firefox\.settings\.services|[a-z0-9.-]+\.services)\.mozilla\.(com|net|org):443$/;
        const unexplained = proxy.log.filter((r) => {
          if (r.method === 'CONNECT') return !firefoxServices.test(r.url);
          try {
            return !ours.has(new URL(r.url).host);
          } catch {
            return true;
          }
        });
        expect(proxy.log.filter(fromExtension)).toEqual([]);
        expect(unexplained).toEqual([]);

        // Control: a request from the background page is seen by the proxy.
        const page = await session.newPage(session.extensionUrl(POPUP_PATH));
        await page.evaluate(
          `browser.runtime.getBackgroundPage().then((bg) => bg.fetch(${JSON.stringify(`${site.origin}/ping?from=background-control`)})).then(() => 1)`,
        );
        // Seen at the proxy: background traffic cannot bypass it, so the "no foreign host" check above
        // would catch the extension calling anywhere but the sites under test. (Whether Firefox adds an
        // Origin to a GET from the background varies from run to run, so the control does not rely on it.)
        await waitFor(() => proxy.log.find((r) => r.url.includes('background-control')), {
          message: 'the background control request at the proxy',
        });
      } finally {
        await session.close();
        await proxy.close();
      }
    },
  );

  it.runIf(browserName === 'chromium')(
    'private-window sessions survive a worker stop (MV3 service worker)',
    async () => {
      const session = await launch('chromium');
      const windows: number[] = [];
      try {
        await allowIncognitoInChromium(session);
        const value = `privatevalue${Date.now()}`;
        windows.push(
          await openPrivateWindow(session, `${site.ipv6Origin}/set?name=sessionid&value=${value}`),
        );
        const isPrivate = (s: ExportSite['sessions'][number]) =>
          s.cookie.storeId === '1' && s.cookie.domain.includes('::1');
        const seen = await waitFor(
          async () => (await sites(session)).flatMap((s) => s.sessions).find(isPrivate),
          {
            timeout: 20_000,
            message: 'a private-window session in state/get',
          },
        );
        expect(seen.storeKind ?? 'private').toBe('private');

        // The private window stays open: its session is live when the worker goes away.
        expect(await session.stopServiceWorker(), 'the service worker was stopped').toBe(true);
        const after = (await sites(session)).flatMap((s) => s.sessions).filter(isPrivate);
        expect(after.map((s) => [s.cookie.name, s.storeKind])).toEqual([['sessionid', 'private']]);
        expect(after[0]?.cookie.valueHash).toBe(seen.cookie.valueHash);

        // Kept across the restart without being written to disk (read from a normal window).
        await closeWindows(session, windows);
        const disk = await dumpStorage(session);
        expect(disk.includes(value), 'the private cookie value is in IndexedDB or storage').toBe(false);
        expect(disk.includes('"storeId":"1"'), 'a private-store record is on disk').toBe(false);
      } finally {
        await session.close();
      }
    },
  );

  it('private-window sessions are kept in memory only, unless the user allows storing them', async () => {
    const profileDir = freshPath(`private-${browserName}`);
    if (browserName === 'firefox') allowPrivateInFirefoxProfile(profileDir);
    const session = await launch(browserName, { profileDir });
    const windows: number[] = [];
    try {
      if (browserName === 'chromium') await allowIncognitoInChromium(session);
      const privateStore = browserName === 'chromium' ? '1' : 'firefox-private';

      const observedPrivately = async (value: string) => {
        const windowId = await openPrivateWindow(
          session,
          `${site.ipv6Origin}/set?name=sessionid&value=${value}`,
        );
        windows.push(windowId);
        return waitFor(
          async () =>
            (await sites(session))
              .flatMap((s) => s.sessions)
              .find((s) => s.cookie.storeId === privateStore && s.cookie.domain.includes('::1')),
          { timeout: 20_000, message: `a private-window session in state/get (store ${privateStore})` },
        );
      };

      const first = `privatevalue${Date.now()}`;
      const seen = await observedPrivately(first);
      expect(seen.storeKind ?? 'private').toBe('private');
      // Read the disk from a normal window: an extension page in a private window has its own storage.
      await closeWindows(session, windows);
      // state/get answers only after pending observations are written: what is on disk is final.
      const disk = await dumpStorage(session);
      expect(disk.includes(first), 'the private cookie value is in IndexedDB or storage').toBe(false);
      expect(disk.includes(`"storeId":"${privateStore}"`), 'a private-store record is on disk').toBe(false);

      // Opted in, the same thing is stored: the probe above can see it when it is there.
      await send(session, { type: 'settings/set', settings: { storePrivate: true } });
      const second = `storedvalue${Date.now()}`;
      windows.push(await openPrivateWindow(session, `${site.ipv6Origin}/set?name=sessionid&value=${second}`));
      await waitFor(
        async () =>
          (await sites(session)).some((s) =>
            s.sessions.some((x) => x.cookie.storeId === privateStore && x.cookie.valueHash),
          ),
        { message: 'the second private session' },
      );
      await closeWindows(session, windows);
      await waitFor(async () => (await dumpStorage(session)).includes(second), {
        timeout: 20_000,
        message: 'the opted-in private observation on disk',
      });
    } finally {
      await session.close();
      const { rmSync } = await import('node:fs');
      if (existsSync(profileDir)) rmSync(profileDir, { recursive: true, force: true });
    }
  });
});

/** Everything the extension keeps on disk (IndexedDB and storage.local), as text. */
async function dumpStorage(session: Session): Promise<string> {
  await send(session, { type: 'state/get' });
  const page = await session.newPage(session.extensionUrl(POPUP_PATH));
  try {
    return await page.evaluate(async () => {
      type Api = { storage: { local: { get(keys: null): Promise<Record<string, unknown>> } } };
      const g = globalThis as unknown as { browser?: Api; chrome: Api };
      const local = await (g.browser ?? g.chrome).storage.local.get(null);
      const dbs = (await indexedDB.databases?.()) ?? [{ name: 'sessionscope' }];
      const out: unknown[] = [local];
      for (const { name } of dbs) {
        if (!name) continue;
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open(name);
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        for (const store of Array.from(db.objectStoreNames)) {
          const rows = await new Promise<unknown[]>((resolve, reject) => {
            const r = db.transaction(store).objectStore(store).getAll();
            r.onsuccess = () => resolve(r.result);
            r.onerror = () => reject(r.error);
          });
          out.push({ db: name, store, rows });
        }
        db.close();
      }
      return JSON.stringify(out);
    });
  } finally {
    await page.close();
  }
}
