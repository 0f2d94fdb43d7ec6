/**
 * Validation of classification rules as they come from a form, an import or the message API: each
 * problem tied to the field it concerns, in words a user can act on.
 */
import { z } from 'zod';
import type { FieldError } from './messages';
import type { RuleSet, Rules } from './rules';
import { siteOf } from './site';

/** 400 days: the browsers' own cap on a cookie's lifetime; longer rules could never apply. */
export const MAX_RULE_SECONDS = 34_560_000;
const MAX_NAMES = 200;

let rulesSchema: ReturnType<typeof buildRulesSchema> | null = null;

/** Built on first use, like the export schema (export-schema.ts): the worker builds none at its wake. */
function buildRulesSchema() {
  const SECONDS = 'must be a whole number of seconds ≥ 1';
  const seconds = z
    .number({ error: SECONDS })
    .int({ error: SECONDS })
    .min(1, { error: SECONDS })
    .max(MAX_RULE_SECONDS, { error: `must be at most ${MAX_RULE_SECONDS} seconds (400 days)` });
  const optionalSeconds = z.union([seconds, z.null()], { error: `${SECONDS}, or null for never` });

  const cookieName = z
    .string({ error: 'must be a cookie name' })
    .min(1, { error: 'must not be empty' })
    // Browsers keep names up to the 4 KB cookie limit and with inner spaces or commas ("my pref"): all of
    // them must be pinnable. Only what a browser never stores in a name is refused.
    .max(4096, { error: 'must be at most 4096 characters' })
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
    .regex(/^[^\s;=\x00-\x1f\x7f](?:[^;=\x00-\x1f\x7f]*[^\s;=\x00-\x1f\x7f])?$/, {
      error: 'must be a cookie name (no ";", "=", control characters, or spaces at either end)',
    });
  const names = z
    .array(cookieName, { error: 'must be a list of cookie names' })
    .max(MAX_NAMES, { error: `must list at most ${MAX_NAMES} names` });

  return z
    .object(
      {
        idleAfterSeconds: seconds,
        idleTimeoutSeconds: optionalSeconds,
        maxLifetimeSeconds: optionalSeconds,
        activity: z.enum(['any-request', 'navigation'], { error: 'must be "any-request" or "navigation"' }),
        pinned: names,
        excluded: names,
      },
      { error: 'must be an object of rules' },
    )
    .partial()
    .strict();
}

function issuesToErrors(prefix: string, issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => {
    if (issue.code === 'unrecognized_keys')
      return {
        path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
        message: `unknown rule ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
      };
    return { path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'), message: issue.message };
  });
}

/** The cross-field rule: an idle timeout no longer than the idle threshold would skip the idle state. */
function crossFieldErrors(prefix: string, rules: Partial<Rules>): FieldError[] {
  const { idleAfterSeconds, idleTimeoutSeconds } = rules;
  if (typeof idleAfterSeconds === 'number' && typeof idleTimeoutSeconds === 'number')
    if (idleTimeoutSeconds <= idleAfterSeconds)
      return [
        {
          path: `${prefix ? `${prefix}.` : ''}idleTimeoutSeconds`,
          message: `must exceed idleAfterSeconds (${idleAfterSeconds})`,
        },
      ];
  const overlap = (rules.pinned ?? []).filter((n) => rules.excluded?.includes(n));
  if (overlap.length > 0)
    return [
      {
        path: `${prefix ? `${prefix}.` : ''}excluded`,
        message: `${overlap.map((n) => `"${n}"`).join(', ')} cannot be both pinned and excluded`,
      },
    ];
  return [];
}

export function validateRules(
  input: unknown,
  prefix = '',
): { ok: true; rules: Partial<Rules> } | { ok: false; errors: FieldError[] } {
  rulesSchema ??= buildRulesSchema();
  const parsed = rulesSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: issuesToErrors(prefix, parsed.error.issues) };
  const rules = parsed.data as Partial<Rules>;
  const errors = crossFieldErrors(prefix, rules);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rules };
}

/** Why a key is not a site name, or null when it is one (a registrable domain, localhost or an IP). */
export function siteKeyProblem(key: string): string | null {
  if (!/^[a-z0-9.:-]+$/.test(key))
    return 'must be a site name such as example.com (lowercase, no scheme or path)';
  const site = siteOf(key);
  if (site !== key) return `must be a site name: "${key}" belongs to the site "${site}"`;
  return null;
}

export interface RulesPatch {
  defaults?: Partial<Rules>;
  sites?: Record<string, Partial<Rules> | null>;
}

/**
 * Applies a patch to the rules: defaults merge field by field, a site's object merges into its
 * overrides, null removes them. Nothing changes unless the whole result is valid.
 */
export function mergeRuleSet(
  current: RuleSet,
  patch: unknown,
): { ok: true; ruleSet: RuleSet } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
    return { ok: false, errors: [{ path: '', message: 'must be an object with "defaults" and/or "sites"' }] };
  const p = patch as Record<string, unknown>;
  for (const key of Object.keys(p))
    if (key !== 'defaults' && key !== 'sites') errors.push({ path: key, message: `unknown field "${key}"` });

  let defaults: Rules = current.defaults;
  if (p.defaults !== undefined) {
    const v = validateRules(p.defaults, 'defaults');
    if (v.ok) defaults = { ...current.defaults, ...v.rules };
    else errors.push(...v.errors);
  }
  const sites: Record<string, Partial<Rules>> = { ...current.sites };
  if (p.sites !== undefined) {
    if (typeof p.sites !== 'object' || p.sites === null || Array.isArray(p.sites)) {
      errors.push({ path: 'sites', message: 'must be an object keyed by site name' });
    } else {
      for (const [site, value] of Object.entries(p.sites as Record<string, unknown>)) {
        const problem = siteKeyProblem(site);
        if (problem) {
          errors.push({ path: `sites.${site}`, message: problem });
          continue;
        }
        if (value === null) {
          delete sites[site];
          continue;
        }
        const v = validateRules(value, `sites.${site}`);
        if (v.ok) sites[site] = { ...(sites[site] ?? {}), ...v.rules };
        else errors.push(...v.errors);
      }
    }
  }
  if (errors.length === 0) {
    errors.push(...crossFieldErrors('defaults', defaults));
    for (const [site, override] of Object.entries(sites))
      errors.push(...crossFieldErrors(`sites.${site}`, { ...defaults, ...override }));
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, ruleSet: { defaults, sites } };
}
