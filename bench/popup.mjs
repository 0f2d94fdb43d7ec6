// Popup first render with 1,000 sites × 50 events: the document goes in through the product's `import`
// message (the real path), then the popup opens on all sites (`?all=1`) in a fresh tab, 10 times.
import { readFileSync } from 'node:fs';
import { launch, openExtensionPage, sendMessage } from './browser.mjs';
import { summary } from './stats.mjs';

/**
 * Installed before the popup's own scripts: records the time from navigation start to the first moment
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

export async function runPopup({ ext, docPath, profilesDir, runs, log }) {
  const b = await launch(`${profilesDir}/popup`, ext);
  try {
    const ctl = await openExtensionPage(b, 'src/options/index.html');
    const doc = JSON.parse(readFileSync(docPath, 'utf8'));
    const t0 = performance.now();
    const reply = await sendMessage(ctl, { type: 'import', data: doc });
    const importMs = performance.now() - t0;
    if (!reply?.ok) throw new Error(`import replied ${JSON.stringify(reply)?.slice(0, 300)}`);
    log(`  imported ${reply.sites} sites, ${reply.sessions} sessions in ${Math.round(importMs)} ms`);
    // The message round trip alone, to tell the background's share of the first render from the view's:
    // as the popup asks for the list (no events), and in full (every event of every site).
    // Timed inside the page, and only the timing comes back: returning the reply to Node would add
    // its serialization over the DevTools protocol to the figure.
    const roundTrip = async (message, n) => {
      const times = [];
      for (let i = 0; i < n; i++) {
        const r = await ctl.evaluate(async (m) => {
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
    const popupPath = 'src/popup/index.html?all=1';
    const times = [];
    // Until the page's own scripts have run (DOMContentLoaded): the browser's start of an extension page,
    // with its API bindings, that any popup pays before its first line of code.
    const pageStart = [];
    let by = null;
    let rows = null;
    for (let i = 0; i < runs + 1; i++) {
      const page = await b.context.newPage();
      try {
        await page.addInitScript(firstRenderProbe);
        await page.goto(`chrome-extension://${b.extensionId}/${popupPath}`);
        await page.waitForFunction(() => window.__ssFirstRender !== undefined, null, { timeout: 30_000 });
        const r = await page.evaluate(() => {
          const mark = performance.getEntriesByName('sessionscope:first-render')[0];
          return {
            dcl: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? null,
            ms: mark ? mark.startTime : window.__ssFirstRender,
            by: mark ? "performance.mark('sessionscope:first-render')" : window.__ssFirstRenderBy,
            rows: document.querySelectorAll('[data-site]').length,
          };
        });
        // The first open also compiles the bundle for the first time: a warm-up, as a user opens it often.
        if (i > 0) times.push(r.ms);
        if (i > 0 && r.dcl !== null) pageStart.push(r.dcl);
        by = r.by;
        rows = r.rows;
      } finally {
        await page.close();
      }
    }
    return {
      runs: times.length,
      firstRenderMs: summary(times),
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
