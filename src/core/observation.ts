/**
 * Observations: what the background saw the browser do, in the core's own terms. They are the only
 * input to classification, stored append-only, and replayed in order of `at` (epoch milliseconds).
 */

export type Millis = number;

export type SameSite = 'no_restriction' | 'lax' | 'strict' | 'unspecified';

/** Where a cookie lives. Two cookies with the same name in different stores are different cookies. */
export interface CookieKey {
  /** Chrome: "0" (normal) or "1" (incognito). Firefox: "firefox-default", "firefox-private", "firefox-container-N". */
  storeId: string;
  /** The partition's top-level site for partitioned (CHIPS) cookies, serialized; null when unpartitioned. */
  partitionKey: string | null;
  /** As the browser reports it: a leading dot marks a domain cookie, none a host-only one. */
  domain: string;
  path: string;
  name: string;
}

export interface CookieSnapshot extends CookieKey {
  value: string;
  hostOnly: boolean;
  /** True when the cookie has no expiry: the browser drops it at shutdown unless it restores the session. */
  session: boolean;
  expiresAt: Millis | null;
  httpOnly: boolean;
  secure: boolean;
  sameSite: SameSite;
}

/** The browser's own word for why a cookie changed (`cookies.onChanged` cause). */
export type CookieCause = 'explicit' | 'overwrite' | 'expired' | 'expired_overwrite' | 'evicted';

export type Observation =
  /** A cookie was written (new, or a new value/attributes for an existing one). */
  | { kind: 'cookie-set'; at: Millis; cookie: CookieSnapshot }
  /** A cookie disappeared. An `overwrite` removal is always followed by the `cookie-set` that replaced it. */
  | { kind: 'cookie-removed'; at: Millis; cookie: CookieSnapshot; cause: CookieCause }
  /**
   * A response that carried Set-Cookie or Clear-Site-Data headers (header capture on). Other responses
   * only count as activity and arrive as `activity` observations.
   */
  | {
      kind: 'response';
      at: Millis;
      url: string;
      storeId: string | null;
      status: number;
      /** The request's method (`GET`, `POST`…). Absent in observations stored before it was recorded. */
      method?: string;
      /** One entry per Set-Cookie header, already split (Firefox joins several with "\n"). */
      setCookie: string[];
      clearSiteData: string | null;
    }
  /**
   * Requests to a site, coalesced: `count` requests whose last one was at `at`. `navigation` comes from
   * top-level navigations (always available), `request` from header capture (every request).
   */
  | ({
      kind: 'activity';
      at: Millis;
      url: string;
      source: 'request' | 'navigation';
      count: number;
    } & ActivityScope)
  | { kind: 'tab'; at: Millis; url: string; change: 'opened' | 'closed' }
  /** The user's machine-level idleness (`idle.onStateChanged`). */
  | { kind: 'user-idle'; at: Millis; state: 'active' | 'idle' | 'locked' }
  /**
   * The background started. `browser-restart`: a new browser process (the session cookies the browser
   * dropped at shutdown are simply absent from `cookies`). `extension-start`: the extension was
   * installed, updated, reloaded or enabled inside a running browser. `cookies` is every cookie present
   * now; `lastSeenAt` is the last moment the previous run was known to be alive; `evidence` says which
   * browser-level signals decided the reason (absent in observations stored before it was recorded).
   */
  | {
      kind: 'startup';
      at: Millis;
      reason: 'browser-restart' | 'extension-start';
      lastSeenAt: Millis | null;
      cookies: CookieSnapshot[];
      evidence?: string[];
      /**
       * When this start began, before waiting for the browser's signals: sessions started since were seen
       * live by this run, so the reconciliation leaves them alone. Absent in older observations.
       */
      since?: Millis;
    }
  /**
   * The user asked Sessionscope to act; the cookie removals that follow for `site` are attributed to it
   * (`end-session` → removed, `simulate-browser-close` → browser-close, marked simulated).
   */
  | {
      kind: 'user-action';
      at: Millis;
      action: 'end-session' | 'simulate-browser-close';
      site: string;
      sessionId: string | null;
    };

export type ObservationKind = Observation['kind'];

/**
 * What an `activity` observation says about its requests, so that it counts only for the sessions whose
 * cookie the browser sent with them (cookie-sendable.ts). Every field is optional: observations recorded
 * before these existed lack them, and an absent field is unknown, never assumed. Coalesced requests
 * (`count` > 1) share all of these and their origin; only their paths differ.
 */
export interface ActivityScope {
  /** The cookie store: Chrome "0" or "1" (incognito), Firefox `cookieStoreId`. */
  storeId?: string;
  /** The origin that started the request ("null" when opaque); null: the browser itself (typed, bookmark). */
  initiator?: string | null;
  /** `main_frame` (a top-level navigation), `sub_frame`, or `other` for any subresource. */
  type?: 'main_frame' | 'sub_frame' | 'other';
  method?: string;
  /** URL or origin of the top-level document the request was made for (cookie partitions, SameSite). */
  topLevel?: string;
  /**
   * The distinct paths of coalesced requests, each cut after its first two segments (`/static/css/…`).
   * Absent with `count` > 1 (recorded before 0.2): the requests' hosts and paths are unknown.
   */
  paths?: string[];
}
