// The options page in Chromium and Firefox: a validation message beside the field, a valid change saved
// at once and kept, header capture, import errors, and an accessibility check.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page as PlaywrightPage } from 'playwright-core';
import type { ElementHandle, Page as PuppeteerPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEAVY_PAGE, ratio } from '../src/ui/measured-costs';
import { BROWSERS, type E2EPage, launch, OPTIONS_PATH, ROOT, type Session, waitFor } from './harness';
import { screenshot, seriousViolations, typeInto } from './ui-checks';

const IDLE_AFTER = '#f-defaults_idleAfterSeconds';
const IDLE_AFTER_FIELD = '[data-field="f-defaults_idleAfterSeconds"]';

describe.each(BROWSERS)('options page in %s', (browserName) => {
  let session: Session;
  let page: E2EPage;

  beforeAll(async () => {
    session = await launch(browserName);
    page = await session.newPage(session.extensionUrl(OPTIONS_PATH));
    await page.waitForText('#rules-title', 'Rules', 20_000);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('shows the validation message beside the field and saves nothing', async () => {
    await typeInto(session, page, IDLE_AFTER, '0');
    const message = await page.waitForText(`${IDLE_AFTER_FIELD} .field-error`, 'whole number of seconds');
    expect(message).toMatch(/≥ 1/);
    expect(await page.text('[data-save-status]')).toContain('Not saved');
    expect(
      await page.evaluate<string | null>(
        `document.querySelector('${IDLE_AFTER}').getAttribute('aria-invalid')`,
      ),
    ).toBe('true');
    const rules = await session.send({ type: 'rules/get' });
    expect(rules.ok && rules.rules.defaults.idleAfterSeconds).toBe(300);
    await screenshot(page, `options-invalid-${browserName}`);
  });

  it('saves a valid change at once, says so, and keeps it after a reload', async () => {
    await typeInto(session, page, IDLE_AFTER, '42');
    await page.waitForText('[data-save-status]', 'Saved');
    expect(await page.text(IDLE_AFTER_FIELD)).not.toContain('whole number');
    await waitFor(
      async () => {
        const r = await session.send({ type: 'rules/get' });
        return r.ok && r.rules.defaults.idleAfterSeconds === 42;
      },
      { message: 'idleAfterSeconds 42 stored' },
    );
    await page.goto(session.extensionUrl(OPTIONS_PATH));
    await waitFor(
      async () =>
        (await page.evaluate<string>(`document.querySelector('${IDLE_AFTER}')?.value ?? ''`)) === '42',
      {
        message: 'the field to show 42 after a reload',
      },
    );
    expect(await page.text(IDLE_AFTER_FIELD)).toContain('= 42 s');
  });

  it('switches header capture to every site and back, stating only measured costs', async () => {
    await page.click('#capture-all');
    await page.waitForText('[data-save-status]', 'Saved');
    const settings = await session.send({ type: 'settings/get' });
    expect(settings.ok && settings.settings.headerCapture.mode).toBe('all');
    // The figures come from the one module the measurements are copied into.
    expect(await page.text('#capture-all-cost')).toContain(ratio(HEAVY_PAGE.chromium.captured));
    expect(await page.text('#capture-off-cost')).toContain(ratio(HEAVY_PAGE.chromium.noPermission));
    expect(await page.text('#capture-sites-cost')).toContain(ratio(HEAVY_PAGE.firefox.otherSiteCaptured));
    expect(await page.text('body')).not.toMatch(/near[- ]zero|20–26/i);
    await page.click('#capture-sites');
    await page.waitForText('[data-save-status]', 'Saved');
  });

  it('has no serious or critical accessibility violation', async () => {
    expect(await seriousViolations(page, `options ${browserName}`)).toEqual([]);
    await screenshot(page, `options-${browserName}`);
  });

  it('shows why an imported file was refused', async () => {
    const bad = JSON.stringify({ format: 'something-else', version: 1 });
    // The page reads the file after the upload returns: remove it only once the result shows.
    let cleanup = () => {};
    if (browserName === 'chromium') {
      const raw = page.raw as PlaywrightPage;
      await raw.setInputFiles('#import-file', {
        name: 'bad.json',
        mimeType: 'application/json',
        buffer: Buffer.from(bad),
      });
    } else {
      const dir = mkdtempSync(join(ROOT, '.tmp/e2e/import-'));
      const file = join(dir, 'bad.json');
      writeFileSync(file, bad);
      cleanup = () => rmSync(dir, { recursive: true, force: true });
      const input = await (page.raw as PuppeteerPage).$('#import-file');
      await (input as ElementHandle<HTMLInputElement>).uploadFile(file);
    }
    try {
      const text = await page.waitForText('#import-result', 'Not imported');
      expect(text).toMatch(/not a Sessionscope timeline/);
    } finally {
      cleanup();
    }
  });
});
