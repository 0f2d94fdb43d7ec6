import { describe, expect, it } from 'vitest';
import { formatDuration, formatRelative } from './format';
import { tEn } from './test-translate';

describe('formatDuration', () => {
  it('gives the two largest units a countdown needs', () => {
    expect(formatDuration(15 * 60_000 + 2000, tEn)).toBe('15 min 2 s');
    expect(formatDuration(14 * 86_400_000, tEn)).toBe('14 d');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000 + 7000, tEn)).toBe('2 h 5 min');
    expect(formatDuration(45_400, tEn)).toBe('45 s');
  });
  it('does not skip a unit to show a smaller one (1 d 0 h 3 min reads as 1 d)', () => {
    expect(formatDuration(86_400_000 + 3 * 60_000, tEn)).toBe('1 d');
  });
  it('never shows nonsense for zero, negatives or bad numbers', () => {
    expect(formatDuration(0, tEn)).toBe('0 s');
    expect(formatDuration(-90_000, tEn)).toBe('1 min 30 s');
    expect(formatDuration(Number.NaN, tEn)).toBe('0 s');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-11-26T10:00:00Z');
  it('counts down to a coming moment and up from a past one', () => {
    expect(formatRelative(now + 4 * 60_000 + 3000, now, tEn)).toBe('in 4 min 3 s');
    expect(formatRelative(now - 2 * 60_000, now, tEn)).toBe('2 min ago');
    expect(formatRelative(now + 200, now, tEn)).toBe('now');
  });
});
