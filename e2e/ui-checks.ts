// What the popup and options e2e tests share: typing like a user, axe-core in an extension page,
// screenshots into e2e/artifacts/. Works on both browsers' pages (Playwright and puppeteer).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import type { E2EPage, Session } from './harness';
import { ROOT, waitFor } from './harness';

const ARTIFACTS = join(ROOT, 'e2e/artifacts');
const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** Replaces a text field's content by typing, then leaves it (Tab), as a user commits an edit. */
export async function typeInto(
  session: Session,
  page: E2EPage,
  selector: string,
  text: string,
): Promise<void> {
  if (session.browserName === 'chromium') {
    const raw = page.raw as PlaywrightPage;
    await raw.fill(selector, text);
    await raw.press(selector, 'Tab');
    return;
  }
  const raw = page.raw as PuppeteerPage;
  await raw.click(selector, { count: 3 });
  await raw.evaluate((sel: string) => (document.querySelector(sel) as HTMLInputElement).select(), selector);
  await raw.keyboard.press('Backspace');
  await raw.keyboard.type(text);
  await raw.keyboard.press('Tab');
}

export async function screenshot(page: E2EPage, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot(path);
  return path;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core in the page. Extension pages' CSP refuses inline <script>, so the library's source is
 * evaluated through the automation protocol instead, which CSP does not govern.
 */
export async function axeViolations(page: E2EPage): Promise<AxeViolation[]> {
  await page.evaluate(`(() => { ${AXE_SOURCE}\n; return typeof axe; })()`);
  return page.evaluate<AxeViolation[]>(`(async () => {
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ': ' + (n.failureSummary ?? '')),
    }));
  })()`);
}

/** Only what axe calls serious or critical fails a test; the rest is printed. */
export async function seriousViolations(page: E2EPage, label: string): Promise<AxeViolation[]> {
  const all = await axeViolations(page);
  const minor = all.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
  if (minor.length > 0) console.warn(`axe (${label}), minor:`, JSON.stringify(minor));
  return all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Chromium: opens the real toolbar popup (`action.openPopup()` from the service worker) over the active
 * tab and waits until `expression`, evaluated in it, gives a non-empty string. Playwright does not list
 * the action popup as a page, so it is reached through CDP's target API.
 */
export async function readActionPopup(session: Session, over: E2EPage, expression: string): Promise<string> {
  const context = session.raw.context;
  if (!context) throw new Error('readActionPopup needs Chromium');
  const raw = over.raw as PlaywrightPage;
  await raw.bringToFront();
  const [worker] = context.serviceWorkers();
  if (!worker) throw new Error('no service worker');
  const opened = await worker.evaluate(() =>
    (globalThis as unknown as { chrome: { action: { openPopup(): Promise<void> } } }).chrome.action
      .openPopup()
      .then(() => 'ok')
      .catch((e: Error) => e.message),
  );
  if (opened !== 'ok') throw new Error(`openPopup: ${opened}`);
  const cdp = await context.newCDPSession(raw);
  try {
    const target = await waitFor(
      async () => {
        const { targetInfos } = await cdp.send('Target.getTargets');
        return targetInfos.find((t) => t.url.startsWith(session.extensionUrl('src/popup/index.html')));
      },
      { message: 'the action popup to open' },
    );
    const { sessionId } = await cdp.send('Target.attachToTarget', {
      targetId: target.targetId,
      flatten: false,
    });
    const replies = new Map<number, { result?: { result?: { value?: unknown } } }>();
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      const message = JSON.parse(event.message) as { id?: number; result?: { result?: { value?: unknown } } };
      if (message.id) replies.set(message.id, message);
    });
    let id = 0;
    return await waitFor(
      async () => {
        id += 1;
        const ask = id;
        const params = { expression, returnByValue: true };
        await cdp.send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id: ask, method: 'Runtime.evaluate', params }),
        });
        await waitFor(() => replies.has(ask), { timeout: 2_000, interval: 20, message: 'an answer' });
        const value = replies.get(ask)?.result?.result?.value;
        return typeof value === 'string' && value !== '' ? value : null;
      },
      { timeout: 15_000, interval: 200, message: `${expression} in the action popup` },
    );
  } finally {
    await cdp.detach().catch(() => {});
  }
}
