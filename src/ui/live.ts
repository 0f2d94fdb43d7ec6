/**
 * A view's end of the live subscription (docs/messages.md, "Following a site live"): one port to the
 * background, the latest state it pushed, and the shown/hidden state the background is told. The port
 * dies with an MV3 worker; while the view is shown it is opened again at once and subscribes anew (the
 * background answers with the whole state); a hidden view reconnects only when it is shown again.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Runtime } from 'webextension-polyfill';
import type { ListSite } from '../core/list-view';
import {
  type PortMessage,
  type PortRequest,
  type ResolvedTarget,
  SUBSCRIPTION_PORT,
  type SubscriptionTarget,
} from '../core/messages';
import { nextChangeAt, type Projectable, projectSites } from '../core/project';
import { ext as browser } from './ext';

type ProjectableSite = { sessions: Projectable[] };

import type { ViewSite } from './all-sites';
import { parseTime } from './format';

export interface LiveState {
  target: ResolvedTarget;
  /** Site mode: the site's sessions in full (and imported timelines of it). */
  sites: ViewSite[];
  /** All mode: every site's sessions, in the fields the list shows. */
  list: ListSite[];
  restarts: number[];
  /** The background's clock minus ours, to count down in its time. */
  offset: number;
  seq: number;
}

export interface LiveSnapshot {
  state: LiveState | null;
  error: string | null;
  /** States received by this view since it opened, reconnections included: what a test counts. */
  pushes: number;
  connected: boolean;
}

/** Waits before opening the port again after a disconnect: at once, then longer while it keeps failing. */
const RETRY_MS = [0, 100, 500, 2000, 5000];

export class LiveSubscription {
  private port: Runtime.Port | null = null;
  private target: SubscriptionTarget | null = null;
  private shown: boolean;
  private failures = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private listeners = new Set<(s: LiveSnapshot) => void>();
  snapshot: LiveSnapshot = { state: null, error: null, pushes: 0, connected: false };

  constructor(options: { shown?: boolean } = {}) {
    this.shown = options.shown !== false;
    // Opened before anything else is known: the background (a stopped worker, maybe) starts meanwhile.
    if (this.shown) this.connect();
  }

  subscribe(target: SubscriptionTarget): void {
    this.target = target;
    this.send({ type: 'subscribe', target, shown: this.shown });
  }

  setShown(shown: boolean): void {
    if (shown === this.shown) return;
    this.shown = shown;
    if (!shown) {
      this.send({ type: 'hidden' });
      return;
    }
    if (this.port === null) this.connect();
    else this.send({ type: 'shown' });
  }

  onChange(listener: (s: LiveSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    if (this.retry !== null) clearTimeout(this.retry);
    this.port?.disconnect();
    this.port = null;
  }

  private update(patch: Partial<LiveSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener(this.snapshot);
  }

  private send(request: PortRequest): void {
    if (this.port === null) {
      if (this.shown) this.connect();
      return;
    }
    try {
      this.port.postMessage(request);
    } catch {
      // A port whose worker just died: its onDisconnect reconnects.
    }
  }

  private connect(): void {
    if (this.closed || this.port !== null) return;
    let port: Runtime.Port;
    try {
      port = browser.runtime.connect({ name: SUBSCRIPTION_PORT });
    } catch (error) {
      this.update({ error: error instanceof Error ? error.message : String(error), connected: false });
      this.scheduleReconnect();
      return;
    }
    this.port = port;
    port.onMessage.addListener((message: unknown) => this.receive(message as PortMessage));
    port.onDisconnect.addListener(() => {
      // Read, so Chrome does not log the worker's going away as an unchecked error.
      void (globalThis as { chrome?: { runtime?: { lastError?: unknown } } }).chrome?.runtime?.lastError;
      if (this.port === port) this.port = null;
      this.update({ connected: false });
      this.scheduleReconnect();
    });
    this.update({ connected: true });
    if (this.target !== null) port.postMessage({ type: 'subscribe', target: this.target, shown: this.shown });
  }

  private scheduleReconnect(): void {
    if (this.closed || !this.shown || this.retry !== null) return;
    const wait = RETRY_MS[Math.min(this.failures, RETRY_MS.length - 1)] ?? 0;
    this.failures += 1;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.shown) this.connect();
    }, wait);
  }

  private receive(message: PortMessage): void {
    if (message.type === 'error') {
      this.update({ error: message.error });
      return;
    }
    if (message.type !== 'state') return;
    this.failures = 0;
    const now = parseTime(message.now) ?? Date.now();
    this.update({
      error: null,
      pushes: this.snapshot.pushes + 1,
      state: {
        target: message.target,
        sites: message.sites as ViewSite[],
        list: message.list ?? [],
        restarts: message.restarts.map(parseTime).filter((at): at is number => at !== null),
        offset: now - Date.now(),
        seq: message.seq,
      },
    });
  }
}

/** The subscription's latest snapshot, re-rendering on each change. */
export function useLive(sub: LiveSubscription): LiveSnapshot {
  const [snapshot, setSnapshot] = useState(sub.snapshot);
  useEffect(() => {
    setSnapshot(sub.snapshot);
    return sub.onChange(setSnapshot);
  }, [sub]);
  return snapshot;
}

/**
 * The sites as they read at `now`: what time alone changes (idle, an expiry passing) is derived from the
 * times the push holds (src/core/project.ts). A new array only when something changed, so lists built
 * from it are not rebuilt every second.
 */
export function useProjected<T extends ProjectableSite>(sites: readonly T[], now: number): readonly T[] {
  const memo = useRef<{ source: readonly T[]; out: readonly T[]; next: number } | null>(null);
  const m = memo.current;
  if (m === null || m.source !== sites || now >= m.next) {
    const out = projectSites(sites, now);
    memo.current = { source: sites, out, next: nextChangeAt(out, now) };
  }
  return (memo.current as { out: readonly T[] }).out;
}
