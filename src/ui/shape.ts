/**
 * Readers for data that came from a website or an imported file: each returns the value only when it has
 * the expected shape, so a view never renders what it did not check.
 */
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A recorded request (`{ method, url, status, at }`), when it has a URL. */
export function requestOf(
  v: unknown,
): { method: string | null; url: string; status: number | null; at: string | null } | null {
  return isObject(v) && typeof v.url === 'string'
    ? { method: str(v.method), url: v.url, status: num(v.status), at: str(v.at) }
    : null;
}

/** The request as one line: `GET http://…/logout → 302`. */
export function requestLine(
  r: { method: string | null; url: string; status: number | null },
  unknownMethod: string,
  unknownStatus: string,
): string {
  return `${r.method ?? unknownMethod} ${r.url} → ${r.status ?? unknownStatus}`;
}
