/**
 * Rules, settings and the capture log in storage.local: small, read at every worker start, written on user
 * change. Stored settings carry a version; older ones are migrated when read (src/core/settings-migrate.ts
 * has the versions and their steps) and written back at once, so the migration runs once.
 */
import browser from 'webextension-polyfill';
import { type CaptureLog, parseCaptureLog } from '../core/capture';
import { DEFAULT_RULE_SET, type RuleSet } from '../core/rules';
import { SETTINGS_VERSION, type Settings } from '../core/settings';
import { migrateSettings } from '../core/settings-migrate';

const RULES_KEY = 'rules';
const SETTINGS_KEY = 'settings';
const VERSION_KEY = 'settingsVersion';
const CAPTURE_LOG_KEY = 'captureLog';
/** Written by 0.1.0 (rules, heartbeat, restarts, retention counter): any of them means "installed before". */
const EARLIER_KEYS = ['lastSeenAt', 'lastRestartAt', 'trimmedEvents'];

export async function loadConfig(): Promise<{ ruleSet: RuleSet; settings: Settings }> {
  const stored = await browser.storage.local.get([
    RULES_KEY,
    SETTINGS_KEY,
    VERSION_KEY,
    CAPTURE_LOG_KEY,
    ...EARLIER_KEYS,
  ]);
  const rules = stored[RULES_KEY] as RuleSet | undefined;
  const migrated = migrateSettings({
    settings: stored[SETTINGS_KEY],
    settingsVersion: stored[VERSION_KEY],
    captureLog: stored[CAPTURE_LOG_KEY],
    previousInstall: rules !== undefined || EARLIER_KEYS.some((key) => stored[key] !== undefined),
  });
  if (migrated.dropped.length > 0) {
    console.warn('[sessionscope] stored settings reset to their defaults:', migrated.dropped.join('; '));
  }
  if (migrated.changed) {
    await browser.storage.local.set({
      [SETTINGS_KEY]: migrated.settings,
      [VERSION_KEY]: SETTINGS_VERSION,
      [CAPTURE_LOG_KEY]: migrated.captureLog,
    });
  }
  return {
    // Stored rules were validated when written; defaults fill fields added by later versions.
    ruleSet: rules
      ? { defaults: { ...DEFAULT_RULE_SET.defaults, ...rules.defaults }, sites: rules.sites ?? {} }
      : DEFAULT_RULE_SET,
    settings: migrated.settings,
  };
}

export async function saveRules(ruleSet: RuleSet): Promise<void> {
  await browser.storage.local.set({ [RULES_KEY]: ruleSet });
}

export async function saveSettings(settings: Settings): Promise<void> {
  await browser.storage.local.set({ [SETTINGS_KEY]: settings, [VERSION_KEY]: SETTINGS_VERSION });
}

export async function loadCaptureLog(): Promise<CaptureLog> {
  const stored = await browser.storage.local.get(CAPTURE_LOG_KEY);
  return parseCaptureLog(stored[CAPTURE_LOG_KEY]);
}

export async function saveCaptureLog(log: CaptureLog): Promise<void> {
  await browser.storage.local.set({ [CAPTURE_LOG_KEY]: log });
}
