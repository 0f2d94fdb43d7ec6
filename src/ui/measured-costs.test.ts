import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HEAVY_PAGE, type HeavyPageCosts, MEASURED_ON } from './measured-costs';

/*
 * The recorded run is the results block of docs/PERFORMANCE.md, rendered from bench/results.json by
 * bench/render-doc.mjs. The block is what the repository keeps (results.json is a local file a run
 * writes), so the UI's figures are held to it.
 */
const doc = readFileSync(new URL('../../docs/PERFORMANCE.md', import.meta.url), 'utf8');
const block = doc.slice(doc.indexOf('<!-- results:begin'), doc.indexOf('<!-- results:end'));

/** Which row of a browser's page-load table each stated cost is. */
const ROWS: Record<keyof HeavyPageCosts, string> = {
  captured: '**Sessionscope, this site captured**',
  otherSiteCaptured: '**Sessionscope, another site captured**',
  nothingCaptured: '**Sessionscope, default** (nothing captured)',
  permissionHeldNoCapture: 'floor, capture off (permission held)',
  noPermission: 'floor without the `webRequest` permission',
};

/** The heavy page's CPU median of a row in the table that follows `heading`. */
function heavyCpu(heading: string, row: string): number {
  const section = block.slice(block.indexOf(heading));
  const line = section.split('\n').find((l) => l.startsWith(`| ${row} |`));
  if (!line) throw new Error(`no row "${row}" after "${heading}" in docs/PERFORMANCE.md`);
  const cell = line.split('|')[2]?.trim() ?? '';
  return Number.parseFloat(cell);
}

describe('every cost the UI states is the recorded benchmark run', () => {
  it('comes from a full run, of the date the UI names', () => {
    const run = /Run of (\d{4}-\d{2}-\d{2})T[^:]*:[^\n]*/.exec(block);
    expect(run).not.toBeNull();
    expect(run?.[0]).not.toContain('quick smoke run');
    expect(MEASURED_ON).toContain(run?.[1]);
  });

  for (const [browser, heading] of [
    ['chromium', '**Chromium**'],
    ['firefox', '**Firefox ESR**'],
  ] as const) {
    for (const [figure, row] of Object.entries(ROWS) as [keyof HeavyPageCosts, string][]) {
      it(`${browser} ${figure} is the heavy-page CPU median of "${row}"`, () => {
        expect(HEAVY_PAGE[browser][figure]).toBeCloseTo(heavyCpu(heading, row), 2);
      });
    }
  }
});
