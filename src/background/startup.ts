/**
 * What kind of start this worker is: a new browser process, the extension started inside a running
 * browser (installed, reloaded, updated, enabled again), or just the worker waking up again.
 *
 * A marker in `storage.session`, which lives exactly as long as the browser process and the extension's
 * current load and survives worker stops, tells a worker wake (marker present: no startup observation,
 * but a reconciliation with the cookies present) from a start (marker absent). What KIND of start only
 * the browser can say, through `runtime.onStartup` and `runtime.onInstalled` (core/start-kind.ts): a
 * restart needs that browser-level evidence, since an extension reloaded or turned off and on also finds
 * the marker gone, and calling that a restart would mark every live session cookie restored. Both events
 * may come late on a loaded machine, so the start waits for them (START_SIGNAL_WAIT_MS), and keeps them in
 * `storage.session` too, for a worker stopped before it recorded the start.
 *
 * A browser purges session cookies at shutdown without any `cookies.onChanged`; the startup observation
 * carries every cookie present now, and the core compares it with what it knew: that is how
 * `browser-close` is detected.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { type StartSignal, startKind } from '../core/start-kind';
import { allCookieSnapshots } from './cookie-snapshot';
import { getTracker, start } from './engine';
import { beat, readLastSeenAt } from './heartbeat';
import { changedSinceWake, cookieKeyString } from './observe-cookies';
import { record, settled } from './recorder';
import * as store from './store';

const MARKER = 'sessionscope.browserRun';
/** The browser's start signals of this browser run and extension load (storage.session forgets both). */
const SIGNALS = 'sessionscope.startSignals';
const LAST_RESTART = 'lastRestartAt';
/**
 * How long a start waits for onStartup/onInstalled. They are dispatched as the background starts, but a
 * loaded machine (two cores, a browser restoring tabs) has delivered them seconds late; only an extension
 * enabled again gets neither, and only it waits the whole time.
 */
const START_SIGNAL_WAIT_MS = 5_000;
/** After one signal, a moment for the other (a browser update can bring onInstalled and onStartup). */
const MORE_SIGNALS_MS = 300;
/** Lets the event that woke the worker be recorded before reconciling, so it is not reported twice. */
const RECONCILE_DELAY_MS = 600;

const signals: StartSignal[] = [];
let signalled: () => void = () => {};
const firstSignal = new Promise<void>((resolve) => {
  signalled = resolve;
});

function noteSignal(signal: StartSignal): void {
  signals.push(signal);
  signalled();
  void browser.storage.session.set({ [SIGNALS]: signals }).catch(() => {});
}

/** Registered at the top level by main.ts. */
export function onInstalled(details: Runtime.OnInstalledDetailsType): void {
  noteSignal({ event: 'installed', reason: details.reason });
}

/** Registered at the top level by main.ts: the browser started with the extension installed. */
export function onStartup(): void {
  noteSignal({ event: 'startup' });
}

export async function lastRestartAt(): Promise<number | null> {
  const stored = await browser.storage.local.get(LAST_RESTART);
  const value = stored[LAST_RESTART];
  return typeof value === 'number' ? value : null;
}

export async function detectStart(): Promise<void> {
  const since = Date.now();
  await start();
  const session = await browser.storage.session.get([MARKER, SIGNALS]);
  if (session[MARKER] !== undefined) {
    setTimeout(() => void reconcile(), RECONCILE_DELAY_MS);
    return;
  }
  const lastSeenAt = await readLastSeenAt();
  const hadData = lastSeenAt !== null || (await store.hasData());
  // Signals an earlier worker of this run received before it was stopped count as well.
  const stored = Array.isArray(session[SIGNALS]) ? (session[SIGNALS] as StartSignal[]) : [];
  if (stored.length === 0) {
    const waitStart = Date.now();
    await Promise.race([firstSignal, new Promise((r) => setTimeout(r, START_SIGNAL_WAIT_MS))]);
    if (signals.length > 0 && Date.now() - waitStart < START_SIGNAL_WAIT_MS)
      await new Promise((r) => setTimeout(r, MORE_SIGNALS_MS));
  }
  const kind = startKind([...stored, ...signals], hadData, START_SIGNAL_WAIT_MS);
  const cookies = await allCookieSnapshots();
  const at = Date.now();
  record({ kind: 'startup', at, reason: kind.reason, lastSeenAt, cookies, evidence: kind.evidence, since });
  if (kind.reason === 'browser-restart') await browser.storage.local.set({ [LAST_RESTART]: at });
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
