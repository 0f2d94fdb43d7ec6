/** Checks what a view sends over the subscription port (docs/messages.md): a request, or what is wrong. */
import type { PortRequest } from './messages';

/** The request, or a sentence saying what is wrong with it. */
export function checkPortRequest(message: unknown): PortRequest | string {
  if (!message || typeof message !== 'object') return 'A port message must be an object with a "type".';
  const m = message as Record<string, unknown>;
  if (m.type === 'shown' || m.type === 'hidden') return { type: m.type };
  if (m.type !== 'subscribe')
    return `Unknown port message type ${JSON.stringify(m.type)}. Known types: subscribe, shown, hidden.`;
  const t = m.target as Record<string, unknown> | null | undefined;
  if (!t || typeof t !== 'object')
    return '"subscribe" needs a "target": { tabId }, { site } or { all: true }.';
  const storeId = t.storeId;
  if (storeId !== undefined && typeof storeId !== 'string') return '"target.storeId" must be a string.';
  const shown = m.shown === undefined ? {} : { shown: m.shown !== false };
  if (typeof t.tabId === 'number' && Number.isInteger(t.tabId) && t.tabId >= 0)
    return { type: 'subscribe', target: { tabId: t.tabId }, ...shown };
  if (typeof t.site === 'string' && t.site.trim() !== '')
    return { type: 'subscribe', target: { site: t.site, ...(storeId ? { storeId } : {}) }, ...shown };
  if (t.all === true)
    return { type: 'subscribe', target: { all: true, ...(storeId ? { storeId } : {}) }, ...shown };
  return '"subscribe" needs a "target": { tabId }, { site } or { all: true }.';
}
