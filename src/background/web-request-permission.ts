/**
 * The optional `webRequest` permission: whether it is held, and whether holding it reaches a listener in
 * this browser run.
 *
 * Only a click in an extension page can ask for it (`permissions.request`), and the views do the asking and
 * the giving back (options page); this module only tells.
 *
 * Chromium (checked on 156, see docs/PERMISSIONS.md): it decides whether to route a profile's requests
 * through the extension layer from the permissions each extension had when it was loaded, counting them up
 * and down in `WebRequestAPI::OnExtensionLoaded/Unloaded`; a grant while the browser runs does not change
 * that count, and reloading or re-enabling the extension counts the new permission down and up again. So a
 * listener added after a live grant gets no events until the browser starts again, unless another extension
 * already makes Chromium route requests. Firefox takes a grant at once.
 *
 * What is kept to tell those cases apart:
 * - `storage.session` HELD_AT_LOAD: whether the permission was held when this extension load began
 *   (`storage.session` is cleared when the browser or the extension restarts);
 * - `storage.local` GRANTED_LIVE_AT: when a grant was made in a Chromium run that began without it; it
 *   stands until a browser start after it, or until the listener receives an event (then it works).
 */
import browser, { type Permissions, type WebRequest } from 'webextension-polyfill';

const PERMISSION: Permissions.Permissions = { permissions: ['webRequest'] };
const HELD_AT_LOAD = 'sessionscope.webRequestAtLoad';
const GRANTED_LIVE_AT = 'webRequestGrantedLiveAt';

/** Chromium routes requests from permissions counted at extension load; Firefox checks them live. */
const GRANT_NEEDS_RESTART = __BROWSER__ === 'chrome';

/** `browser.webRequest`, or undefined while the permission is not held (Firefox also removes it on revoke). */
export function webRequestApi(): WebRequest.Static | undefined {
  try {
    return (browser as { webRequest?: WebRequest.Static }).webRequest ?? undefined;
  } catch {
    return undefined;
  }
}

export async function holdsWebRequest(): Promise<boolean> {
  try {
    return await browser.permissions.contains(PERMISSION);
  } catch {
    return false;
  }
}

/** Whether the permission was held when this extension load began; recorded at the load's first worker run. */
async function heldAtLoad(heldNow: boolean): Promise<boolean> {
  const stored = await browser.storage.session.get(HELD_AT_LOAD);
  const value = stored[HELD_AT_LOAD];
  if (typeof value === 'boolean') return value;
  await browser.storage.session.set({ [HELD_AT_LOAD]: heldNow });
  return heldNow;
}

async function grantedLiveAt(): Promise<number | null> {
  const stored = await browser.storage.local.get(GRANTED_LIVE_AT);
  const value = stored[GRANTED_LIVE_AT];
  return typeof value === 'number' ? value : null;
}

export interface PermissionState {
  held: boolean;
  /** Held, but Chromium will not route requests to the listener before the browser starts again. */
  waitsForRestart: boolean;
  /** What a grant made now would do. */
  grantTakesEffect: 'now' | 'next-browser-start';
}

/** `lastRestartAt`: the last browser start detected (startup.ts); a grant before it has taken effect. */
export async function permissionState(lastRestartAt: number | null): Promise<PermissionState> {
  const held = await holdsWebRequest();
  if (!GRANT_NEEDS_RESTART) return { held, waitsForRestart: false, grantTakesEffect: 'now' };
  const atLoad = await heldAtLoad(held);
  let liveAt = await grantedLiveAt();
  if (liveAt !== null && lastRestartAt !== null && lastRestartAt > liveAt) {
    await browser.storage.local.remove(GRANTED_LIVE_AT);
    liveAt = null;
  }
  // Not held at load: Chromium counted no permission for this load. A live grant before: the count stays off
  // through extension reloads until the browser restarts.
  const countedOff = !atLoad || liveAt !== null;
  return {
    held,
    waitsForRestart: held && countedOff,
    grantTakesEffect: countedOff ? 'next-browser-start' : 'now',
  };
}

/** Called when the browser reports the grant (permissions.onAdded). */
export async function noteGrant(at: number): Promise<void> {
  if (!GRANT_NEEDS_RESTART) return;
  const stored = await browser.storage.session.get(HELD_AT_LOAD);
  if (stored[HELD_AT_LOAD] === true && (await grantedLiveAt()) === null) return;
  await browser.storage.local.set({ [GRANTED_LIVE_AT]: at });
}

/** The listener received an event: whatever the count said, requests reach it in this run. */
export async function noteDelivered(): Promise<void> {
  if (!GRANT_NEEDS_RESTART) return;
  await browser.storage.local.remove(GRANTED_LIVE_AT);
  await browser.storage.session.set({ [HELD_AT_LOAD]: true });
}

/**
 * Top level: tells `onChange` when the permission is granted or given back (from our pages, the browser's
 * extension settings, or another window).
 */
export function observePermission(onChange: (granted: boolean) => void): void {
  const concerns = (p: { permissions?: string[] }) => p.permissions?.includes('webRequest') === true;
  browser.permissions.onAdded.addListener((p) => {
    if (concerns(p)) onChange(true);
  });
  browser.permissions.onRemoved.addListener((p) => {
    if (concerns(p)) onChange(false);
  });
}
