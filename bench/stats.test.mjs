import { describe, expect, it } from 'vitest';
import { bootstrapMedianInterval, pairedSummary, prng, quantile, summary } from './stats.mjs';

describe('quantile and summary', () => {
  it('interpolates between closest ranks and ignores what is not a number', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(summary([3, null, Number.NaN, 1, 2])).toMatchObject({ n: 3, median: 2, min: 1, max: 3 });
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('prng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = prng(7);
    const b = prng(7);
    const c = prng(8);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('bootstrapMedianInterval', () => {
  const noisy = Array.from({ length: 30 }, (_, i) => 0.05 + ((i * 37) % 17) / 100 - 0.08);

  it('is reproducible: the same data give the same interval', () => {
    expect(bootstrapMedianInterval(noisy)).toEqual(bootstrapMedianInterval(noisy));
  });

  it('contains the sample median and lies within the data', () => {
    const [lo, hi] = bootstrapMedianInterval(noisy);
    const m = quantile(noisy, 0.5);
    expect(lo).toBeLessThanOrEqual(m);
    expect(hi).toBeGreaterThanOrEqual(m);
    expect(lo).toBeGreaterThanOrEqual(Math.min(...noisy));
    expect(hi).toBeLessThanOrEqual(Math.max(...noisy));
  });

  it('narrows as the pairs agree, and collapses when they are all equal', () => {
    const wide = bootstrapMedianInterval([-0.3, -0.1, 0, 0.1, 0.3, -0.2, 0.2, 0.05]);
    const narrow = bootstrapMedianInterval([-0.03, -0.01, 0, 0.01, 0.03, -0.02, 0.02, 0.005]);
    expect(narrow[1] - narrow[0]).toBeLessThan(wide[1] - wide[0]);
    expect(bootstrapMedianInterval([0.1, 0.1, 0.1])).toEqual([0.1, 0.1]);
  });

  it('has nothing to resample below two values', () => {
    expect(bootstrapMedianInterval([0.1])).toBeNull();
    expect(bootstrapMedianInterval([])).toBeNull();
  });

  it('covers a known median about as often as its level says', () => {
    // 200 samples of 25 from a symmetric distribution around 0: a 95% interval should miss 0 rarely.
    const draw = prng(99);
    let misses = 0;
    for (let s = 0; s < 200; s++) {
      const xs = Array.from({ length: 25 }, () => draw() - draw());
      const [lo, hi] = bootstrapMedianInterval(xs, { resamples: 500, seed: s + 1 });
      if (lo > 0 || hi < 0) misses++;
    }
    expect(misses).toBeGreaterThan(0);
    expect(misses).toBeLessThan(25);
  });
});

describe('pairedSummary', () => {
  it('adds the interval to the summary', () => {
    const s = pairedSummary([0.01, 0.02, 0.03, 0.04]);
    expect(s.median).toBe(0.025);
    expect(s.ci95).toHaveLength(2);
  });
});
