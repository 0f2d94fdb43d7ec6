/**
 * Extension settings (not classification rules): what the background captures and keeps.
 * Validation lives in settings-validate.ts; stored versions and their migration in settings-migrate.ts.
 */

/**
 * Header capture (request activity, Set-Cookie, Clear-Site-Data through one webRequest listener):
 * `sites` captures the listed sites and their subdomains, `all` every site, `off` none (the list is kept).
 * Capture also needs the optional `webRequest` permission, which only a click can grant.
 */
export type HeaderCaptureMode = 'all' | 'sites' | 'off';

export interface Settings {
  headerCapture: { mode: HeaderCaptureMode; sites: string[] };
  retention: { maxEventsPerSite: number; maxAgeDays: number };
  /** Exports and copies include cookie values only when this is true. */
  exportIncludesValues: boolean;
  /** Private-window sessions are kept in memory only unless this is true. */
  storePrivate: boolean;
  /** Sites whose idle/ended transitions raise a system notification. */
  notifySites: string[];
}

/** The version of the stored settings this build writes (see settings-migrate.ts for each step). */
export const SETTINGS_VERSION = 2;

/** A new install captures no site: nothing costs page loads until the user asks for a site. */
export const DEFAULT_SETTINGS: Settings = {
  headerCapture: { mode: 'sites', sites: [] },
  retention: { maxEventsPerSite: 5000, maxAgeDays: 30 },
  exportIncludesValues: false,
  storePrivate: false,
  notifySites: [],
};
