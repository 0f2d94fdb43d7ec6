/**
 * Every cost the UI states, in one place, copied from measurements: nothing here is an estimate. When
 * `npm run bench` is run again and docs/PERFORMANCE.md shows the new run, update these figures from it
 * (and `MEASURED_ON`); the views only put them into words.
 *
 * All are CPU ratios of the whole browser to the same page loaded with no extension (median of
 * alternating loads; 1.00 = no cost), on the heavy test page (200 subresources, 50 of them setting cookies).
 */

/** Where the figures below come from, said next to them. */
export const MEASURED_ON = 'Chromium 156, 2026-11-26';

/** docs/PERFORMANCE.md, "Latest numbers", the run of 2026-11-26 05:15 UTC. */
export const CHROMIUM_HEAVY = {
  /** Sessionscope capturing every site. */
  captureEverySite: 1.48,
  /** Sessionscope holding `webRequest` with its header listener removed (light mode). */
  permissionNoCapture: 1.23,
  emptyExtension: 1.0,
} as const;

/**
 * docs/PERFORMANCE.md, "Which listener buys which feature" (2026-11-26 02:19 UTC): the same listeners with
 * and without the `webRequest` permission, no header listener.
 */
export const CHROMIUM_HEAVY_FLOOR = { withPermission: 1.15, withoutPermission: 1.07 } as const;

/** docs/PERMISSIONS.md (Firefox ESR 153, heavy page, same method): one header listener, in percent. */
export const FIREFOX_HEADER_LISTENER_PERCENT = '4–6';

/** A ratio as the UI writes it: "1.48×". */
export const ratio = (value: number): string => `${value.toFixed(2)}×`;
