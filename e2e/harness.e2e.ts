// Tests of the harness itself, and the evidence for the browser facts the product relies on:
// a graceful restart keeps persistent cookies; session cookies survive it only with session restore;
// the extension and its storage survive restarts; Chromium's worker can be stopped; a kill leaves nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type DjangoServer, launch, type Session, startDjango, waitFor } from './harness';
import { pidsMentioning } from './harness/processes';

let server: DjangoServer;
beforeAll(async () => {
  // expire-at-browser-close: sessionid is a session cookie, csrftoken a persistent one.
  server = await startDjango({ expireAtBrowserClose: true });
});
afterAll(() => server?.stop());

async function cookieNames(session: Session): Promise<string[]> {
  const cookies = await session.browserCookies({ domain: '127.0.0.1' });
  return cookies.map((c) => `${c.name}:${c.session ? 'session' : 'persistent'}`).sort();
}

async function storageMarker(session: Session, write?: string): Promise<string | null> {
  const page = await session.newPage(session.extensionUrl('src/popup/index.html'));
  const api = '(globalThis.browser ?? globalThis.chrome)';
  if (write) await page.evaluate(`${api}.storage.local.set({ harnessMarker: ${JSON.stringify(write)} })`);
  const value = await page.evaluate<string | null>(
    `${api}.storage.local.get('harnessMarker').then((r) => r.harnessMarker ?? null)`,
  );
  await page.close();
  return value;
}

describe.each(BROWSERS)('harness in %s', (browserName) => {
  it('launches with the extension, opens its pages and reads the cookie store', async () => {
    const session = await launch(browserName);
    expect(session.extensionId).toMatch(browserName === 'chromium' ? /^[a-p]{32}$/ : /^[0-9a-f-]{36}$/);
    const site = await session.newPage(server.url('/login?user=alice'));
    expect(await site.text('#state')).toBe('logged in as alice');
    expect(await cookieNames(session)).toEqual(['csrftoken:persistent', 'sessionid:session']);
    const popup = await session.newPage(session.extensionUrl('src/popup/index.html'));
    expect(await popup.location()).toBe(session.extensionUrl('src/popup/index.html'));
    expect(await popup.evaluate(() => document.title)).toBe('Sessionscope');
    await session.close();
    expect(pidsMentioning(session.profileDir)).toEqual([]);
  });

  it('restart without session restore keeps persistent cookies and extension storage, drops session cookies', async () => {
    const session = await launch(browserName);
    await session.newPage(server.url('/login?user=alice'));
    expect(await storageMarker(session, 'kept')).toBe('kept');
    await session.restart({ sessionRestore: false });
    expect(await cookieNames(session)).toEqual(['csrftoken:persistent']);
    expect(await storageMarker(session)).toBe('kept');
    await session.close();
  });

  it('restart with session restore keeps the session cookie too', async () => {
    const session = await launch(browserName, { sessionRestore: true });
    await session.newPage(server.url('/login?user=alice'));
    await waitFor(async () => (await cookieNames(session)).length === 2, { message: 'both cookies' });
    await session.restart();
    expect(await cookieNames(session)).toEqual(['csrftoken:persistent', 'sessionid:session']);
    await session.close();
  });

  it('kill() takes down the whole process tree and restart() brings the browser back', async () => {
    const session = await launch(browserName);
    await session.newPage(server.url('/noop'));
    expect(pidsMentioning(session.profileDir).length).toBeGreaterThan(0);
    await session.kill();
    expect(pidsMentioning(session.profileDir)).toEqual([]);
    await session.restart();
    const page = await session.newPage(server.url('/noop'));
    expect(await page.text('#state')).toBe('session untouched');
    await session.close();
  });

  it.runIf(browserName === 'chromium')(
    'stopServiceWorker() stops the worker; a message wakes it',
    async () => {
      const session = await launch(browserName);
      const context = session.raw.context!;
      const workers = () =>
        context.serviceWorkers().filter((w) => w.url().startsWith(session.extensionUrl('')));
      expect(workers().length).toBe(1);
      expect(await session.stopServiceWorker()).toBe(true);
      // A message (answered or not) restarts the worker.
      await session.send({ type: 'status/get' }).catch(() => undefined);
      await waitFor(async () => workers().length > 0 && (await workers()[0]!.evaluate('true')), {
        message: 'the worker to come back',
      });
      await session.close();
    },
  );
});
