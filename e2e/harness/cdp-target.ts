// A browser-level Chrome DevTools Protocol connection for what Playwright does not show: DevTools' own
// windows (devtools://devtools/...) and the extension frames inside them. The browser is started with
// --remote-debugging-port=0; it writes the port it chose into the profile's DevToolsActivePort, and
// puppeteer-core (already the Firefox driver) is the CDP client.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type CDPSession } from 'puppeteer-core';
import { waitFor } from './wait';

/** The flag that makes Chromium open a CDP endpoint on a free port, announced in DevToolsActivePort. */
export const CDP_PORT_ARG = '--remote-debugging-port=0';

export interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
  title: string;
  attached: boolean;
  openerId?: string;
}

export class CdpBrowser {
  private constructor(
    private readonly browser: Browser,
    private readonly root: CDPSession,
  ) {}

  /** Connects to the Chromium whose profile is `profileDir` (started with CDP_PORT_ARG). */
  static async connect(profileDir: string): Promise<CdpBrowser> {
    const file = join(profileDir, 'DevToolsActivePort');
    const [port, path] = await waitFor(
      () => {
        if (!existsSync(file)) return undefined;
        const lines = readFileSync(file, 'utf8').split('\n');
        return lines[0] && lines[1] ? [lines[0], lines[1]] : undefined;
      },
      { timeout: 20_000, message: `${file} (is the browser started with ${CDP_PORT_ARG}?)` },
    );
    // Only the protocol is wanted: no default viewport, and puppeteer's own view of targets stays out of
    // the way (every target is left to the explicit calls below).
    const browser = await puppeteer.connect({
      browserWSEndpoint: `ws://127.0.0.1:${port}${path}`,
      defaultViewport: null,
      targetFilter: () => false,
    });
    const root = await browser.target().createCDPSession();
    await root.send('Target.setDiscoverTargets', { discover: true });
    return new CdpBrowser(browser, root);
  }

  async targets(): Promise<TargetInfo[]> {
    const { targetInfos } = (await this.root.send('Target.getTargets')) as { targetInfos: TargetInfo[] };
    return targetInfos;
  }

  /** Waits for targets matching `match` (at least `count`), for `what` in the timeout message. */
  async waitForTargets(
    match: (target: TargetInfo) => boolean,
    what: string,
    { count = 1, timeout = 30_000 } = {},
  ): Promise<TargetInfo[]> {
    return waitFor(
      async () => {
        const found = (await this.targets()).filter(match);
        return found.length >= count ? found : undefined;
      },
      { timeout, interval: 200, message: what },
    );
  }

  /** A flat CDP session on one target (a DevTools window, or an extension frame inside it). */
  async attach(targetId: string): Promise<TargetSession> {
    const { sessionId } = (await this.root.send('Target.attachToTarget', { targetId, flatten: true })) as {
      sessionId: string;
    };
    const session = this.root.connection()?.session(sessionId);
    if (!session) throw new Error(`no CDP session for target ${targetId}`);
    return new TargetSession(session);
  }

  /** Leaves the browser running: it belongs to whoever launched it. */
  async disconnect(): Promise<void> {
    await this.root.detach().catch(() => {});
    await this.browser.disconnect();
  }
}

export class TargetSession {
  constructor(readonly cdp: CDPSession) {}

  /** Evaluates `expression` (awaiting a promise) and returns its value; a thrown error is rethrown here. */
  async evaluate<T>(expression: string): Promise<T> {
    const reply = (await this.cdp.send('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
    })) as {
      result: { value?: unknown };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (reply.exceptionDetails) {
      const { text, exception } = reply.exceptionDetails;
      throw new Error(`evaluation failed: ${exception?.description ?? text}`);
    }
    return reply.result.value as T;
  }

  async detach(): Promise<void> {
    await this.cdp.detach().catch(() => {});
  }
}
