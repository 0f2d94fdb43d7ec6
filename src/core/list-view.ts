/**
 * What the all-sites list needs of each session, and nothing more: a row's state, store, framework and
 * cookie name, and the moments its state changes by itself (for src/core/project.ts). 1,000 sites'
 * full sessions are most of a megabyte to build, copy and parse; this is about a third of it, and the
 * list opens that much sooner.
 */
import type { ExportCookie, ExportSession, ExportSite } from './contract';

export type ListSession = Pick<
  ExportSession,
  | 'id'
  | 'framework'
  | 'state'
  | 'endReason'
  | 'startedAt'
  | 'lastActivityAt'
  | 'endedAt'
  | 'events'
  | 'idleAt'
  | 'idleTimeoutAt'
  | 'maxLifetimeAt'
  | 'storeKind'
  | 'endInferred'
  | 'endsBy'
> & { cookie: Pick<ExportCookie, 'name' | 'storeId' | 'expiresAt'> };

export interface ListSite {
  site: string;
  sessions: ListSession[];
  lastActivityAt?: string | null;
  origin?: string;
  importedAt?: string;
}

export function toListSession(s: ExportSession): ListSession {
  const out: ListSession = {
    id: s.id,
    cookie: { name: s.cookie.name, storeId: s.cookie.storeId, expiresAt: s.cookie.expiresAt },
    framework: s.framework,
    state: s.state,
    endReason: s.endReason,
    startedAt: s.startedAt,
    lastActivityAt: s.lastActivityAt,
    endedAt: s.endedAt,
    events: [],
  };
  if (s.idleAt !== undefined) out.idleAt = s.idleAt;
  if (s.idleTimeoutAt !== undefined) out.idleTimeoutAt = s.idleTimeoutAt;
  if (s.maxLifetimeAt !== undefined) out.maxLifetimeAt = s.maxLifetimeAt;
  if (s.storeKind !== undefined) out.storeKind = s.storeKind;
  return out;
}

export function toListSites(
  sites: readonly (ExportSite & { origin?: string; importedAt?: string })[],
): ListSite[] {
  return sites.map((site) => ({
    site: site.site,
    sessions: site.sessions.map(toListSession),
    ...(site.lastActivityAt !== undefined ? { lastActivityAt: site.lastActivityAt } : {}),
    ...(site.origin !== undefined ? { origin: site.origin } : {}),
    ...(site.importedAt !== undefined ? { importedAt: site.importedAt } : {}),
  }));
}
