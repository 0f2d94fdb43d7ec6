// One page interface over Playwright (Chromium) and puppeteer over WebDriver BiDi (Firefox).
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { waitFor } from './wait';

export interface E2EPage {
  /** The underlying Playwright or puppeteer page, for what this interface lacks. */
  readonly raw: PlaywrightPage | PuppeteerPage;
  /** Navigates and waits for `load` (extension pages: until the document is complete). */
  goto(url: string): Promise<void>;
  /** The document's URL (Firefox's `page.url()` stays about:blank on extension pages). */
  location(): Promise<string>;
  /** innerText of the first element matching `selector` (default `body`); '' when there is none. */
  text(selector?: string): Promise<string>;
  /** Waits until `text(selector)` contains `expected` (or matches it) and returns that text. */
  waitForText(selector: string, expected: string | RegExp, timeout?: number): Promise<string>;
  /** A real (trusted) click on the first element matching `selector`. */
  click(selector: string): Promise<void>;
  /** Runs `fn(arg)` in the page. `fn` must be self-contained: it is serialized. A string is evaluated as an expression. */
  evaluate<R, A = undefined>(fn: ((arg: A) => R | Promise<R>) | string, arg?: A): Promise<R>;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

const innerText = `(selector) => { const el = document.querySelector(selector); return el ? (el.innerText ?? el.textContent ?? '') : ''; }`;

/** What Playwright's and puppeteer's `evaluate` have in common (both serialize the function or take an expression). */
interface Evaluator {
  evaluate(fn: unknown, arg?: unknown): Promise<unknown>;
}

abstract class BasePage implements E2EPage {
  abstract readonly raw: PlaywrightPage | PuppeteerPage;
  abstract goto(url: string): Promise<void>;
  abstract click(selector: string): Promise<void>;
  abstract evaluate<R, A = undefined>(fn: ((arg: A) => R | Promise<R>) | string, arg?: A): Promise<R>;
  abstract screenshot(path: string): Promise<void>;
  abstract close(): Promise<void>;
  onClose: (() => void) | undefined;

  location(): Promise<string> {
    return this.evaluate<string>('location.href');
  }

  text(selector = 'body'): Promise<string> {
    return this.evaluate<string>(`(${innerText})(${JSON.stringify(selector)})`);
  }

  async waitForText(selector: string, expected: string | RegExp, timeout = 10_000): Promise<string> {
    return waitFor(
      async () => {
        const text = await this.text(selector);
        return (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) ? text : '';
      },
      { timeout, interval: 100, message: `${selector} to show ${String(expected)}` },
    ).catch(async (error: Error) => {
      const shown = await this.text(selector).catch(() => '(page gone)');
      throw new Error(`${error.message}\n--- ${selector} shows ---\n${shown.slice(0, 2000)}`);
    });
  }
}

export class ChromiumPage extends BasePage {
  constructor(readonly raw: PlaywrightPage) {
    super();
  }

  async goto(url: string): Promise<void> {
    await this.raw.goto(url, { waitUntil: 'load' });
  }

  async click(selector: string): Promise<void> {
    await this.raw.click(selector);
  }

  evaluate<R, A = undefined>(fn: ((arg: A) => R | Promise<R>) | string, arg?: A): Promise<R> {
    return (this.raw as unknown as Evaluator).evaluate(fn, arg) as Promise<R>;
  }

  async screenshot(path: string): Promise<void> {
    await this.raw.screenshot({ path });
  }

  async close(): Promise<void> {
    this.onClose?.();
    if (!this.raw.isClosed()) await this.raw.close();
  }
}

interface BidiFrame {
  browsingContext: { navigate(url: string, wait?: 'none' | 'interactive' | 'complete'): Promise<unknown> };
}

export class FirefoxPage extends BasePage {
  constructor(readonly raw: PuppeteerPage) {
    super();
  }

  async goto(url: string): Promise<void> {
    if (!url.startsWith('moz-extension:')) {
      await this.raw.goto(url, { waitUntil: 'load' });
      return;
    }
    // page.goto() never resolves for moz-extension URLs over BiDi: navigate without waiting, then
    // wait for the new document ourselves.
    const frame = this.raw.mainFrame() as unknown as BidiFrame;
    await frame.browsingContext.navigate(url, 'none');
    await waitFor(
      async () =>
        this.evaluate<boolean>(
          `location.href === ${JSON.stringify(url)} && document.readyState === 'complete'`,
        ),
      { timeout: 15_000, interval: 50, message: `${url} to load` },
    );
  }

  async click(selector: string): Promise<void> {
    await this.raw.click(selector);
  }

  evaluate<R, A = undefined>(fn: ((arg: A) => R | Promise<R>) | string, arg?: A): Promise<R> {
    return (this.raw as unknown as Evaluator).evaluate(fn, arg) as Promise<R>;
  }

  async screenshot(path: string): Promise<void> {
    await this.raw.screenshot({ path: path as `${string}.png` });
  }

  async close(): Promise<void> {
    this.onClose?.();
    if (!this.raw.isClosed()) await this.raw.close();
  }
}
