import { describe, expect, it } from 'vitest';
import { coverageAt } from './capture';
import { DEFAULT_SETTINGS, SETTINGS_VERSION } from './settings';
import { migrateSettings, V1_DEFAULT_SETTINGS } from './settings-migrate';

const NOW = Date.UTC(2026, 11, 5);

describe('migrateSettings', () => {
  it('gives a new install the defaults: no site captured', () => {
    const m = migrateSettings({ previousInstall: false });
    expect(m).toEqual({
      settings: DEFAULT_SETTINGS,
      captureLog: [],
      fromVersion: SETTINGS_VERSION,
      changed: true,
      dropped: [],
    });
    expect(m.settings.headerCapture).toEqual({ mode: 'sites', sites: [] });
  });

  it("carries 0.1.0's saved settings over as they were, and records that every site was captured", () => {
    const stored = {
      headerCapture: { mode: 'all', sites: [] },
      retention: { maxEventsPerSite: 800, maxAgeDays: 9 },
      exportIncludesValues: true,
      storePrivate: true,
      notifySites: ['127.0.0.1'],
    };
    const m = migrateSettings({ settings: stored, previousInstall: true });
    expect(m.fromVersion).toBe(1);
    expect(m.changed).toBe(true);
    expect(m.settings).toEqual(stored);
    expect(m.captureLog).toEqual([{ at: 0, sites: 'all' }]);
    // Events recorded under 0.1.0 had headers: nothing about them becomes "unknown".
    expect(coverageAt(m.captureLog, 'example.com', NOW - 86_400_000).captured).toBe(true);
  });

  it("treats a 0.1.0 profile that never saved settings as 0.1.0's defaults (every site captured)", () => {
    const m = migrateSettings({ previousInstall: true });
    expect(m.fromVersion).toBe(1);
    expect(m.settings.headerCapture).toEqual(V1_DEFAULT_SETTINGS.headerCapture);
    expect(m.captureLog).toEqual([{ at: 0, sites: 'all' }]);
  });

  it("keeps 0.1.0's chosen sites and its light mode, each with the log that matches", () => {
    const sites = migrateSettings({
      settings: { headerCapture: { mode: 'sites', sites: ['example.com', '127.0.0.1'] } },
      previousInstall: true,
    });
    expect(sites.settings.headerCapture).toEqual({ mode: 'sites', sites: ['example.com', '127.0.0.1'] });
    expect(sites.captureLog).toEqual([{ at: 0, sites: ['127.0.0.1', 'example.com'] }]);
    const off = migrateSettings({
      settings: { headerCapture: { mode: 'off', sites: ['example.com'] } },
      previousInstall: true,
    });
    expect(off.settings.headerCapture).toEqual({ mode: 'off', sites: ['example.com'] });
    expect(off.captureLog).toEqual([{ at: 0, sites: [] }]);
  });

  it('resets only the fields that do not validate, and says which', () => {
    const m = migrateSettings({
      settings: { headerCapture: { mode: 'everything' }, retention: { maxAgeDays: 9 }, colour: 'red' },
      previousInstall: true,
    });
    expect(m.settings.retention.maxAgeDays).toBe(9);
    expect(m.settings.headerCapture).toEqual(DEFAULT_SETTINGS.headerCapture);
    expect(m.dropped).toEqual([
      'headerCapture.mode: must be one of all, sites, off',
      'colour: unknown setting',
    ]);
  });

  it('survives settings that are not an object', () => {
    const m = migrateSettings({ settings: 'garbage', previousInstall: true });
    expect(m.settings).toEqual(DEFAULT_SETTINGS);
    expect(m.dropped).toEqual(['settings: not an object']);
  });

  it('leaves current settings alone', () => {
    const stored = { ...DEFAULT_SETTINGS, headerCapture: { mode: 'sites', sites: ['a.test'] } };
    const log = [{ at: NOW, sites: ['a.test'] }];
    const m = migrateSettings({
      settings: stored,
      settingsVersion: SETTINGS_VERSION,
      captureLog: log,
      previousInstall: true,
    });
    expect(m).toEqual({
      settings: stored,
      captureLog: log,
      fromVersion: SETTINGS_VERSION,
      changed: false,
      dropped: [],
    });
  });

  it("reads a newer version's settings as far as they validate, and never writes over them", () => {
    const m = migrateSettings({
      settings: { ...DEFAULT_SETTINGS, futureField: 1 },
      settingsVersion: SETTINGS_VERSION + 1,
      previousInstall: true,
    });
    expect(m.settings).toEqual(DEFAULT_SETTINGS);
    expect(m.changed).toBe(false);
  });
});
