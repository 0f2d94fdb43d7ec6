/**
 * Every cost the UI states, in one place, copied from measurements: nothing here is an estimate. When
 * `npm run bench` is run again and docs/PERFORMANCE.md shows the new run, update these figures from it
 * (and `MEASURED_ON`); the views only put them into words.
 *
 * All are medians of CPU ratios of the whole browser to the same page loaded with no extension, from loads
 * alternated in one run (1.00 = no cost), on the heavy test page (200 subresources, 50 of them setting
 * cookies): `pageLoad.*CpuRatio` and `pageLoad.firefox.*CpuRatio` in bench/results.json.
 */

/** Where the figures below come from, said next to them. */
export const MEASURED_ON = 'Chromium 156 and Firefox ESR 153, 2026-12-04';

/** A browser's figures of that run (docs/PERFORMANCE.md, "The latest run"). */
export interface HeavyPageCosts {
  /** A page of a site whose requests are captured. */
  captured: number;
  /** A page of another site while one site is captured. */
  otherSiteCaptured: number;
  /** Nothing captured, `webRequest` not held: a new install. */
  nothingCaptured: number;
  /** Sessionscope's listeners with the permission held but no header listener (empty bodies). */
  permissionHeldNoCapture: number;
  /** The same listeners without the permission (empty bodies). */
  noPermission: number;
}

export const HEAVY_PAGE: Record<'chromium' | 'firefox', HeavyPageCosts> = {
  chromium: {
    captured: 1.43,
    otherSiteCaptured: 1.3,
    nothingCaptured: 1.07,
    permissionHeldNoCapture: 1.16,
    noPermission: 1.04,
  },
  firefox: {
    captured: 1.46,
    otherSiteCaptured: 1.22,
    nothingCaptured: 1.24,
    permissionHeldNoCapture: 1.11,
    noPermission: 1.09,
  },
};

/** A ratio as the UI writes it: "1.43×". */
export const ratio = (value: number): string => `${value.toFixed(2)}×`;
