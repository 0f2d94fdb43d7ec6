/**
 * Stored settings across versions, and the steps that carry them forward.
 *
 * `storage.local` holds `settings` (a Settings object), `settingsVersion` and `captureLog` (capture.ts).
 * - Version 1 (0.1.0): no `settingsVersion`, no `captureLog`; `settings` only once the user had saved
 *   one. `webRequest` was a required permission and the default was `headerCapture.mode: 'all'`, so a
 *   0.1.0 profile captured every site unless the user chose otherwise.
 * - Version 2: `webRequest` is optional; a new install captures no site; `captureLog` says which sites'
 *   requests were captured since when, so verdicts about old events know whether headers could exist.
 *
 * Migration path: bump SETTINGS_VERSION (settings.ts) and add an `if (version < N)` step below that
 * turns version N-1's data into version N's. Steps run in order, so a profile several versions behind
 * goes through each. A step never throws: a field that does not validate falls back to its default and
 * is named in `dropped`, and what the user chose is carried over as it was.
 */
import { type CaptureLog, parseCaptureLog, withChange } from './capture';
import { DEFAULT_SETTINGS, SETTINGS_VERSION, type Settings } from './settings';
import { mergeSettings } from './settings-validate';

export interface StoredSettings {
  settings?: unknown;
  settingsVersion?: unknown;
  captureLog?: unknown;
  /** Whether anything else of an earlier install is in storage (rules, heartbeat, restarts, counters). */
  previousInstall: boolean;
}

export interface MigratedSettings {
  settings: Settings;
  captureLog: CaptureLog;
  /** The version found in storage (for a new install, the current one). */
  fromVersion: number;
  /** Whether what should be stored differs from what is: write it back. */
  changed: boolean;
  /** Fields that did not validate and were reset to their defaults, with why. */
  dropped: string[];
}

/** What 0.1.0 used when nothing was saved. */
export const V1_DEFAULT_SETTINGS = {
  headerCapture: { mode: 'all', sites: [] },
  retention: { maxEventsPerSite: 5000, maxAgeDays: 30 },
  exportIncludesValues: false,
  storePrivate: false,
  notifySites: [],
} as const;

function versionOf(stored: StoredSettings): number {
  const v = stored.settingsVersion;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1) return v;
  // No version: 0.1.0 if it left anything behind, else a new install.
  return stored.settings !== undefined || stored.previousInstall ? 1 : SETTINGS_VERSION;
}

/** Each top-level field validated on its own, so one bad field does not cost the others. */
function sanitize(candidate: unknown, dropped: string[]): Settings {
  let settings: Settings = structuredClone(DEFAULT_SETTINGS);
  if (candidate === null || typeof candidate !== 'object' || Array.isArray(candidate)) {
    if (candidate !== undefined) dropped.push('settings: not an object');
    return settings;
  }
  for (const [key, value] of Object.entries(candidate)) {
    const merged = mergeSettings(settings, { [key]: value });
    if (merged.ok) settings = merged.settings;
    else dropped.push(...merged.errors.map((e) => `${e.path}: ${e.message}`));
  }
  return settings;
}

/** Stored settings (any version) as this version's settings and capture log. Pure; never throws. */
export function migrateSettings(stored: StoredSettings): MigratedSettings {
  const fromVersion = versionOf(stored);
  const dropped: string[] = [];
  let raw: unknown = stored.settings;
  let log: CaptureLog = parseCaptureLog(stored.captureLog);

  if (fromVersion < 2) {
    // 1 → 2: what 0.1.0 captured stays captured (it held webRequest, so its mode was in force), and the log
    // starts with it. Its start is not known: `at: 0` stands for "before this version".
    raw = raw ?? V1_DEFAULT_SETTINGS;
    const capture = (raw as { headerCapture?: { mode?: unknown; sites?: unknown } }).headerCapture;
    const sites = Array.isArray(capture?.sites) ? capture.sites.filter((s) => typeof s === 'string') : [];
    const inForce = capture?.mode === 'sites' ? sites : capture?.mode === 'off' ? [] : 'all';
    if (log.length === 0) log = withChange([], { at: 0, sites: inForce });
  }

  const settings = sanitize(raw, dropped);
  // A newer version's data (a downgrade) is used as far as it validates, but never overwritten.
  const changed =
    fromVersion <= SETTINGS_VERSION &&
    (fromVersion < SETTINGS_VERSION || stored.settings === undefined || dropped.length > 0);
  return { settings, captureLog: log, fromVersion, changed, dropped };
}
