import { describe, expect, test } from 'vitest';
import { freeBytes, LOW_SPACE_BYTES, MIN_EVENTS_PER_SITE, retentionUnderPressure, spaceIsLow } from './space';

const MB = 1024 * 1024;

describe('disk space', () => {
  test('free space is the quota the browser gives minus what is stored; unknown stays unknown', () => {
    expect(freeBytes(10 * MB, 110 * MB)).toBe(100 * MB);
    expect(freeBytes(null, 110 * MB)).toBeNull();
    expect(freeBytes(10 * MB, Number.NaN)).toBeNull();
    expect(freeBytes(20 * MB, 10 * MB)).toBe(0);
  });

  test('space is low below the threshold only, and never when the browser does not say', () => {
    expect(spaceIsLow(0, LOW_SPACE_BYTES - 1)).toBe(true);
    expect(spaceIsLow(0, LOW_SPACE_BYTES)).toBe(false);
    expect(spaceIsLow(null, null)).toBe(false);
  });

  test('under pressure, retention halves what the largest site holds, not just the limit', () => {
    const retention = { maxEventsPerSite: 5000, maxAgeDays: 30 };
    expect(retentionUnderPressure(retention, 2000)).toEqual({ maxEventsPerSite: 1000, maxAgeDays: 30 });
    expect(retentionUnderPressure(retention, 9000)).toEqual({ maxEventsPerSite: 2500, maxAgeDays: 30 });
    expect(retentionUnderPressure(retention, 50).maxEventsPerSite).toBe(MIN_EVENTS_PER_SITE);
  });
});
