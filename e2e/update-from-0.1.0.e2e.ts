// An update from 0.1.0, in Chromium and Firefox, on real storage: a profile records sessions with every
// site's headers captured (as 0.1.0 did, holding webRequest as a required permission) and is left with
// 0.1.0's settings (no version, `headerCapture.mode: 'all'`); the shipped build then starts on it, as an
// update. Every observation is still there, the settings are migrated, and what was seen with headers
// before the update stays a verdict with headers.
import { cpSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportDocument } from '../src/core/contract';
import {
  BROWSERS,
  DIST_CHROME,
  DIST_FIREFOX,
  type DjangoServer,
  exportJson,
  freshPath,
  GECKO_ID,
  launch,
  POPUP_PATH,
  ROOT,
  type Session,
  sendOk,
  startDjango,
  waitFor,
} from './harness';

/** What 0.1.0 stored when the user had saved settings: no version, every site captured. */
const SETTINGS_0_1_0 = {
  headerCapture: { mode: 'all', sites: [] },
  retention: { maxEventsPerSite: 4000, maxAgeDays: 20 },
  exportIncludesValues: false,
  storePrivate: false,
  notifySites: ['127.0.0.1'],
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Runs in one of the extension's pages: the whole observations store and storage.local. */
async function storage(session: Session): Promise<{ seqs: number[]; local: Record<string, unknown> }> {
  await session.send({ type: 'status/get' });
  const page = await session.newPage(session.extensionUrl(`${POPUP_PATH}?all=1`));
  try {
    return await page.evaluate(`(async () => {
      const api = globalThis.browser ?? globalThis.chrome;
      const seqs = await new Promise((resolve, reject) => {
        const open = indexedDB.open('sessionscope');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const read = db.transaction('observations').objectStore('observations').getAllKeys();
          read.onsuccess = () => { db.close(); resolve(read.result); };
          read.onerror = () => reject(read.error);
        };
      });
      return { seqs, local: await api.storage.local.get(null) };
    })()`);
  } finally {
    await page.close();
  }
}

/** Leaves storage.local as 0.1.0 left it: its settings, and none of the keys later versions add. */
async function makeItLook010(session: Session): Promise<void> {
  const page = await session.newPage(session.extensionUrl(`${POPUP_PATH}?all=1`));
  try {
    await page.evaluate(`(async () => {
      const api = globalThis.browser ?? globalThis.chrome;
      await api.storage.local.remove(['settingsVersion', 'captureLog', 'webRequestGrantedLiveAt']);
      await api.storage.local.set({ settings: ${JSON.stringify(SETTINGS_0_1_0)} });
    })()`);
  } finally {
    await page.close();
  }
}

const summary = (doc: ExportDocument) =>
  doc.sites.flatMap((s) =>
    s.sessions.map((x) => ({
      site: s.site,
      id: x.id,
      state: x.state,
      endReason: x.endReason,
      events: x.events.length,
    })),
  );

describe.each(BROWSERS)('update from 0.1.0 in %s', (browserName) => {
  let server: DjangoServer;
  let session: Session | undefined;
  const profileDir = freshPath(`update-${browserName}`);
  // Chromium: the extension's id comes from its folder, so the update is new files in the same folder.
  const extensionDir = freshPath(`extension-${browserName}`);

  beforeAll(async () => {
    server = await startDjango();
  });
  afterAll(async () => {
    await session?.close();
    await server?.stop();
    rmSync(profileDir, { recursive: true, force: true });
    rmSync(extensionDir, { recursive: true, force: true });
  });

  it('keeps every observation, migrates the settings, and keeps header verdicts made before', async () => {
    // A build that holds webRequest as required, as 0.1.0 did.
    cpSync(join(ROOT, `dist/${browserName === 'chromium' ? 'chrome' : 'firefox'}-test`), extensionDir, {
      recursive: true,
    });
    session = await launch(browserName, { profileDir, extensionDir, sessionRestore: true });
    await sendOk(session, { type: 'settings/set', settings: { headerCapture: { mode: 'all' } } });
    const page = await session.newPage();
    for (const path of ['/login?user=alice', '/touch', '/page', '/logout', '/login?user=bob']) {
      await page.goto(server.url(path));
    }
    const before = await waitFor(
      async () => {
        const doc = await exportJson(session!);
        const s = summary(doc);
        return s.some((x) => x.endReason === 'logout') && s.some((x) => x.state === 'active') ? doc : null;
      },
      { timeout: 20_000, message: 'a logout and a live session recorded' },
    ).catch(async (error: Error) => {
      const doc = await exportJson(session!);
      const status = await session!.send({ type: 'status/get' });
      throw new Error(`${error.message}\n${JSON.stringify(summary(doc))}\n${JSON.stringify(status)}`);
    });
    await makeItLook010(session);
    const stored = await storage(session);
    expect(stored.local.settingsVersion).toBeUndefined();

    // The update: the shipped build in place of the old one, on the same profile.
    if (browserName === 'chromium') {
      await session.close();
      session = undefined;
      rmSync(extensionDir, { recursive: true, force: true });
      cpSync(DIST_CHROME, extensionDir, { recursive: true });
      session = await launch(browserName, { profileDir, extensionDir, sessionRestore: true });
    } else {
      // Firefox keys an add-on's storage by its moz-extension UUID, which this session pins: swap the
      // installed xpi under the running browser (a rename), then restart it, as an update lands.
      const xpi = join(profileDir, 'extensions', `${GECKO_ID}.xpi`);
      const entries: Record<string, Uint8Array> = {};
      for (const file of filesUnder(DIST_FIREFOX)) entries[relative(DIST_FIREFOX, file)] = readFileSync(file);
      writeFileSync(`${xpi}.new`, zipSync(entries, { level: 1 }));
      renameSync(`${xpi}.new`, xpi);
      await session.restart({ sessionRestore: true });
    }

    const manifest = await (await session.newPage(session.extensionUrl(`${POPUP_PATH}?all=1`))).evaluate<{
      optional?: string[];
      permissions: string[];
    }>(
      `(() => { const m = (globalThis.browser ?? globalThis.chrome).runtime.getManifest(); return { optional: m.optional_permissions, permissions: m.permissions }; })()`,
    );
    expect(manifest.optional).toEqual(['webRequest']);
    expect(manifest.permissions).not.toContain('webRequest');

    const after = await storage(session);
    // Nothing recorded is lost: every stored observation is still there.
    expect(after.seqs.filter((seq) => !stored.seqs.includes(seq))).toEqual(
      after.seqs.filter((seq) => seq > Math.max(...stored.seqs)),
    );
    expect(stored.seqs.filter((seq) => !after.seqs.includes(seq))).toEqual([]);
    // The settings migrated: version 2, what the user had chosen kept, the log starting with 0.1.0's capture.
    expect(after.local.settingsVersion).toBe(2);
    expect(after.local.settings).toEqual(SETTINGS_0_1_0);
    expect((after.local.captureLog as unknown[])[0]).toEqual({ at: 0, sites: 'all' });

    const doc = await exportJson(session);
    const now = summary(doc);
    for (const old of summary(before)) {
      const same = now.find((x) => x.id === old.id);
      expect(same, `session ${old.id} still there`).toBeDefined();
      expect(same?.endReason).toBe(old.endReason);
      expect(same?.events ?? 0).toBeGreaterThanOrEqual(old.events);
    }
    // The logout seen with its Set-Cookie header before the update is not made "unknown" by it.
    const logout = doc.sites.flatMap((s) => s.sessions).find((s) => s.endReason === 'logout');
    expect(logout?.endUnknown).toBeUndefined();

    const status = await sendOk(session, { type: 'status/get' });
    const capture = (status.status as { headerCapture: Record<string, unknown> }).headerCapture;
    expect(capture.mode).toBe('all');
    // Whether the browser kept the permission through the update decides whether capture goes on.
    expect(capture.active).toBe(capture.permission === true && capture.waitsForRestart === false);
    if (capture.permission !== true) {
      // Firefox does not keep a required permission that became optional: the site view says what is
      // missing and asks for it again from a click.
      const popup = await session.newPage(session.extensionUrl(`${POPUP_PATH}?site=127.0.0.1`));
      await popup.waitForText('.capture-state', 'Not captured', 20_000);
      await popup.click('.capture-grant');
      await waitFor(
        async () => {
          const reply = await sendOk(session!, { type: 'status/get' });
          return (reply.status as { headerCapture: { permission: boolean } }).headerCapture.permission;
        },
        { timeout: 15_000, message: 'the permission granted again from the popup' },
      );
      if (browserName === 'firefox') await popup.waitForText('.capture-state', 'Captured');
    }
  });
});
