/**
 * The one message API between the background and everything else (views, tests, other tools).
 * Documented with examples in docs/messages.md. Every reply is `{ ok: true, ... }` or `{ ok: false, error }`.
 */
import type { ExportDocument, ExportSite } from './contract';
import type { ListSite } from './list-view';
import type { RuleSet, Rules } from './rules';
import type { Settings } from './settings';

export type ExportFormat = 'json' | 'csv' | 'trace';

export type Request =
  /**
   * `events: false` answers every session with `events: []` (inferences kept), for views that list
   * sites without drawing their timelines: 1,000 sites' events are megabytes to build and copy.
   */
  | { type: 'state/get'; site?: string; events?: boolean }
  | { type: 'export'; format: ExportFormat; site?: string }
  /**
   * `data` is an exported document, or its JSON text as read from a file: text is refused above
   * MAX_IMPORT_BYTES before it is parsed, and never has to survive the browser's message serializer.
   */
  | { type: 'import'; data: unknown }
  | { type: 'rules/get' }
  | {
      type: 'rules/set';
      rules: { defaults?: Partial<Rules>; sites?: Record<string, Partial<Rules> | null> };
    }
  | { type: 'settings/get' }
  | { type: 'settings/set'; settings: DeepPartial<Settings> }
  | { type: 'session/end'; id: string }
  | { type: 'site/simulate-browser-close'; site: string }
  | { type: 'site/forget'; site: string }
  /**
   * The Cookie header the browser would send to one URL of a site, and a cookie jar of that cookie store
   * and partition, for replay with curl/wget; values are included because the user asked for exactly
   * that. The URL: `url`; else the tab `tabId` (`"active"`: the active tab of the focused window) when
   * it shows the site; else the cookie of session `sessionId`; else the site's most recently active
   * session's cookie; else `https://<site>/`. The store: `storeId`; else the tab's or the session's; else
   * the browser's default store.
   */
  | {
      type: 'site/cookies';
      site: string;
      url?: string;
      storeId?: string;
      tabId?: number | 'active';
      sessionId?: string;
    }
  /** What the extension can see: host access, header capture in force, browser. */
  | { type: 'status/get'; url?: string }
  /**
   * Captures one site's requests, or stops. Adds it to (or takes it out of) `headerCapture.sites`; it cannot
   * grant the `webRequest` permission, which only a click in an extension page can.
   */
  | { type: 'capture/set'; site: string; captured: boolean };

export interface NotSentCookie {
  name: string;
  domain: string;
  path: string;
  storeId: string;
  partitionKey: string | null;
  verdict: 'no' | 'unknown';
  rule: string | null;
  reason: string;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** Header capture as it is in force (docs/messages.md, `status/get`). */
export interface CaptureStatus {
  mode: Settings['headerCapture']['mode'];
  /** The chosen sites (settings), captured when `mode` is `sites`. */
  sites: string[];
  /** Whether the optional `webRequest` permission is held. */
  permission: boolean;
  /** Whether the listener sees the chosen sites' requests now. */
  active: boolean;
  /** Chromium: the permission was granted while the browser ran; capture begins at the browser's next start. */
  waitsForRestart: boolean;
  /** What a grant would do if asked for now: take effect at once, or at the browser's next start. */
  grantTakesEffect: 'now' | 'next-browser-start';
  /** With `status/get`'s `url`: that URL's site, whether it is chosen, and whether its requests are captured now. */
  site?: { site: string; chosen: boolean; captured: boolean };
}

export interface Status {
  browser: { name: 'chrome' | 'firefox'; version: string };
  /** Whether Sessionscope may read cookies and requests of the given URL (or of all sites). */
  hostAccess: boolean;
  headerCapture: CaptureStatus;
  /** Storage in use and its quota, when the browser reports them. */
  storage: { usedBytes: number | null; quotaBytes: number | null; trimmedEvents: number };
  lastRestartAt: string | null;
}

export interface ReplyMap {
  /** `restarts`: browser restarts this browser saw (ISO, oldest first), as in the export document. */
  'state/get': { sites: ExportSite[]; now: string; restarts: string[] };
  export: { data: ExportDocument | string };
  import: { sites: number; sessions: number };
  'rules/get': { rules: RuleSet };
  'rules/set': { rules: RuleSet };
  'settings/get': { settings: Settings };
  'settings/set': { settings: Settings };
  'session/end': { removed: number };
  'site/simulate-browser-close': { removed: number };
  'site/forget': { forgotten: number };
  'site/cookies': {
    cookieHeader: string;
    netscape: string;
    /** Cookies in `cookieHeader`. */
    count: number;
    /** What the header was scoped to, and where that came from. */
    url: string;
    storeId: string;
    scopedBy: 'url' | 'tab' | 'session' | 'site';
    /** The site's other cookies, with why they are not sent (`no`) or what is not known (`unknown`). */
    notSent: NotSentCookie[];
  };
  'status/get': { status: Status };
  'capture/set': { capture: CaptureStatus };
}

export type Ok<T extends Request['type']> = { ok: true } & ReplyMap[T];
export type Failure = { ok: false; error: string; errors?: FieldError[] };
export type Reply<T extends Request['type']> = Ok<T> | Failure;

/** A validation problem tied to a field, so a form can show it beside that field. */
export interface FieldError {
  path: string;
  message: string;
}

export type RequestOf<T extends Request['type']> = Extract<Request, { type: T }>;

// ── Live subscription over a port (docs/messages.md, "Following a site live") ─────────────────────

/** The name of the port a view opens with `runtime.connect({ name })` to be pushed its scope's state. */
export const SUBSCRIPTION_PORT = 'sessionscope/subscription';

/**
 * What a subscription follows: a tab (its site and cookie store, following its navigations), a site
 * (optionally in one cookie store), or every site (optionally in one cookie store).
 */
export type SubscriptionTarget =
  | { tabId: number }
  | { site: string; storeId?: string }
  | { all: true; storeId?: string };

/** From the view to the background, over the port. */
export type PortRequest =
  /** Sets (or replaces) what the port follows; the background answers with a `state` at once. */
  | { type: 'subscribe'; target: SubscriptionTarget; shown?: boolean }
  /** The view is visible again: the background pushes the state if it changed while hidden. */
  | { type: 'shown' }
  /** The view is hidden: the background pushes nothing, and computes nothing, until `shown`. */
  | { type: 'hidden' };

/** A target as the background resolved it. `storeId` null: every cookie store. */
export interface ResolvedTarget {
  mode: 'site' | 'all';
  site: string | null;
  storeId: string | null;
  /** The kind of the tab's cookie store (a tab target only), so a view can name a private window or container. */
  storeKind: 'default' | 'private' | 'container' | null;
}

/** From the background to the view, over the port. */
export type PortMessage =
  /**
   * The whole state of the scope, restricted to the target's cookie store. Site mode: `sites` as
   * `state/get` answers for that site (with events, imported timelines after it). All mode: `list`,
   * each session in the fields the list shows (list-view.ts), and `sites` empty. `seq` counts the
   * pushes of this port from 1.
   */
  | {
      type: 'state';
      seq: number;
      now: string;
      target: ResolvedTarget;
      restarts: string[];
      sites: ExportSite[];
      list?: ListSite[];
    }
  | { type: 'error'; error: string };
