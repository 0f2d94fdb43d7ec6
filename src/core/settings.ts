/**
 * Extension settings (not classification rules): what the background captures and keeps.
 * Validation lives in settings-validate.ts.
 */

export type HeaderCaptureMode = 'all' | 'sites' | 'off';

export interface Settings {
  /** One webRequest listener for activity, Set-Cookie and Clear-Site-Data: on every site, chosen sites, or off ("light"). */
  headerCapture: { mode: HeaderCaptureMode; sites: string[] };
  retention: { maxEventsPerSite: number; maxAgeDays: number };
  /** Exports and copies include cookie values only when this is true. */
  exportIncludesValues: boolean;
  /** Private-window sessions are kept in memory only unless this is true. */
  storePrivate: boolean;
  /** Sites whose idle/ended transitions raise a system notification. */
  notifySites: string[];
}

export const DEFAULT_SETTINGS: Settings = {
  headerCapture: { mode: 'all', sites: [] },
  retention: { maxEventsPerSite: 5000, maxAgeDays: 30 },
  exportIncludesValues: false,
  storePrivate: false,
  notifySites: [],
};
