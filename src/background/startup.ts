/**
 * What kind of start this worker is: a new browser process, the extension (re)installed or updated in a
 * running browser, or just the worker waking up again.
 *
 * `runtime.onStartup` is not enough: an extension loaded with --load-extension (Chromium e2e, developers)
 * is installed afresh at every launch and never sees it. So a marker goes into `storage.session`, which
 * lives exactly as long as the browser process (and the extension's install) and survives worker stops:
 * - marker absent, something stored before → `browser-restart` (or `extension-start` when onInstalled
 *   said 'update' in this run: the browser kept running);
 * - marker absent, nothing stored → first install: `extension-start`;
 * - marker present → a worker wake: no startup observation, but a reconciliation with the cookies
 *   present, for changes that happened while no listener could see them.
 * A browser purges session cookies at shutdown without any `cookies.onChanged`; the startup observation
 * carries every cookie present now, and the core compares it with what it knew: that is how
 * `browser-close` is detected.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { allCookieSnapshots } from './cookie-snapshot';
import { getTracker, start } from './engine';
import { beat, readLastSeenAt } from './heartbeat';
import { changedSinceWake, cookieKeyString } from './observe-cookies';
import { record, settled } from './recorder';
import * as store from './store';

const MARKER = 'sessionscope.browserRun';
const LAST_RESTART = 'lastRestartAt';
/** onInstalled is dispatched right after the worker's first start; longer than this, it is not coming. */
const INSTALL_EVENT_WAIT_MS = 400;
/** Lets the event that woke the worker be recorded before reconciling, so it is not reported twice. */
const RECONCILE_DELAY_MS = 600;

let installReason: Runtime.OnInstalledReason | null = null;
let resolveInstall: (() => void) | null = null;
const installSeen = new Promise<void>((resolve) => {
  resolveInstall = resolve;
});

/** Registered at the top level by main.ts. */
export function onInstalled(details: Runtime.OnInstalledDetailsType): void {
  installReason = details.reason;
  resolveInstall?.();
}

/** Registered at the top level by main.ts; one more restart signal where it fires (Firefox, installed Chrome). */
export function onStartup(): void {
  resolveInstall?.();
}

export async function lastRestartAt(): Promise<number | null> {
  const stored = await browser.storage.local.get(LAST_RESTART);
  const value = stored[LAST_RESTART];
  return typeof value === 'number' ? value : null;
}

export async function detectStart(): Promise<void> {
  await start();
  const session = await browser.storage.session.get(MARKER);
  if (session[MARKER] !== undefined) {
    setTimeout(() => void reconcile(), RECONCILE_DELAY_MS);
    return;
  }
  const lastSeenAt = await readLastSeenAt();
  const hadData = lastSeenAt !== null || (await store.hasData());
  await Promise.race([installSeen, new Promise((r) => setTimeout(r, INSTALL_EVENT_WAIT_MS))]);
  const reason = hadData && installReason !== 'update' ? 'browser-restart' : 'extension-start';
  const cookies = await allCookieSnapshots();
  const at = Date.now();
  record({ kind: 'startup', at, reason, lastSeenAt, cookies });
  if (reason === 'browser-restart') await browser.storage.local.set({ [LAST_RESTART]: at });
  await settled();
  // Set only once the startup is stored: a worker stopped before this point detects the start again.
  await browser.storage.session.set({ [MARKER]: at });
  await beat(Date.now(), true);
}

/**
 * A worker wake: compares the tracker's live sessions with the cookies present now. A cookie that
 * disappeared or changed while nothing listened is recorded as such; a cookie that changed since this
 * worker started was already recorded by its own event and is left alone.
 */
export async function reconcile(): Promise<number> {
  await settled();
  const present = new Map((await allCookieSnapshots()).map((c) => [cookieKeyString(c), c]));
  const now = Date.now();
  let changes = 0;
  for (const site of getTracker().report(now, { includeValues: true })) {
    for (const session of site.sessions) {
      if (session.state === 'ended') continue;
      const c = session.cookie;
      const key = {
        storeId: c.storeId,
        partitionKey: c.partitionKey,
        domain: c.domain,
        path: c.path,
        name: c.name,
      };
      if (changedSinceWake(key)) continue;
      const now2 = Date.now();
      const current = present.get(cookieKeyString(key));
      if (!current) {
        const expiresAt = c.expiresAt ? Date.parse(c.expiresAt) : null;
        const expired = expiresAt !== null && expiresAt <= now2;
        record({
          kind: 'cookie-removed',
          at: now2,
          cookie: {
            ...key,
            value: c.value ?? '',
            hostOnly: !c.domain.startsWith('.'),
            session: c.session,
            expiresAt,
            httpOnly: c.httpOnly,
            secure: c.secure,
            sameSite: c.sameSite,
          },
          cause: expired ? 'expired' : 'explicit',
        });
        changes++;
      } else if (c.value !== undefined && current.value !== c.value) {
        record({ kind: 'cookie-set', at: now2, cookie: current });
        changes++;
      }
    }
  }
  return changes;
}
