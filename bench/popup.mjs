// Popup first render with 1,000 sites × 50 events: the document goes in through the product's `import`
// message (the real path), then the popup opens on all sites (`?all=1`) in a fresh tab, alternating with
// an empty page of the same extension opened the same way (the floor of any extension page), with the
// worker warm; then a few opens of the popup with the worker stopped first.
//
// Driven over raw CDP (bench/cdp.mjs): Playwright attaches to every service worker as it starts and holds
// it until Node answers, which would add a round trip to the cold-worker opens.
import { readFileSync } from 'node:fs';
import { launchRaw } from './cdp.mjs';
import { EMPTY_PAGE } from './extensions.mjs';
import { pairedSummary, summary } from './stats.mjs';

/**
 * Installed before the page's own scripts: records the time from navigation start to the first moment
 * the list is in the DOM. A `performance.mark('sessionscope:first-render')` or `[data-ready]` from the
 * product is used when present.
 */
function firstRenderProbe() {
  const found = () => {
    if (window.__ssFirstRender !== undefined) return;
    if (document.querySelector('[data-site]') || document.querySelector('[data-ready]')) {
      window.__ssFirstRender = performance.now();
      window.__ssFirstRenderBy = document.querySelector('[data-site]') ? '[data-site]' : '[data-ready]';
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(found);
  observer.observe(document, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['data-ready'],
  });
}

/** Opens `path` in a new tab and reads when its first `[data-site]` was in the DOM. */
async function openOnce(b, path) {
  const tab = await b.openTab(b.extensionUrl(path), { initScript: firstRenderProbe });
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const r = await tab.call(() => {
        if (window.__ssFirstRender === undefined) return null;
        const mark = performance.getEntriesByName('sessionscope:first-render')[0];
        return {
          dcl: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? null,
          ms: mark ? mark.startTime : window.__ssFirstRender,
          by: mark ? "performance.mark('sessionscope:first-render')" : window.__ssFirstRenderBy,
          rows: document.querySelectorAll('[data-site]').length,
        };
      });
      if (r) return r;
      if (Date.now() > deadline) throw new Error(`${path}: no [data-site] within 30 s`);
      await new Promise((res) => setTimeout(res, 20));
    }
  } finally {
    await tab.close();
  }
}

/** `prepare(handle)` puts the product in its default state first. `ext` must contain EMPTY_PAGE. */
export async function runPopup({ ext, docPath, profilesDir, runs, coldRuns, log, prepare }) {
  const b = await launchRaw(`${profilesDir}/popup`, ext);
  try {
    if (prepare) await prepare(b);
    const ctl = await b.openTab(b.extensionUrl('src/options/index.html'));
    let importMs;
    try {
      const doc = JSON.parse(readFileSync(docPath, 'utf8'));
      const t0 = performance.now();
      const reply = await ctl.call((m) => chrome.runtime.sendMessage(m), { type: 'import', data: doc });
      importMs = performance.now() - t0;
      if (!reply?.ok) throw new Error(`import replied ${JSON.stringify(reply)?.slice(0, 300)}`);
      log(`  imported ${reply.sites} sites, ${reply.sessions} sessions in ${Math.round(importMs)} ms`);
    } catch (e) {
      await ctl.close();
      throw e;
    }
    // The message round trip alone, to tell the background's share of the first render from the view's:
    // as the popup asks for the list (no events), and in full (every event of every site). Timed inside
    // the page, and only the timing comes back.
    const roundTrip = async (message, n) => {
      const times = [];
      for (let i = 0; i < n; i++) {
        const r = await ctl.call(async (m) => {
          const t = performance.now();
          const reply = await chrome.runtime.sendMessage(m);
          return { ms: performance.now() - t, ok: reply?.ok === true, error: reply?.error };
        }, message);
        if (!r.ok) throw new Error(`state/get failed: ${r.error}`);
        if (i > 0 || n === 1) times.push(r.ms);
      }
      return summary(times);
    };
    const stateGetMs = await roundTrip({ type: 'state/get', events: false }, 5);
    const stateGetFullMs = await roundTrip({ type: 'state/get' }, 1);
    await ctl.close();

    const popupPath = 'src/popup/index.html?all=1';
    const popupTimes = [];
    const emptyTimes = [];
    const diffs = [];
    // Until the page's own scripts have run (DOMContentLoaded): the browser's start of an extension page,
    // with its API bindings, that any popup pays before its first line of code.
    const pageStart = [];
    let by = null;
    let rows = null;
    for (let i = 0; i < runs + 1; i++) {
      // The order within a pair alternates, so neither page always follows the other.
      const popupFirst = i % 2 === 0;
      const a = await openOnce(b, popupFirst ? popupPath : EMPTY_PAGE);
      const c = await openOnce(b, popupFirst ? EMPTY_PAGE : popupPath);
      const [popup, empty] = popupFirst ? [a, c] : [c, a];
      by = popup.by;
      rows = popup.rows;
      // The first pair compiles both for the first time: a warm-up, as a user opens the popup often.
      if (i === 0) continue;
      popupTimes.push(popup.ms);
      emptyTimes.push(empty.ms);
      diffs.push(popup.ms - empty.ms);
      if (popup.dcl !== null) pageStart.push(popup.dcl);
    }
    // The same open with the worker stopped first, as after 30 s without events.
    const coldTimes = [];
    for (let i = 0; i < coldRuns; i++) {
      await b.stopWorker();
      coldTimes.push((await openOnce(b, popupPath)).ms);
    }
    return {
      runs: popupTimes.length,
      firstRenderMs: summary(popupTimes),
      emptyPageMs: summary(emptyTimes),
      firstRenderOverEmptyPageMs: pairedSummary(diffs),
      coldWorkerFirstRenderMs: summary(coldTimes),
      pageStartMs: summary(pageStart),
      stateGetMs,
      stateGetFullMs,
      measuredBy: by,
      rowsInDom: rows,
      importMs: Math.round(importMs),
    };
  } finally {
    await b.close();
  }
}
