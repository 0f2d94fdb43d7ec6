/**
 * What header capture covers, from three inputs: the settings (which sites), the optional `webRequest`
 * permission, and whether this browser run can use a grant (web-request-permission.ts). It keeps the
 * listener's URL filter matching them (observe-requests.ts) and appends to the capture log each time what is
 * in force changes, so the core can tell, for any moment, whether a site's headers could have been seen.
 */
import { type CapturedSites, type CaptureLog, withChange } from '../core/capture';
import type { CaptureStatus } from '../core/messages';
import type { Settings } from '../core/settings';
import { patternsFor } from './capture-patterns';
import { loadCaptureLog, saveCaptureLog } from './config-store';
import { getSettings, whenSettingsLoaded } from './engine';
import { listenerInForce, observeRequests, setCaptureFilter } from './observe-requests';
import { lastRestartAt } from './startup';
import {
  holdsWebRequest,
  noteDelivered,
  noteGrant,
  observePermission,
  type PermissionState,
  permissionState,
} from './web-request-permission';

const DAY_MS = 86_400_000;

let log: CaptureLog = [];
let logLoaded: Promise<void> | null = null;
/** Set while Chromium holds a grant it does not route yet; cleared by the first event that arrives. */
let waiting = false;
/** Refreshes one after another: each reads the log and may append to it. */
let refreshing: Promise<unknown> = Promise.resolve();

function chosenSites(capture: Settings['headerCapture']): CapturedSites {
  if (capture.mode === 'all') return 'all';
  return capture.mode === 'sites' ? capture.sites : [];
}

/** Top level (main.ts): the listener and the permission listeners, before anything asynchronous. */
export function observeCapture(): void {
  observeRequests(() => {
    if (waiting) {
      waiting = false;
      void noteDelivered().then(() => refreshCapture());
    }
  });
  observePermission((granted) => {
    void (async () => {
      if (granted) await noteGrant(Date.now());
      await applyCapture();
      await refreshCapture();
    })();
  });
}

/** Sets the listener's filter from the settings and the permission. Call once the settings are read. */
export async function applyCapture(): Promise<void> {
  await whenSettingsLoaded();
  const capture = getSettings().headerCapture;
  const held = await holdsWebRequest();
  const sites = held ? chosenSites(capture) : [];
  setCaptureFilter(sites === 'all' ? { all: true } : { all: false, sites, urls: sites.flatMap(patternsFor) });
}

/** Reads the permission state and records in the log what is in force now. Returns the status. */
export function refreshCapture(): Promise<CaptureStatus> {
  const run = refreshing.then(refreshNow, refreshNow);
  refreshing = run.catch((error: unknown) => console.error('[sessionscope] capture refresh failed', error));
  return run;
}

async function refreshNow(): Promise<CaptureStatus> {
  // The permission may have changed a moment ago (its event still on its way): match the listener first.
  await applyCapture();
  logLoaded ??= loadCaptureLog().then((stored) => {
    log = stored;
  });
  await logLoaded;
  await whenSettingsLoaded();
  const permission = await permissionState(await lastRestartAt());
  waiting = permission.waitsForRestart;
  const settings = getSettings();
  const inForce: CapturedSites =
    permission.held && !permission.waitsForRestart ? chosenSites(settings.headerCapture) : [];
  const now = Date.now();
  const next = withChange(log, { at: now, sites: inForce }, now - settings.retention.maxAgeDays * DAY_MS);
  if (next !== log) {
    log = next;
    await saveCaptureLog(log);
  }
  return statusOf(settings, permission);
}

function statusOf(settings: Settings, permission: PermissionState): CaptureStatus {
  const listener = listenerInForce();
  return {
    mode: settings.headerCapture.mode,
    sites: settings.headerCapture.sites,
    permission: permission.held,
    active: listener.active && permission.held && !permission.waitsForRestart,
    waitsForRestart: permission.waitsForRestart,
    grantTakesEffect: permission.grantTakesEffect,
  };
}

/** The capture log as last read or written (for annotating reports). */
export async function captureLog(): Promise<CaptureLog> {
  logLoaded ??= loadCaptureLog().then((stored) => {
    log = stored;
  });
  await logLoaded;
  return log;
}
