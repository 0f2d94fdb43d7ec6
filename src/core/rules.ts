/**
 * Classification rules: defaults plus per-site overrides. Validation lives in rules-validate.ts.
 */

export type ActivitySource = 'any-request' | 'navigation';

export interface Rules {
  /** A session with no activity for this long is `idle`. */
  idleAfterSeconds: number;
  /** End a session after this long without activity, like a server's idle timeout. Null: never. */
  idleTimeoutSeconds: number | null;
  /** End a session this long after it started, whatever happens. Null: never. */
  maxLifetimeSeconds: number | null;
  /** What counts as activity: every request to the site, or top-level navigations only. */
  activity: ActivitySource;
  /** Cookie names always treated as sessions (pinned) or never (excluded), on top of recognition. */
  pinned: string[];
  excluded: string[];
}

export interface RuleSet {
  defaults: Rules;
  sites: Record<string, Partial<Rules>>;
}

export const DEFAULT_RULES: Rules = {
  idleAfterSeconds: 300,
  idleTimeoutSeconds: null,
  maxLifetimeSeconds: null,
  activity: 'any-request',
  pinned: [],
  excluded: [],
};

export const DEFAULT_RULE_SET: RuleSet = { defaults: DEFAULT_RULES, sites: {} };

/** The rules in force for a site: its overrides on top of the defaults. */
export function rulesFor(ruleSet: RuleSet, site: string): Rules {
  const override = ruleSet.sites[site];
  return override ? { ...ruleSet.defaults, ...override } : ruleSet.defaults;
}
