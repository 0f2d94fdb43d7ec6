import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FC_RUNS } from './export/test-arbitraries';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { mergeSettings, validateSiteName } from './settings-validate';

const current: Settings = {
  ...DEFAULT_SETTINGS,
  headerCapture: { mode: 'sites', sites: ['example.com'] },
  notifySites: ['localhost'],
};

function errorsOf(patch: unknown) {
  const result = mergeSettings(current, patch);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

describe('mergeSettings', () => {
  it('applies what the patch names and keeps the rest', () => {
    const result = mergeSettings(current, { retention: { maxAgeDays: 7 }, exportIncludesValues: true });
    expect(result).toEqual({
      ok: true,
      settings: {
        headerCapture: { mode: 'sites', sites: ['example.com'] },
        retention: { maxEventsPerSite: 5000, maxAgeDays: 7 },
        exportIncludesValues: true,
        storePrivate: false,
        notifySites: ['localhost'],
      },
    });
  });

  it('replaces lists whole, normalising site names and dropping duplicates', () => {
    const result = mergeSettings(current, {
      headerCapture: {
        mode: 'all',
        sites: [' Example.COM ', 'example.com', 'app.example.co.uk', '[::1]', '127.0.0.1'],
      },
      notifySites: [],
    });
    expect(result.ok && result.settings.headerCapture).toEqual({
      mode: 'all',
      sites: ['example.com', 'app.example.co.uk', '[::1]', '127.0.0.1'],
    });
    expect(result.ok && result.settings.notifySites).toEqual([]);
  });

  it('does not modify the current settings', () => {
    const before = structuredClone(current);
    mergeSettings(current, { headerCapture: { sites: ['other.test'] }, retention: { maxAgeDays: 1 } });
    expect(current).toEqual(before);
  });

  it('ties each problem to its field with a message a person can act on', () => {
    expect(
      errorsOf({
        headerCapture: { mode: 'some' },
        retention: { maxEventsPerSite: 50, maxAgeDays: 3651 },
        exportIncludesValues: 'yes',
        storePrivate: 1,
      }),
    ).toEqual([
      { path: 'headerCapture.mode', message: 'must be one of all, sites, off' },
      {
        path: 'retention.maxEventsPerSite',
        message: 'must be a whole number of events from 100 to 1,000,000',
      },
      { path: 'retention.maxAgeDays', message: 'must be a whole number of days from 1 to 3650' },
      { path: 'exportIncludesValues', message: 'must be true or false' },
      { path: 'storePrivate', message: 'must be true or false' },
    ]);
  });

  it('checks the bounds of retention exactly', () => {
    const ok = (retention: object) => mergeSettings(current, { retention }).ok;
    expect(ok({ maxEventsPerSite: 100, maxAgeDays: 1 })).toBe(true);
    expect(ok({ maxEventsPerSite: 1_000_000, maxAgeDays: 3650 })).toBe(true);
    expect(ok({ maxEventsPerSite: 99 })).toBe(false);
    expect(ok({ maxEventsPerSite: 1_000_001 })).toBe(false);
    expect(ok({ maxAgeDays: 0 })).toBe(false);
    expect(ok({ maxAgeDays: 1.5 })).toBe(false);
    expect(ok({ maxAgeDays: '30' })).toBe(false);
    expect(ok({ maxAgeDays: Number.NaN })).toBe(false);
    expect(ok({ maxAgeDays: Number.POSITIVE_INFINITY })).toBe(false);
  });

  it('refuses unknown settings, at any level, including prototype keys', () => {
    expect(errorsOf({ theme: 'dark', retention: { forever: true } })).toEqual([
      { path: 'theme', message: 'unknown setting' },
      { path: 'retention.forever', message: 'unknown setting' },
    ]);
    const hostile = JSON.parse('{"__proto__": {"exportIncludesValues": true}}');
    expect(errorsOf(hostile)).toEqual([{ path: '__proto__', message: 'unknown setting' }]);
    expect(({} as Record<string, unknown>).exportIncludesValues).toBeUndefined();
  });

  it('names the bad entry of a site list', () => {
    expect(errorsOf({ headerCapture: { sites: ['example.com', 'https://example.com/login', 42] } })).toEqual([
      {
        path: 'headerCapture.sites[1]',
        message: `"https://example.com/login" enter the site's name (like example.com), not a URL`,
      },
      { path: 'headerCapture.sites[2]', message: 'must be a site name, like example.com' },
    ]);
    expect(errorsOf({ notifySites: 'example.com' })).toEqual([
      { path: 'notifySites', message: 'must be a list of site names' },
    ]);
    expect(errorsOf({ notifySites: Array.from({ length: 1001 }, (_, i) => `s${i}.test`) })[0]?.message).toBe(
      'must list at most 1000 sites',
    );
  });

  it('rejects the whole patch when any field is wrong, so settings are never half-applied', () => {
    const result = mergeSettings(current, { retention: { maxAgeDays: 7 }, storePrivate: 'no' });
    expect(result.ok).toBe(false);
  });

  it('says what is wrong with a patch that is not an object, and with groups that are not objects', () => {
    expect(errorsOf(null)).toEqual([{ path: '', message: 'settings must be an object' }]);
    expect(errorsOf([])).toEqual([{ path: '', message: 'settings must be an object' }]);
    expect(errorsOf({ retention: 30 })).toEqual([{ path: 'retention', message: 'must be an object' }]);
  });

  it('treats a key given as undefined as not given', () => {
    const result = mergeSettings(current, { retention: { maxAgeDays: undefined }, storePrivate: undefined });
    expect(result).toEqual({ ok: true, settings: current });
  });

  it('never throws, and only ever returns valid settings', () => {
    const patch = fc.oneof(
      fc.anything(),
      fc.record(
        {
          headerCapture: fc.record(
            {
              mode: fc.oneof(fc.constantFrom('all', 'sites', 'off'), fc.anything()),
              sites: fc.array(fc.string()),
            },
            { requiredKeys: [] },
          ),
          retention: fc.record(
            {
              maxEventsPerSite: fc.oneof(fc.integer(), fc.double()),
              maxAgeDays: fc.oneof(fc.integer(), fc.anything()),
            },
            { requiredKeys: [] },
          ),
          exportIncludesValues: fc.oneof(fc.boolean(), fc.anything()),
          notifySites: fc.array(fc.oneof(fc.domain(), fc.string())),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(patch, (p) => {
        const result = mergeSettings(current, p);
        if (!result.ok) return result.errors.length > 0;
        const s = result.settings;
        return (
          ['all', 'sites', 'off'].includes(s.headerCapture.mode) &&
          Number.isInteger(s.retention.maxEventsPerSite) &&
          s.retention.maxAgeDays >= 1 &&
          s.retention.maxAgeDays <= 3650 &&
          [...s.headerCapture.sites, ...s.notifySites].every((site) => validateSiteName(site).ok) &&
          typeof s.exportIncludesValues === 'boolean'
        );
      }),
      { numRuns: FC_RUNS },
    );
  }, 600_000);
});

describe('validateSiteName', () => {
  it.each([
    ['example.com', 'example.com'],
    ['  Shop.Example.COM.  ', 'shop.example.com'],
    ['localhost', 'localhost'],
    ['app.example.co.uk', 'app.example.co.uk'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['192.168.0.1', '192.168.0.1'],
    ['::1', '[::1]'],
    ['[0:0:0:0:0:0:0:1]', '[::1]'],
    ['[2001:db8::1]', '[2001:db8::1]'],
    ['_dmarc.example.com', '_dmarc.example.com'],
  ])('accepts %j as %j', (input, site) => {
    expect(validateSiteName(input)).toEqual({ ok: true, site });
  });

  it.each([
    ['', 'must not be empty'],
    ['https://example.com', "enter the site's name (like example.com), not a URL"],
    ['example.com/login', 'enter the site name only, without a path'],
    ['*.example.com', 'wildcards are not needed: a site covers its subdomains'],
    ['example.com:8000', 'enter the site name without a port'],
    ['256.1.1.1', 'is not a valid IPv4 address'],
    ['exa mple.com', 'is not a valid host name (letters, digits, dots and inner hyphens only)'],
    ['-example.com', 'is not a valid host name (letters, digits, dots and inner hyphens only)'],
    ['example..com', 'is not a valid host name (letters, digits, dots and inner hyphens only)'],
    [`${'a'.repeat(64)}.com`, 'is not a valid host name (letters, digits, dots and inner hyphens only)'],
    [`${'abcdefgh.'.repeat(30)}com`, 'is longer than a host name can be (253 characters)'],
    ['<script>', 'is not a valid host name (letters, digits, dots and inner hyphens only)'],
    ['1:2:3:4:5:6:7:8:9', 'enter the site name without a port'],
  ])('refuses %j: %s', (input, message) => {
    expect(validateSiteName(input)).toEqual({ ok: false, message });
  });
});
