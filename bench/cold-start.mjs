// Worker cold start in Chromium: a stopped service worker woken by a cookie change. For Sessionscope, from
// the cookie write until the change is stored (in storage.session, where the product journals session
// evidence in the event's own task, or in its IndexedDB, whichever comes first); for an empty extension,
// until its cookie listener ran. Trials alternate between the two browsers, one pair at a time.
//
// Both browsers are driven over raw CDP (bench/cdp.mjs): Playwright attaches to every service worker as it
// starts and holds it until Node answers, which would add a round trip to every cold start.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchRaw } from './cdp.mjs';
import { EMPTY_PAGE } from './extensions.mjs';
import { treeCpuMs } from './proc.mjs';
import { pairedSummary, round, summary } from './stats.mjs';

/**
 * Runs in the watching extension page: records when a value first appears in the extension's storage.
 * storage.onChanged is an event (no polling lag); IndexedDB has none, so its `observations` store is
 * read every 10 ms. Both are read from a page: neither involves the worker, so watching wakes nothing.
 */
function storageWatcher() {
  window.__seen = {};
  const note = (value, where, extra) => {
    for (const token of window.__tokens ?? []) {
      if (!value.includes(token)) continue;
      window.__seen[token] ??= {};
      const seen = window.__seen[token];
      if (seen[where] === undefined) seen[where] = { at: Date.now(), ...extra };
    }
  };
  chrome.storage.onChanged.addListener((changes, area) => {
    for (const change of Object.values(changes)) {
      if (change.newValue === undefined) continue;
      const text = JSON.stringify(change.newValue);
      const ran = change.newValue?.at !== undefined && change.newValue?.value !== undefined;
      note(text, area, ran ? { ranAt: change.newValue.at } : {});
    }
  });
  let db = null;
  let lastSeq = 0;
  const poll = async () => {
    try {
      if (!db) {
        const names = (await indexedDB.databases()).map((d) => d.name);
        if (names.includes('sessionscope')) {
          db = await new Promise((resolve, reject) => {
            const r = indexedDB.open('sessionscope');
            r.onsuccess = () => resolve(r.result);
            r.onerror = () => reject(r.error);
          });
          // Never hold up the product's own upgrade.
          db.onversionchange = () => {
            db.close();
            db = null;
          };
        }
      }
      if (db?.objectStoreNames.contains('observations')) {
        const rows = await new Promise((resolve, reject) => {
          const r = db
            .transaction('observations')
            .objectStore('observations')
            .getAll(IDBKeyRange.lowerBound(lastSeq, true));
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        for (const row of rows) {
          if (typeof row.seq === 'number' && row.seq > lastSeq) lastSeq = row.seq;
          note(JSON.stringify(row), 'indexedDB', {});
        }
      }
    } catch {
      db = null;
    }
    setTimeout(poll, 10);
  };
  poll();
}

async function waitQuiet(pid, { windowMs = 100, quietMs = 5, capMs = 2000 } = {}) {
  const t0 = performance.now();
  let prev = treeCpuMs(pid);
  while (performance.now() - t0 < capMs) {
    await sleep(windowMs);
    const cur = treeCpuMs(pid);
    if (cur - prev <= quietMs) return;
    prev = cur;
  }
}

/** One cold start: stop the worker, write a cookie from the web page, wait for `done(seen)`. */
async function trial(b, watcher, done, timeoutMs = 15_000) {
  await b.stopWorker();
  await waitQuiet(b.pid);
  if (await b.workerRunning()) throw new Error('the worker was running before the cookie write');
  const token = randomBytes(8).toString('hex');
  await watcher.call((t) => {
    window.__tokens = [...(window.__tokens ?? []), t];
  }, token);
  const writtenAt = await b.evaluateInPage(
    `(() => { const t = Date.now(); document.cookie = 'sessionid=${token}; path=/; max-age=3600; samesite=lax'; return t; })()`,
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = await watcher.call((t) => window.__seen[t] ?? null, token);
    const result = seen && done(seen);
    if (result) return { writtenAt, ...result, seen };
    if (Date.now() > deadline) throw new Error(`the cookie change was not seen within ${timeoutMs} ms`);
    await sleep(10);
  }
}

/**
 * `prepare(handle)` puts the product in its default state (nothing captured) first. Returns
 * `{ coldStartMs, emptyColdStartMs, coldStartOverEmptyMs, … }` in ms, each a summary with median/p25/p75.
 */
export async function runColdStart({ ext, emptyExt, origin, profilesDir, runs, log, prepare }) {
  const product = await launchRaw(`${profilesDir}/cold-product`, ext);
  let empty = null;
  try {
    empty = await launchRaw(`${profilesDir}/cold-empty`, emptyExt);
    if (prepare) await prepare(product);
    const watchers = {};
    for (const [name, b] of [
      ['product', product],
      ['empty', empty],
    ]) {
      await b.evaluateInPage(`location.href = ${JSON.stringify(`${origin}/blank`)}`);
      const deadline = Date.now() + 15_000;
      while (
        (await b.evaluateInPage('location.pathname + document.readyState').catch(() => '')) !==
        '/blankcomplete'
      ) {
        if (Date.now() > deadline) throw new Error(`${name}: ${origin}/blank did not load`);
        await sleep(20);
      }
      watchers[name] = await b.openTab(b.extensionUrl(EMPTY_PAGE), { initScript: storageWatcher });
    }
    const productMs = [];
    const productIdbMs = [];
    const emptyMs = [];
    const emptyStoredMs = [];
    const diffs = [];
    const where = {};
    for (let i = 0; i < runs + 1; i++) {
      // Sessionscope: until the change is stored, wherever it lands first.
      const p = await trial(product, watchers.product, (seen) => {
        const times = Object.entries(seen).filter(
          ([k]) => k === 'session' || k === 'indexedDB' || k === 'local',
        );
        if (times.length === 0) return null;
        const [first, at] = times.sort((a, b) => a[1].at - b[1].at)[0];
        return { storedAt: at.at, first, idbAt: seen.indexedDB?.at ?? null };
      });
      // The empty extension: until its listener ran (the time it noted), seen once its note is stored.
      const e = await trial(empty, watchers.empty, (seen) =>
        seen.session?.ranAt !== undefined ? { ranAt: seen.session.ranAt, storedAt: seen.session.at } : null,
      );
      // The first pair warms both (first compile of the product's worker): not counted.
      if (i === 0) continue;
      const pm = p.storedAt - p.writtenAt;
      const em = e.ranAt - e.writtenAt;
      productMs.push(pm);
      if (p.idbAt !== null) productIdbMs.push(p.idbAt - p.writtenAt);
      emptyMs.push(em);
      emptyStoredMs.push(e.storedAt - e.writtenAt);
      diffs.push(pm - em);
      where[p.first] = (where[p.first] ?? 0) + 1;
    }
    log(
      `  cold start: Sessionscope stored the change after ${round(summary(productMs).median, 0)} ms (first in ${JSON.stringify(where)}), empty extension's listener ran after ${round(summary(emptyMs).median, 0)} ms (${productMs.length} pairs)`,
    );
    return {
      coldStartMs: summary(productMs),
      emptyColdStartMs: summary(emptyMs),
      coldStartOverEmptyMs: pairedSummary(diffs),
      coldStartIndexedDbMs: summary(productIdbMs),
      emptyColdStartStoredMs: summary(emptyStoredMs),
      coldStartStoredFirstIn: where,
      coldStartPairs: diffs.length,
    };
  } finally {
    await product.close();
    await empty?.close();
  }
}
