/** Browser cookies in the core's terms, and the cookie calls that need every store and partition. */
import browser, { type Cookies } from 'webextension-polyfill';
import type { CookieSnapshot, SameSite } from '../core/observation';

/** Chrome: `{ topLevelSite, hasCrossSiteAncestor }`; Firefox: `{ topLevelSite }`. */
interface PartitionKey {
  topLevelSite?: string;
  hasCrossSiteAncestor?: boolean;
}
type BrowserCookie = Cookies.Cookie & { partitionKey?: PartitionKey };

const SAME_SITE: readonly SameSite[] = ['no_restriction', 'lax', 'strict', 'unspecified'];

export function toSnapshot(cookie: BrowserCookie): CookieSnapshot {
  const sameSite = SAME_SITE.includes(cookie.sameSite as SameSite)
    ? (cookie.sameSite as SameSite)
    : 'unspecified';
  return {
    storeId: cookie.storeId,
    partitionKey: cookie.partitionKey?.topLevelSite ?? null,
    domain: cookie.domain,
    path: cookie.path,
    name: cookie.name,
    value: cookie.value,
    hostOnly: cookie.hostOnly,
    session: cookie.session,
    expiresAt: cookie.expirationDate === undefined ? null : Math.round(cookie.expirationDate * 1000),
    httpOnly: cookie.httpOnly,
    secure: cookie.secure,
    sameSite,
  };
}

/** Every cookie of every store, partitioned ones included (they are only returned when asked for). */
export async function allBrowserCookies(): Promise<BrowserCookie[]> {
  const stores = await browser.cookies.getAllCookieStores();
  const lists = await Promise.all(stores.map((s) => cookiesOfStore(s.id)));
  return lists.flat();
}

async function cookiesOfStore(storeId: string): Promise<BrowserCookie[]> {
  try {
    // An empty partitionKey asks for unpartitioned and partitioned cookies alike (Chrome 119+, Firefox 94+).
    return (await browser.cookies.getAll({
      storeId,
      partitionKey: {},
    } as Cookies.GetAllDetailsType)) as BrowserCookie[];
  } catch {
    return (await browser.cookies.getAll({ storeId })) as BrowserCookie[];
  }
}

export async function allCookieSnapshots(): Promise<CookieSnapshot[]> {
  return (await allBrowserCookies()).map(toSnapshot);
}

/** Removes one browser cookie exactly where it lives (store and partition). True when it was removed. */
export async function removeBrowserCookie(cookie: BrowserCookie): Promise<boolean> {
  const host = cookie.domain.replace(/^\./, '');
  const url = `${cookie.secure ? 'https' : 'http'}://${host}${cookie.path}`;
  const details: Record<string, unknown> = { url, name: cookie.name, storeId: cookie.storeId };
  if (cookie.partitionKey) details.partitionKey = cookie.partitionKey;
  try {
    const removed = await browser.cookies.remove(details as unknown as Cookies.RemoveDetailsType);
    return removed !== null;
  } catch {
    return false;
  }
}

export function sameCookie(
  a: { storeId: string; partitionKey: string | null; domain: string; path: string; name: string },
  b: { storeId: string; partitionKey: string | null; domain: string; path: string; name: string },
): boolean {
  return (
    a.storeId === b.storeId &&
    a.partitionKey === b.partitionKey &&
    a.domain === b.domain &&
    a.path === b.path &&
    a.name === b.name
  );
}
