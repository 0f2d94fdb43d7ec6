/** `cookies.onChanged` for every store (containers, private windows) and partition → cookie observations. */
import browser, { type Cookies } from 'webextension-polyfill';
import type { CookieCause, CookieKey } from '../core/observation';
import { toSnapshot } from './cookie-snapshot';
import { record } from './recorder';

const CAUSES: readonly CookieCause[] = ['explicit', 'overwrite', 'expired', 'expired_overwrite', 'evicted'];

/** Cookies that changed since this worker started: the wake reconciliation must not second-guess them. */
const touched = new Set<string>();

export function cookieKeyString(k: CookieKey): string {
  return JSON.stringify([k.storeId, k.partitionKey, k.domain, k.path, k.name]);
}

export function changedSinceWake(k: CookieKey): boolean {
  return touched.has(cookieKeyString(k));
}

function onChanged(info: Cookies.OnChangedChangeInfoType): void {
  const at = Date.now();
  const cookie = toSnapshot(info.cookie);
  touched.add(cookieKeyString(cookie));
  if (info.removed) {
    // Rewriting a cookie removes the old one ('overwrite') and then sets the new one: the set carries all
    // there is to know (the tracker ignores the removal), and recording both doubled a rewrite's cost.
    if (info.cause === 'overwrite') return;
    const cause = CAUSES.includes(info.cause as CookieCause) ? (info.cause as CookieCause) : 'explicit';
    record({ kind: 'cookie-removed', at, cookie, cause });
  } else {
    record({ kind: 'cookie-set', at, cookie });
  }
}

export function observeCookies(): void {
  browser.cookies.onChanged.addListener(onChanged);
}
