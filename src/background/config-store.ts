/** Rules and settings in storage.local: small, read at every worker start, written only on user change. */
import browser from 'webextension-polyfill';
import { DEFAULT_RULE_SET, type RuleSet } from '../core/rules';
import { DEFAULT_SETTINGS, type Settings } from '../core/settings';

const RULES_KEY = 'rules';
const SETTINGS_KEY = 'settings';

export async function loadConfig(): Promise<{ ruleSet: RuleSet; settings: Settings }> {
  const stored = await browser.storage.local.get([RULES_KEY, SETTINGS_KEY]);
  const rules = stored[RULES_KEY] as RuleSet | undefined;
  const settings = stored[SETTINGS_KEY] as Partial<Settings> | undefined;
  return {
    // Stored values were validated when written; defaults fill fields added by later versions.
    ruleSet: rules
      ? { defaults: { ...DEFAULT_RULE_SET.defaults, ...rules.defaults }, sites: rules.sites ?? {} }
      : DEFAULT_RULE_SET,
    settings: settings ? { ...DEFAULT_SETTINGS, ...settings } : DEFAULT_SETTINGS,
  };
}

export async function saveRules(ruleSet: RuleSet): Promise<void> {
  await browser.storage.local.set({ [RULES_KEY]: ruleSet });
}

export async function saveSettings(settings: Settings): Promise<void> {
  await browser.storage.local.set({ [SETTINGS_KEY]: settings });
}
