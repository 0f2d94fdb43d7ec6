import { describe, expect, test } from 'vitest';
import { DEFAULT_RULE_SET } from './rules';
import { mergeRuleSet, validateRules } from './rules-validate';

describe('validateRules', () => {
  test('accepts a partial set of valid rules', () => {
    expect(validateRules({ idleAfterSeconds: 60, idleTimeoutSeconds: null, activity: 'navigation' })).toEqual(
      {
        ok: true,
        rules: { idleAfterSeconds: 60, idleTimeoutSeconds: null, activity: 'navigation' },
      },
    );
  });

  test('accepts any name a browser stores: inner spaces, commas, 4 KB long', () => {
    const long = 'n'.repeat(4000);
    expect(validateRules({ pinned: ['my pref', 'a,b', long] })).toEqual({
      ok: true,
      rules: { pinned: ['my pref', 'a,b', long] },
    });
  });

  test.each([
    [{ idleAfterSeconds: 0 }, 'idleAfterSeconds', 'must be a whole number of seconds ≥ 1'],
    [{ idleAfterSeconds: 1.5 }, 'idleAfterSeconds', 'must be a whole number of seconds ≥ 1'],
    [{ idleAfterSeconds: '300' }, 'idleAfterSeconds', 'must be a whole number of seconds ≥ 1'],
    [{ idleTimeoutSeconds: -1 }, 'idleTimeoutSeconds', 'whole number of seconds'],
    [{ maxLifetimeSeconds: 1e12 }, 'maxLifetimeSeconds', 'at most 34560000'],
    [{ activity: 'clicks' }, 'activity', 'must be "any-request" or "navigation"'],
    [{ pinned: 'sessionid' }, 'pinned', 'must be a list of cookie names'],
    [{ pinned: [' a'] }, 'pinned.0', 'must be a cookie name'],
    [{ pinned: ['a;b'] }, 'pinned.0', 'must be a cookie name'],
    [{ excluded: [''] }, 'excluded.0', 'must not be empty'],
    [{ idleAfter: 3 }, '', 'unknown rule "idleAfter"'],
    [
      { idleAfterSeconds: 600, idleTimeoutSeconds: 600 },
      'idleTimeoutSeconds',
      'must exceed idleAfterSeconds (600)',
    ],
    [{ pinned: ['sid'], excluded: ['sid'] }, 'excluded', 'cannot be both pinned and excluded'],
    [null, '', 'must be an object of rules'],
  ])('%j → %s: %s', (input, path, message) => {
    const result = validateRules(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toContain(path);
    expect(result.errors.find((e) => e.path === path)?.message).toContain(message);
  });
});

describe('mergeRuleSet', () => {
  test('merges defaults field by field, and site overrides', () => {
    const result = mergeRuleSet(DEFAULT_RULE_SET, {
      defaults: { idleAfterSeconds: 120 },
      sites: { 'example.com': { idleTimeoutSeconds: 3600 } },
    });
    expect(result).toEqual({
      ok: true,
      ruleSet: {
        defaults: { ...DEFAULT_RULE_SET.defaults, idleAfterSeconds: 120 },
        sites: { 'example.com': { idleTimeoutSeconds: 3600 } },
      },
    });
  });

  test('null removes a site’s overrides', () => {
    const current = { ...DEFAULT_RULE_SET, sites: { 'example.com': { idleAfterSeconds: 5 } } };
    expect(mergeRuleSet(current, { sites: { 'example.com': null } })).toEqual({
      ok: true,
      ruleSet: { ...DEFAULT_RULE_SET, sites: {} },
    });
  });

  test('errors carry the path of the field, and nothing changes', () => {
    const result = mergeRuleSet(DEFAULT_RULE_SET, {
      defaults: { idleAfterSeconds: 0 },
      sites: {
        'www.example.com': {},
        'localhost:8000': {},
        'https://x.org': {},
        'example.org': { activity: 1 },
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { path: 'defaults.idleAfterSeconds', message: 'must be a whole number of seconds ≥ 1' },
        {
          path: 'sites.www.example.com',
          message: 'must be a site name: "www.example.com" belongs to the site "example.com"',
        },
        expect.objectContaining({ path: 'sites.localhost:8000' }),
        expect.objectContaining({ path: 'sites.https://x.org' }),
        { path: 'sites.example.org.activity', message: 'must be "any-request" or "navigation"' },
      ]),
    );
  });

  test('a site override that makes the timeout shorter than idleAfter is refused', () => {
    const result = mergeRuleSet(
      { ...DEFAULT_RULE_SET, defaults: { ...DEFAULT_RULE_SET.defaults, idleAfterSeconds: 600 } },
      { sites: { 'example.com': { idleTimeoutSeconds: 300 } } },
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: 'sites.example.com.idleTimeoutSeconds', message: 'must exceed idleAfterSeconds (600)' },
      ],
    });
  });

  test('accepts localhost, IP addresses and punycode sites; refuses junk', () => {
    expect(
      mergeRuleSet(DEFAULT_RULE_SET, {
        sites: { localhost: {}, '127.0.0.1': {}, 'xn--bcher-kva.example': {} },
      }).ok,
    ).toBe(true);
    expect(mergeRuleSet(DEFAULT_RULE_SET, { sites: { __proto__: {} } as never }).ok).toBe(true);
    expect(mergeRuleSet(DEFAULT_RULE_SET, JSON.parse('{"sites":{"__proto__":{}}}')).ok).toBe(false);
    expect(mergeRuleSet(DEFAULT_RULE_SET, 'nope').ok).toBe(false);
    expect(mergeRuleSet(DEFAULT_RULE_SET, { sites: [] }).ok).toBe(false);
    expect(mergeRuleSet(DEFAULT_RULE_SET, { extra: 1 }).ok).toBe(false);
  });
});
