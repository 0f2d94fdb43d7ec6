import { describe, expect, it } from 'vitest';
import { BEGIN, END, renderResults, replaceBlock } from './render-doc.mjs';

const ratio = (median) => ({ n: 10, median, p25: median - 0.05, p75: median + 0.05 });
const diff = (median, ci95) => ({ n: 10, median, p25: median - 0.01, p75: median + 0.01, ci95 });
const arm = (cpu) => ({
  loads: 10,
  cpuMs: { median: 1000 * cpu },
  cpuRatio: ratio(cpu),
  wallRatio: ratio(cpu + 0.1),
});

function block(paired) {
  return {
    pairedCpuDifference: paired,
    arms: {
      none: arm(1),
      empty: arm(1.01),
      floorFull: arm(1.4),
      default: arm(1.05),
      sessionscope: arm(1.43),
    },
  };
}

const results = {
  generatedAt: '2026-12-05T10:00:00.000Z',
  quick: false,
  durationS: 1100,
  machine: {
    cores: 2,
    cpuModel: 'AMD EPYC',
    memGB: 23.5,
    node: 'v20',
    browser: 'Chromium 156',
    firefox: 'Firefox 153',
    loadAverageAtStart: [0.5, 0.4, 0.3],
  },
  builtAt: '2026-12-05T09:00:00.000Z',
  captureStrategy: { chromium: { strategy: 'test-build' }, firefox: { strategy: 'test-build' } },
  pageLoad: {
    ...block({
      sessionscopeOverFloor: diff(0.03, [0.01, 0.05]),
      defaultOverFloorNoWebRequest: diff(0.01, [-0.01, 0.02]),
    }),
    typical: block({ defaultOverEmpty: diff(0.02, [0.0, 0.025]) }),
    loadsPerArm: 10,
    browserVersion: 'Chrome/156',
    captureStrategy: 'test-build',
    firefox: {
      ...block({ sessionscopeOverFloor: diff(0.01, [-0.02, 0.03]) }),
      typical: block({}),
      loadsPerArm: 10,
      browserVersion: '153.8.0esr',
    },
  },
  popup: {
    firstRenderMs: { median: 120, p25: 110, p75: 130 },
    emptyPageMs: { median: 80, p25: 75, p75: 85 },
    coldWorkerFirstRenderMs: { median: 300, p25: 290, p75: 310 },
    firstRenderOverEmptyPageMs: diff(40, [30, 50]),
  },
};

describe('renderResults', () => {
  const text = renderResults(results);

  it('names the run: when, the machine, and how sites were captured', () => {
    expect(text).toContain('Run of 2026-12-05T10:00:00.000Z: 1100 s on 2 cores');
    expect(text).toContain('load average 0.5 0.4 0.3 at the start');
    expect(text).toContain('chromium: test-build, firefox: test-build');
    expect(text).not.toContain('quick smoke run');
  });

  it('puts every target in one table with its verdict and interval', () => {
    expect(text).toContain(
      '| ✗ | captured site − its listener floor | chromium | heavy | +0.030 | [+0.010, +0.050] | ≤ 0.02 | within noise |',
    );
    expect(text).toContain(
      '| ✓ | default install (nothing captured) − empty extension | chromium | typical | +0.020 | [+0.000, +0.025] | ≤ 0.03 | met |',
    );
    expect(text).toContain('| ✗ | popup first render − empty extension page');
    expect(text).toMatch(/\| – \| worker cold start .* \| n\/a \| — \| ≤ 20 ms \| not measured \|/);
  });

  it('shows each measured arm of each browser with its ratios, and leaves out the arms not run', () => {
    expect(text).toContain(
      '| **Sessionscope, this site captured** | 1.43 (1.38–1.48) | 1.53 (1.48–1.58) | 1.43 (1.38–1.48) | 1.53 (1.48–1.58) |',
    );
    expect(text).toContain('**Firefox ESR** (153.8.0esr; 10 loads per arm and page');
    expect(text).not.toContain('another site captured** |');
  });

  it('shows the paired differences with their intervals, a dash where a page lacks one', () => {
    expect(text).toContain('| this site captured − its floor | +0.030 [+0.010, +0.050] | — |');
    expect(text).toContain('| default − empty extension | — | +0.020 [+0.000, +0.025] |');
  });

  it('shows the popup beside the empty page and the cold-worker open', () => {
    expect(text).toContain('| popup first render, 1,000 sites × 50 events, warm worker | 120 ms (110–130) |');
    expect(text).toContain('| empty extension page opened the same way | 80 ms (75–85) |');
    expect(text).toContain('| popup first render with the worker stopped first | 300 ms (290–310) |');
  });

  it('warns on a quick run, and says what was not measured', () => {
    const quick = renderResults({
      ...results,
      quick: true,
      errors: { worker: 'no build' },
      pageLoad: undefined,
    });
    expect(quick).toContain('quick smoke run');
    expect(quick).toContain('Not measured: worker (no build).');
    expect(quick).toContain('Chromium: not measured in this run.');
  });
});

describe('replaceBlock', () => {
  const doc = `# Performance\n\nmethod\n\n${BEGIN}\n\nold figures\n\n${END}\n\nwhat follows, by hand\n`;

  it('replaces only what lies between the markers, and is stable', () => {
    const next = replaceBlock(doc, 'new figures');
    expect(next).toBe(
      `# Performance\n\nmethod\n\n${BEGIN}\n\nnew figures\n\n${END}\n\nwhat follows, by hand\n`,
    );
    expect(replaceBlock(next, 'new figures')).toBe(next);
  });

  it('refuses a document without the markers', () => {
    expect(() => replaceBlock('# Performance\n', 'x')).toThrow(/no results block/);
  });
});
