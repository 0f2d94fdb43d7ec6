import type { CookieKey } from './observation';

export type StoreKind = 'default' | 'private' | 'container';

// Only the separator and the escape character are escaped, so ids stay readable in exports.
function escapePart(part: string): string {
  return part.replace(/[%|]/g, (c) => (c === '%' ? '%25' : '%7C'));
}

function unescapePart(part: string): string {
  return part.replace(/%7C|%25/g, (c) => (c === '%25' ? '%' : '|'));
}

/**
 * A cookie's identity: store, partition, domain, path and name. Two cookies differing in any of them
 * are different cookies to the browser, so they are different here. A null partition key is an empty
 * field; a string one (even "") is written with a leading "=" so the two never collide.
 */
export function cookieId(key: CookieKey): string {
  const partition = key.partitionKey === null ? '' : `=${escapePart(key.partitionKey)}`;
  return [
    escapePart(key.storeId),
    partition,
    escapePart(key.domain),
    escapePart(key.path),
    escapePart(key.name),
  ].join('|');
}

/** The key back from `cookieId`, or null when the string is not one. */
export function parseCookieId(id: string): CookieKey | null {
  const parts = id.split('|');
  if (parts.length !== 5) return null;
  const [storeId, partition, domain, path, name] = parts as [string, string, string, string, string];
  if (partition !== '' && !partition.startsWith('=')) return null;
  return {
    storeId: unescapePart(storeId),
    partitionKey: partition === '' ? null : unescapePart(partition.slice(1)),
    domain: unescapePart(domain),
    path: unescapePart(path),
    name: unescapePart(name),
  };
}

/**
 * What kind of cookie store an id names. Chrome: "0" normal, "1" incognito. Firefox: "firefox-default",
 * "firefox-private", "firefox-container-N". Anything unknown counts as default.
 */
export function storeKind(storeId: string): StoreKind {
  if (storeId === '1' || storeId === 'firefox-private') return 'private';
  if (storeId.startsWith('firefox-container-')) return 'container';
  return 'default';
}
