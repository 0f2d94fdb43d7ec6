/**
 * Live views: a popup or DevTools panel opens a port (`SUBSCRIPTION_PORT`), says what it follows, and is
 * pushed the state of that scope when it changes (docs/messages.md, "Following a site live").
 *
 * - Pushed on events only: an applied batch of observations (recorder's `onApplied`) or a request that
 *   changes what is reported (rules, forget, import, settings). What changes with time alone the view
 *   derives from the times it holds (src/core/project.ts), so nothing here runs on a timer.
 * - Scoped: a batch about another site costs a subscription one lookup; the report is computed only for
 *   the site followed, and restricted to the followed cookie store (src/core/scope.ts).
 * - Coalesced: at most one push per SITE_INTERVAL_MS (ALL_INTERVAL_MS for the all-sites list), and none
 *   when the new report reads as what the view already derives from the last push.
 * - Quiet when hidden: a hidden view's subscription only notes that something changed; the report is
 *   computed once it is shown again. A closed view has no port, so costs nothing.
 * - A stopped worker (MV3) disconnects every port; the view reconnects and subscribes again, and the
 *   worker starts over with a full push.
 */
import browser, { type Runtime, type Tabs } from 'webextension-polyfill';
import type { ExportSite } from '../core/contract';
import type { ListSite } from '../core/list-view';
import {
  type PortMessage,
  type ResolvedTarget,
  SUBSCRIPTION_PORT,
  type SubscriptionTarget,
} from '../core/messages';
import type { Observation } from '../core/observation';
import { checkPortRequest } from '../core/port-request';
import { projectSites } from '../core/project';
import { inStore } from '../core/scope';
import { start } from './engine';
import { siteOfObservation } from './observation-site';
import { listReport, stateReport } from './state-report';
import { resolveTarget } from './tab-target';

/** A few pushes a second at most: a burst of cookie writes is one push, not fifty. */
export const SITE_INTERVAL_MS = 250;
/** The all-sites list is a report of every site: pushed at most once a second. */
export const ALL_INTERVAL_MS = 1000;

interface Subscription {
  port: Runtime.Port;
  target: SubscriptionTarget | null;
  resolved: ResolvedTarget | null;
  shown: boolean;
  /** Something the scope may show changed since the last evaluation. */
  dirty: boolean;
  /** The next evaluation must push, whatever it finds (a new subscription: the view holds nothing). */
  force: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  running: boolean;
  lastPushAt: number;
  seq: number;
  /** What the view holds: the last push, to tell a change from time merely passing. */
  last: { target: ResolvedTarget; restarts: string[]; sites: readonly (ExportSite | ListSite)[] } | null;
}

const subscriptions = new Set<Subscription>();

/** Registered at the top level of main.ts: a port connecting wakes a stopped worker. */
export function observeSubscriptions(): void {
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== SUBSCRIPTION_PORT) return;
    // Only our own pages (no content scripts, no other extensions) may follow sessions.
    if (port.sender?.id !== browser.runtime.id) {
      port.disconnect();
      return;
    }
    const sub: Subscription = {
      port,
      target: null,
      resolved: null,
      shown: true,
      dirty: false,
      force: false,
      timer: null,
      running: false,
      lastPushAt: 0,
      seq: 0,
      last: null,
    };
    subscriptions.add(sub);
    port.onMessage.addListener((message: unknown) => onRequest(sub, message));
    port.onDisconnect.addListener(() => {
      if (sub.timer !== null) clearTimeout(sub.timer);
      subscriptions.delete(sub);
      followTabs();
    });
  });
}

/** The recorder applied a batch: mark the subscriptions it may concern. */
export function onBatchApplied(batch: readonly Observation[]): void {
  if (subscriptions.size === 0) return;
  let sites: Set<string | null> | null = null;
  let crossSite = false;
  for (const sub of subscriptions) {
    const r = sub.resolved;
    if (r === null || r.mode === 'all' || r.site === null) {
      markDirty(sub);
      continue;
    }
    if (sites === null) {
      sites = new Set();
      for (const obs of batch) {
        sites.add(siteOfObservation(obs));
        // An explicit removal can revise another site's end (a browser-wide clear is a burst across sites).
        if (obs.kind === 'cookie-removed' && obs.cause === 'explicit') crossSite = true;
      }
    }
    if (crossSite || sites.has(r.site) || sites.has(null)) markDirty(sub);
  }
}

/** A request changed what is reported without an observation (rules, forget, import, settings). */
export function onStateReplaced(): void {
  for (const sub of subscriptions) markDirty(sub);
}

function post(sub: Subscription, message: PortMessage): void {
  try {
    sub.port.postMessage(message);
  } catch {
    // The view went away between the check and the push: its onDisconnect cleans up.
  }
}

function onRequest(sub: Subscription, message: unknown): void {
  const request = checkPortRequest(message);
  if (typeof request === 'string') {
    post(sub, { type: 'error', error: request });
    return;
  }
  if (request.type === 'subscribe') {
    sub.target = request.target;
    sub.resolved = null;
    sub.last = null;
    sub.force = true;
    sub.shown = request.shown !== false;
    followTabs();
    markDirty(sub, 0);
  } else if (request.type === 'shown') {
    sub.shown = true;
    if (sub.dirty || sub.force) schedule(sub, 0);
  } else {
    sub.shown = false;
    if (sub.timer !== null) clearTimeout(sub.timer);
    sub.timer = null;
  }
}

function markDirty(sub: Subscription, delay?: number): void {
  sub.dirty = true;
  if (sub.shown && sub.target !== null) schedule(sub, delay);
}

function schedule(sub: Subscription, delay?: number): void {
  if (sub.timer !== null || sub.running) return;
  const interval = sub.resolved?.mode === 'all' ? ALL_INTERVAL_MS : SITE_INTERVAL_MS;
  const wait = delay ?? Math.max(0, sub.lastPushAt + interval - Date.now());
  sub.timer = setTimeout(() => {
    sub.timer = null;
    void evaluate(sub);
  }, wait);
}

async function evaluate(sub: Subscription): Promise<void> {
  if (!subscriptions.has(sub) || !sub.shown || sub.target === null) return;
  sub.running = true;
  sub.dirty = false;
  try {
    // A port can wake the worker: the tracker is rebuilt from storage first.
    await start();
    if (sub.resolved === null) sub.resolved = await resolveTarget(sub.target);
    const target = sub.resolved;
    const site = target.mode === 'site' && target.site !== null ? target.site : undefined;
    const report =
      site === undefined
        ? await listReport(Date.now(), target.storeId)
        : await stateReport(Date.now(), { site, events: true });
    // The list draws rows, not timelines: each session in the few fields a row shows (list-view.ts).
    const sites: readonly (ExportSite | ListSite)[] =
      'list' in report ? report.list : inStore(report.sites, target.storeId);
    if (!sub.force && readsTheSame(sub.last, target, report.restarts, sites, Date.parse(report.now))) return;
    sub.force = false;
    sub.seq += 1;
    sub.lastPushAt = Date.now();
    sub.last = { target, restarts: report.restarts, sites };
    const { now, restarts } = report;
    post(
      sub,
      'list' in report
        ? { type: 'state', seq: sub.seq, now, target, restarts, sites: [], list: report.list }
        : { type: 'state', seq: sub.seq, now, target, restarts, sites: sites as ExportSite[] },
    );
  } catch (error) {
    post(sub, { type: 'error', error: error instanceof Error ? error.message : String(error) });
  } finally {
    sub.running = false;
    if (sub.dirty && subscriptions.has(sub)) markDirty(sub);
  }
}

/** True when the view, projecting its last push to `now`, already shows this. */
function readsTheSame(
  last: Subscription['last'],
  target: ResolvedTarget,
  restarts: string[],
  sites: readonly (ExportSite | ListSite)[],
  now: number,
): boolean {
  if (last === null) return false;
  if (JSON.stringify(last.target) !== JSON.stringify(target)) return false;
  if (last.restarts.join() !== restarts.join()) return false;
  return JSON.stringify(projectSites(last.sites, now)) === JSON.stringify(sites);
}

// ── following a tab's navigations ──────────────────────────────────────────────
// Added only while a view follows a tab (its port keeps the worker awake meanwhile), so no tab update
// costs anything when no such view is open.

function onTabUpdated(tabId: number, change: Tabs.OnUpdatedChangeInfoType): void {
  if (change.url === undefined) return;
  for (const sub of subscriptions) {
    if (sub.target !== null && 'tabId' in sub.target && sub.target.tabId === tabId) {
      sub.resolved = null;
      markDirty(sub, 0);
    }
  }
}

function followTabs(): void {
  const needed = [...subscriptions].some((s) => s.target !== null && 'tabId' in s.target);
  const listening = browser.tabs.onUpdated.hasListener(onTabUpdated);
  if (needed && !listening) browser.tabs.onUpdated.addListener(onTabUpdated);
  if (!needed && listening) browser.tabs.onUpdated.removeListener(onTabUpdated);
}
