import type { ExportSession } from '../core/contract';
import { storeKind } from '../core/cookie-id';
import type { Translate } from './translate';

export type StoreKind = 'default' | 'private' | 'container';

/** The background names the store; older exports may not, so fall back on the core's reading of the id. */
export function storeKindOf(
  session: Pick<ExportSession, 'storeKind'> & { cookie: { storeId: string } },
): StoreKind {
  return session.storeKind ?? storeKind(session.cookie.storeId);
}

/** "Private window", "Container 2", or the empty string for the default store (shown without a badge). */
export function storeLabel(session: ExportSession, t: Translate): string {
  const kind = storeKindOf(session);
  if (kind === 'private') return t('store_private');
  if (kind === 'container') {
    const n = /(\d+)$/.exec(session.cookie.storeId)?.[1];
    return n ? t('store_container_n', [n]) : t('store_container');
  }
  return '';
}
