// Order statistics for small samples (linear interpolation between closest ranks), and a bootstrap
// interval for the median of paired differences. Pure: no I/O, no clock, no Math.random.

export function quantile(values, q) {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const pos = (xs.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo);
}

export const median = (values) => quantile(values, 0.5);

/** Median with its interquartile range and extremes. */
export function summary(values) {
  const xs = values.filter((v) => Number.isFinite(v));
  return {
    n: xs.length,
    median: round(median(xs)),
    p25: round(quantile(xs, 0.25)),
    p75: round(quantile(xs, 0.75)),
    min: round(quantile(xs, 0)),
    max: round(quantile(xs, 1)),
  };
}

export function round(x, digits = 3) {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** mulberry32: a small seeded generator, so a bootstrap gives the same interval for the same data. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const BOOTSTRAP_SEED = 20261204;
export const BOOTSTRAP_RESAMPLES = 4000;

/**
 * Percentile bootstrap interval of the median: the per-load pairs are resampled with replacement
 * (each pair is one round's difference, so the pairing survives), `resamples` times. `level` 0.95 gives
 * the 2.5th and 97.5th percentiles of the resampled medians. Null below 2 values: no spread to resample.
 */
export function bootstrapMedianInterval(
  values,
  { level = 0.95, resamples = BOOTSTRAP_RESAMPLES, seed = BOOTSTRAP_SEED } = {},
) {
  const xs = values.filter((v) => Number.isFinite(v));
  if (xs.length < 2) return null;
  const next = prng(seed);
  const medians = new Float64Array(resamples);
  const sample = new Float64Array(xs.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < xs.length; i++) sample[i] = xs[Math.floor(next() * xs.length)];
    sample.sort();
    const pos = (xs.length - 1) / 2;
    medians[r] = (sample[Math.floor(pos)] + sample[Math.ceil(pos)]) / 2;
  }
  medians.sort();
  const tail = (1 - level) / 2;
  const list = Array.from(medians);
  return [round(quantile(list, tail)), round(quantile(list, 1 - tail))];
}

/** `summary` plus the bootstrap interval of its median (`ci95`). */
export function pairedSummary(values, options) {
  return { ...summary(values), ci95: bootstrapMedianInterval(values, options) };
}
