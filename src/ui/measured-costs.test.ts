import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HEAVY_PAGE, type HeavyPageCosts, MEASURED_ON } from './measured-costs';

interface Distribution {
  median: number;
}
type PageLoad = Record<string, Distribution | null | unknown>;

const results = JSON.parse(readFileSync(new URL('../../bench/results.json', import.meta.url), 'utf8')) as {
  generatedAt: string;
  quick: boolean;
  pageLoad: PageLoad & { firefox: PageLoad };
};

/** Which figure of the recorded run each stated cost is. */
const KEYS: Record<keyof HeavyPageCosts, string> = {
  captured: 'cpuRatio',
  otherSiteCaptured: 'otherSiteCpuRatio',
  nothingCaptured: 'defaultCpuRatio',
  permissionHeldNoCapture: 'lightFloorCpuRatio',
  noPermission: 'noWebRequestFloorCpuRatio',
};

describe('every cost the UI states is the recorded benchmark run', () => {
  it('comes from a full run, of the date the UI names', () => {
    expect(results.quick).toBe(false);
    expect(MEASURED_ON).toContain(results.generatedAt.slice(0, 10));
  });

  for (const browser of ['chromium', 'firefox'] as const) {
    const pageLoad = browser === 'chromium' ? results.pageLoad : results.pageLoad.firefox;
    for (const [figure, key] of Object.entries(KEYS) as [keyof HeavyPageCosts, string][]) {
      it(`${browser} ${figure} is pageLoad${browser === 'firefox' ? '.firefox' : ''}.${key}`, () => {
        const measured = (pageLoad[key] as Distribution).median;
        expect(HEAVY_PAGE[browser][figure]).toBeCloseTo(measured, 2);
      });
    }
  }
});
