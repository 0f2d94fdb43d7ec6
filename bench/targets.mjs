// The Targets of the benchmark, each judged from bench/results.json: the figure, its bootstrap interval
// where the figure is a paired difference, and a verdict. Pure, so the console and the rendered
// docs/PERFORMANCE.md say the same thing, and so it is unit-tested.

export const BROWSERS = ['chromium', 'firefox'];

/**
 * Page-load targets, on paired per-round CPU differences in units of the no-extension load of the same
 * round (pageLoad[.typical].pairedCpuDifference[diff]). `note` names a difference printed beside it.
 */
export const PAGE_LOAD_TARGETS = [
  {
    id: 'default-typical',
    label: 'default install (nothing captured) − empty extension',
    diff: 'defaultOverEmpty',
    pages: ['typical'],
    limit: 0.03,
  },
  {
    id: 'default-heavy',
    label: 'default install − floor without the webRequest permission',
    diff: 'defaultOverFloorNoWebRequest',
    pages: ['heavy'],
    limit: 0.02,
    note: { diff: 'floorNoWebRequestOverEmpty', label: 'that floor − empty extension' },
  },
  {
    id: 'other-site',
    label: 'page of another site while one is captured − capture-off floor',
    diff: 'otherSiteOverLightFloor',
    pages: ['heavy', 'typical'],
    limit: 0.03,
  },
  {
    id: 'captured',
    label: 'captured site − its listener floor',
    diff: 'sessionscopeOverFloor',
    pages: ['heavy', 'typical'],
    limit: 0.02,
  },
];

/**
 * ✓ when the median is within the limit. `clearly` says what the interval adds: 'met' (all of it within
 * the limit), 'missed' (all of it beyond), 'noise' (it crosses the limit: this run cannot tell), or null
 * without an interval.
 */
export function verdict(value, interval, limit) {
  if (value === null || value === undefined || !Number.isFinite(value)) return { ok: null, clearly: null };
  const ok = value <= limit;
  if (!interval) return { ok, clearly: null };
  const [lo, hi] = interval;
  const clearly = hi <= limit ? 'met' : lo > limit ? 'missed' : 'noise';
  return { ok, clearly };
}

function pageBlock(pageLoad, page) {
  if (!pageLoad) return null;
  return page === 'heavy' ? pageLoad : (pageLoad.typical ?? null);
}

function diffRow(d) {
  if (!d || d.median === null || d.median === undefined) return { value: null, interval: null, n: d?.n ?? 0 };
  return { value: d.median, interval: d.ci95 ?? null, n: d.n };
}

/** Every target of the issue that results.json can judge, as rows (one per browser and page). */
export function evaluateTargets(results) {
  const rows = [];
  for (const browser of BROWSERS) {
    const pl = browser === 'chromium' ? results.pageLoad : results.pageLoad?.firefox;
    for (const t of PAGE_LOAD_TARGETS) {
      for (const page of t.pages) {
        const block = pageBlock(pl, page);
        const paired = block?.pairedCpuDifference ?? null;
        const main = diffRow(paired?.[t.diff]);
        const row = {
          id: t.id,
          label: t.label,
          browser,
          page,
          unit: 'ratio',
          difference: true,
          limit: t.limit,
          ...main,
          ...verdict(main.value, main.interval, t.limit),
        };
        if (t.note) {
          const n = diffRow(paired?.[t.note.diff]);
          row.note = { label: t.note.label, value: n.value, interval: n.interval };
        }
        rows.push(row);
      }
    }
  }
  const popup = results.popup;
  const popupDiff = popup?.firstRenderOverEmptyPageMs;
  rows.push({
    id: 'popup-first-render',
    label: 'popup first render − empty extension page (1,000 sites × 50 events, warm worker)',
    browser: 'chromium',
    page: null,
    unit: 'ms',
    difference: true,
    limit: 20,
    value: popupDiff?.median ?? null,
    interval: popupDiff?.ci95 ?? null,
    n: popupDiff?.n ?? 0,
    ...verdict(popupDiff?.median, popupDiff?.ci95, 20),
  });
  const w = results.worker;
  const cold = w?.coldStartOverEmptyMs;
  rows.push({
    id: 'worker-cold-start',
    label: 'worker cold start (woken by a cookie change, until stored) − empty extension worker',
    browser: 'chromium',
    page: null,
    unit: 'ms',
    difference: true,
    limit: 20,
    value: cold?.median ?? null,
    interval: cold?.ci95 ?? null,
    n: cold?.n ?? 0,
    ...verdict(cold?.median, cold?.ci95, 20),
  });
  const single = (id, label, value, limit, unit) => ({
    id,
    difference: false,
    label,
    browser: 'chromium',
    page: null,
    unit,
    limit,
    value: value ?? null,
    interval: null,
    n: null,
    ...verdict(value, null, limit),
  });
  const p99 = w
    ? Math.max(w.cookies?.trace?.dispatchMs?.p99 ?? -1, w.requests?.trace?.dispatchMs?.p99 ?? -1)
    : null;
  rows.push(
    single('worker-p99', 'worker per event p99 (cookies and requests)', p99 < 0 ? null : p99, 1, 'ms'),
  );
  rows.push(single('worker-dropped', 'events dropped in the bursts', w?.dropped, 0, 'events'));
  rows.push(
    single('worker-catch-up', 'cookie burst caught up after it ends', w?.cookies?.catchUpMs, 1000, 'ms'),
  );
  rows.push(
    single(
      'worker-peak-memory',
      'extension process peak memory in the bursts',
      w?.memory?.processPeakMB,
      100,
      'MiB',
    ),
  );
  return rows;
}

const signed = (x, digits) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}`;

/** A figure as printed: differences signed (ratios with 3 decimals), times in whole ms. */
export function formatValue(value, unit, difference = true) {
  if (value === null || value === undefined) return 'n/a';
  if (unit === 'ratio') return difference ? signed(value, 3) : value.toFixed(3);
  // Whole milliseconds, except below 10 ms where a tenth matters (a p99 against 1 ms); other units as given.
  const digits =
    unit !== 'ms'
      ? Number.isInteger(value)
        ? 0
        : 1
      : Math.abs(value) < 10 && !Number.isInteger(value)
        ? 1
        : 0;
  return `${difference ? signed(value, digits) : value.toFixed(digits)} ${unit}`;
}

export function formatInterval(interval, unit) {
  if (!interval) return '';
  const [lo, hi] = interval;
  if (unit === 'ratio') return `[${signed(lo, 3)}, ${signed(hi, 3)}]`;
  return `[${signed(lo, 0)}, ${signed(hi, 0)}] ${unit}`;
}

export function mark(row) {
  return row.ok === null ? '–' : row.ok ? '✓' : '✗';
}

const CLEARLY = { met: 'met beyond noise', missed: 'missed beyond noise', noise: 'within noise' };

/** One line per target: "✓ label (browser, page): value [interval] ≤ limit, within noise". */
export function formatTargetLine(row) {
  const where = [row.browser, row.page].filter(Boolean).join(', ');
  const limit = row.unit === 'ratio' ? `≤ ${row.limit.toFixed(2)}` : `≤ ${row.limit} ${row.unit}`;
  const parts = [
    `${mark(row)} ${row.label} (${where}): ${formatValue(row.value, row.unit, row.difference)}`,
    formatInterval(row.interval, row.unit),
    limit,
  ].filter(Boolean);
  let line = parts.join(' ');
  if (row.value === null) line += ', not measured';
  else if (row.clearly) line += `, ${CLEARLY[row.clearly]}`;
  if (row.note)
    line +=
      `; ${row.note.label}: ${formatValue(row.note.value, row.unit)} ${formatInterval(row.note.interval, row.unit)}`.trimEnd();
  return line;
}
