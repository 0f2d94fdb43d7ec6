/**
 * The state of sessions as `state/get` answers it and as subscriptions push it: the live report, the
 * imported timelines after it (marked, never merged), and the browser restarts. One function, so a
 * pushed state and an asked-for one can never differ.
 */
import { annotateCapture } from '../core/capture';
import type { ExportSite } from '../core/contract';
import { type ListSite, toListSites } from '../core/list-view';
import type { ReplyMap } from '../core/messages';
import { inStore } from '../core/scope';
import { captureLog } from './capture-state';
import { getTracker } from './engine';
import * as store from './store';

/** An imported site, marked so views never mistake it for something this browser saw. */
export type ImportedSite = ExportSite & { origin: 'imported'; importedAt: string };

const iso = (ms: number): string => new Date(ms).toISOString();
/** The largest time a Date can hold; beyond it toISOString throws. */
const MAX_DATE_MS = 8.64e15;

/** Callers apply what was observed first (`settled()` for a message; a push follows an applied batch). */
export async function stateReport(
  now: number,
  options: { site?: string; events: boolean },
): Promise<ReplyMap['state/get']> {
  // What capture covered decides where a verdict must say "unknown" (core/capture.ts).
  const live = annotateCapture(
    getTracker().report(now, {
      ...(options.site === undefined ? {} : { site: options.site }),
      events: options.events,
    }),
    await captureLog(),
    now,
  );
  const imported: ImportedSite[] = [];
  for (const rec of await store.readImports()) {
    for (const site of rec.document.sites) {
      if (options.site !== undefined && site.site !== options.site) continue;
      // Copies: the stored document keeps its events.
      const sessions = options.events ? site.sessions : site.sessions.map((s) => ({ ...s, events: [] }));
      imported.push({ ...site, sessions, origin: 'imported', importedAt: iso(rec.importedAt) });
    }
  }
  return { sites: [...live, ...imported], now: iso(now), restarts: restartTimes() };
}

/**
 * The all-sites list's state (list-view.ts): every live site in `storeId` (every store when null), then
 * the imported timelines. An imported document never changes, so its list form is made once.
 */
export async function listReport(
  now: number,
  storeId: string | null,
): Promise<{ list: ListSite[]; now: string; restarts: string[] }> {
  const live = toListSites(inStore(getTracker().report(now, { events: false }), storeId));
  const imported: ListSite[] = [];
  for (const rec of await store.readImports()) {
    let sites = importedLists.get(rec);
    if (!sites) {
      const importedAt = iso(rec.importedAt);
      sites = toListSites(rec.document.sites).map((site) => ({ ...site, origin: 'imported', importedAt }));
      importedLists.set(rec, sites);
    }
    imported.push(...sites);
  }
  return { list: [...live, ...imported], now: iso(now), restarts: restartTimes() };
}

const importedLists = new WeakMap<object, ListSite[]>();

/** Browser restarts as ISO times, oldest first; a time a damaged snapshot made unrepresentable is left out. */
function restartTimes(): string[] {
  return getTracker()
    .restarts()
    .filter((at) => Number.isFinite(at) && Math.abs(at) <= MAX_DATE_MS)
    .sort((a, b) => a - b)
    .map(iso);
}
