import { describe, expect, it } from 'vitest';
import { evaluateTargets, formatTargetLine, verdict } from './targets.mjs';

describe('verdict', () => {
  it('judges the median, and says whether the interval settles it', () => {
    expect(verdict(0.01, [0.0, 0.015], 0.02)).toEqual({ ok: true, clearly: 'met' });
    expect(verdict(0.01, [-0.02, 0.05], 0.02)).toEqual({ ok: true, clearly: 'noise' });
    expect(verdict(0.03, [0.01, 0.05], 0.02)).toEqual({ ok: false, clearly: 'noise' });
    expect(verdict(0.1, [0.05, 0.15], 0.02)).toEqual({ ok: false, clearly: 'missed' });
  });

  it('counts a median exactly on the limit as met', () => {
    expect(verdict(0.02, [0.02, 0.02], 0.02)).toEqual({ ok: true, clearly: 'met' });
  });

  it('gives no verdict without a figure, and none on noise without an interval', () => {
    expect(verdict(null, null, 0.02)).toEqual({ ok: null, clearly: null });
    expect(verdict(0.5, null, 1)).toEqual({ ok: true, clearly: null });
  });
});

const diff = (median, ci95) => ({ n: 20, median, p25: median, p75: median, ci95 });

function pageBlock(paired) {
  return { pairedCpuDifference: paired };
}

const results = {
  pageLoad: {
    ...pageBlock({
      defaultOverFloorNoWebRequest: diff(0.01, [-0.01, 0.03]),
      floorNoWebRequestOverEmpty: diff(0.05, [0.03, 0.07]),
      otherSiteOverLightFloor: diff(0.1, [0.06, 0.14]),
      sessionscopeOverFloor: diff(0.015, [0.0, 0.019]),
    }),
    typical: pageBlock({ defaultOverEmpty: diff(0.02, [0.0, 0.04]) }),
    firefox: {
      ...pageBlock({ sessionscopeOverFloor: diff(0.05, [0.03, 0.08]) }),
      typical: pageBlock({}),
    },
  },
  popup: { firstRenderOverEmptyPageMs: diff(35, [25, 48]) },
  worker: {
    coldStartOverEmptyMs: diff(12, [4, 19]),
    cookies: { catchUpMs: 800, trace: { dispatchMs: { p99: 0.7 } } },
    requests: { trace: { dispatchMs: { p99: 1.4 } } },
    dropped: 0,
    memory: { processPeakMB: 120 },
  },
};

describe('evaluateTargets', () => {
  const rows = evaluateTargets(results);
  const find = (id, browser, page = null) =>
    rows.find((r) => r.id === id && r.browser === browser && r.page === page);

  it('judges every page-load target per browser and page', () => {
    expect(find('default-typical', 'chromium', 'typical')).toMatchObject({
      value: 0.02,
      ok: true,
      clearly: 'noise',
    });
    expect(find('default-heavy', 'chromium', 'heavy')).toMatchObject({
      ok: true,
      note: { value: 0.05, interval: [0.03, 0.07] },
    });
    expect(find('other-site', 'chromium', 'heavy')).toMatchObject({ ok: false, clearly: 'missed' });
    expect(find('captured', 'chromium', 'heavy')).toMatchObject({ ok: true, clearly: 'met' });
    expect(find('captured', 'firefox', 'heavy')).toMatchObject({ ok: false, clearly: 'missed' });
  });

  it('keeps a target that was not measured, without a verdict', () => {
    expect(find('captured', 'chromium', 'typical')).toMatchObject({ value: null, ok: null });
    expect(find('default-typical', 'firefox', 'typical')).toMatchObject({ value: null, ok: null });
  });

  it('judges the popup, the cold start and the worker figures', () => {
    expect(find('popup-first-render', 'chromium')).toMatchObject({ value: 35, ok: false, clearly: 'missed' });
    expect(find('worker-cold-start', 'chromium')).toMatchObject({ value: 12, ok: true, clearly: 'met' });
    expect(find('worker-p99', 'chromium')).toMatchObject({ value: 1.4, ok: false });
    expect(find('worker-dropped', 'chromium')).toMatchObject({ value: 0, ok: true });
    expect(find('worker-catch-up', 'chromium')).toMatchObject({ value: 800, ok: true });
    expect(find('worker-peak-memory', 'chromium')).toMatchObject({ value: 120, ok: false });
  });

  it('works on an empty results file', () => {
    const empty = evaluateTargets({});
    expect(empty.length).toBeGreaterThan(10);
    expect(empty.every((r) => r.ok === null)).toBe(true);
  });
});

describe('formatTargetLine', () => {
  const rows = evaluateTargets(results);

  it('prints the mark, the figure, its interval, the limit and what the interval says', () => {
    const line = formatTargetLine(rows.find((r) => r.id === 'default-typical' && r.browser === 'chromium'));
    expect(line).toBe(
      '✓ default install (nothing captured) − empty extension (chromium, typical): +0.020 [+0.000, +0.040] ≤ 0.03, within noise',
    );
  });

  it('prints the floor distance beside the heavy default target', () => {
    const line = formatTargetLine(rows.find((r) => r.id === 'default-heavy' && r.browser === 'chromium'));
    expect(line).toContain('that floor − empty extension: +0.050 [+0.030, +0.070]');
  });

  it('prints milliseconds and single figures, and says what was not measured', () => {
    expect(formatTargetLine(rows.find((r) => r.id === 'popup-first-render'))).toMatch(
      /^✗ .*: \+35 ms \[\+25, \+48\] ms ≤ 20 ms, missed beyond noise$/,
    );
    expect(formatTargetLine(rows.find((r) => r.id === 'worker-p99'))).toMatch(/^✗ .*: 1\.4 ms ≤ 1 ms$/);
    expect(
      formatTargetLine(
        rows.find((r) => r.id === 'captured' && r.browser === 'firefox' && r.page === 'typical'),
      ),
    ).toMatch(/^– .*: n\/a ≤ 0\.02, not measured$/);
  });
});
