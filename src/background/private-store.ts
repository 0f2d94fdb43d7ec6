/**
 * Private-window data never reaches the disk unless the user opts in (it is kept in `storage.session`,
 * memory only: private-log.ts): these say which observations, or which part of one, belong to a private
 * window.
 */
import type { Observation } from '../core/observation';

/** Chrome's incognito store is "1"; Firefox's private store is "firefox-private". */
export function isPrivateStore(storeId: string | null | undefined): boolean {
  return storeId === '1' || storeId === 'firefox-private';
}

/**
 * The part of an observation that may be written to disk: everything when the user chose to store
 * private windows; otherwise null when all of it is private, a copy without private cookies for a
 * startup observation, the observation itself when nothing in it is private.
 */
export function persistablePart(
  obs: Observation,
  isPrivate: boolean,
  storePrivate: boolean,
): Observation | null {
  if (storePrivate) return obs;
  if (isPrivate) return null;
  switch (obs.kind) {
    case 'cookie-set':
    case 'cookie-removed':
      return isPrivateStore(obs.cookie.storeId) ? null : obs;
    case 'response':
      return isPrivateStore(obs.storeId) ? null : obs;
    case 'activity':
      return isPrivateStore(obs.storeId) ? null : obs;
    case 'startup': {
      const cookies = obs.cookies.filter((c) => !isPrivateStore(c.storeId));
      return cookies.length === obs.cookies.length ? obs : { ...obs, cookies };
    }
    default:
      return obs;
  }
}
