// The Sessions panel inside real DevTools, in Chromium: DevTools cannot open headless, so this runs
// headed on a virtual display (Xvfb, which CI installs). Chromium opens DevTools for each new tab
// (`--auto-open-devtools-for-tabs`); the test finds the Sessions tab in DevTools, opens it, and reads the
// panel: the inspected tab's site, live, told by DevTools when it is shown and hidden.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type DjangoServer, launch, type Session, startDjango, waitFor } from './harness';

const XVFB = '/usr/bin/Xvfb';
const display = process.env.DISPLAY ? null : existsSync(XVFB) ? 'xvfb' : 'none';
const canRun = BROWSERS.includes('chromium') && display !== 'none';
if (BROWSERS.includes('chromium') && display === 'none')
  console.warn(
    'panel-devtools: no display and no Xvfb (apt-get install xvfb): the real-DevTools test does not run',
  );

/** Starts Xvfb on a free display number and resolves once its socket exists. */
async function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
  let n = 90 + (process.pid % 50);
  while (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) n++;
  const child = spawn(XVFB, [`:${n}`, '-screen', '0', '1600x1000x24', '-nolisten', 'tcp'], {
    stdio: 'ignore',
  });
  await waitFor(() => existsSync(`/tmp/.X11-unix/X${n}`), { timeout: 15_000, message: `Xvfb on :${n}` });
  return { display: `:${n}`, process: child };
}

/**
 * Evaluates `expression` in another target (a DevTools front end, an extension page inside DevTools)
 * through the browser's CDP session: Playwright lists neither as a page.
 */
async function evaluateIn<T>(cdp: CDPSession, targetId: string, expression: string): Promise<T> {
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: false })) as {
    sessionId: string;
  };
  try {
    const id = 1;
    const answer = new Promise<T>((resolve) => {
      const onMessage = (event: { sessionId: string; message: string }) => {
        const m = JSON.parse(event.message) as { id?: number; result?: { result?: { value?: T } } };
        if (event.sessionId !== sessionId || m.id !== id) return;
        cdp.off('Target.receivedMessageFromTarget', onMessage);
        resolve(m.result?.result?.value as T);
      };
      cdp.on('Target.receivedMessageFromTarget', onMessage);
    });
    await cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({
        id,
        method: 'Runtime.evaluate',
        params: { expression, returnByValue: true },
      }),
    });
    return await answer;
  } finally {
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
  }
}

/** Finds the first element, in the document or any shadow root, with role tab whose text is `text`. */
const FIND_TAB = (text: string, click: boolean) => `(() => {
  const tabs = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.getAttribute('role') === 'tab') tabs.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  const tab = tabs.find((el) => el.textContent.trim() === ${JSON.stringify(text)});
  if (!tab) return 'tabs: ' + tabs.map((el) => el.textContent.trim()).join('|');
  if (${click}) {
    for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click'])
      tab.dispatchEvent(new MouseEvent(type, { bubbles: true, composed: true, button: 0 }));
  }
  return 'found';
})()`;

describe.runIf(canRun)('the Sessions panel in Chromium DevTools', () => {
  let xvfb: { display: string; process: ChildProcess } | null = null;
  let server: DjangoServer;
  let session: Session;
  const savedDisplay = process.env.DISPLAY;

  beforeAll(async () => {
    if (display === 'xvfb') {
      xvfb = await startXvfb();
      process.env.DISPLAY = xvfb.display;
    }
    server = await startDjango();
    session = await launch('chromium', {
      headed: true,
      args: ['--auto-open-devtools-for-tabs', '--window-size=1600,1000'],
    });
  });
  afterAll(async () => {
    await session?.close();
    await server?.stop();
    xvfb?.process.kill('SIGTERM');
    if (savedDisplay === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = savedDisplay;
  });

  it('is listed in DevTools, opens on the inspected tab’s site, and hears when it is hidden', async () => {
    const site = await session.newPage(server.url('/login?user=erin'));
    expect(await site.text('#state')).toBe('logged in as erin');
    const context = session.raw.context!;
    const browserCdp = await context.browser()!.newBrowserCDPSession();
    type Info = { targetId: string; url: string; type: string };
    const targets = async () =>
      ((await browserCdp.send('Target.getTargets')) as { targetInfos: Info[] }).targetInfos;
    const extension = session.extensionUrl('');
    // Our DevTools page runs inside DevTools for the tab: the panel was created from it.
    await waitFor(
      async () => (await targets()).some((t) => t.url === `${extension}src/devtools/devtools.html`),
      {
        timeout: 30_000,
        message: 'the extension’s DevTools page',
      },
    );
    const frontends = (await targets()).filter((t) => t.url.startsWith('devtools://devtools'));
    expect(frontends.length).toBeGreaterThan(0);

    // The DevTools front end lists the Sessions tab; opening it loads the panel's page.
    const frontend = await waitFor(
      async () => {
        for (const t of (await targets()).filter((x) => x.url.startsWith('devtools://devtools'))) {
          if ((await evaluateIn<string>(browserCdp, t.targetId, FIND_TAB('Sessions', false))) === 'found')
            return t;
        }
        return null;
      },
      { timeout: 30_000, message: 'a DevTools window with a Sessions tab' },
    );
    expect(await evaluateIn<string>(browserCdp, frontend.targetId, FIND_TAB('Sessions', true))).toBe('found');
    const panelUrl = `${extension}src/devtools/panel.html`;
    const panel = await waitFor(async () => (await targets()).find((t) => t.url === panelUrl), {
      timeout: 30_000,
      message: 'the panel page to load in DevTools',
    });
    const read = (expression: string) => evaluateIn<string>(browserCdp, panel.targetId, expression);
    await waitFor(
      async () => (await read(`document.querySelector('#site-title')?.textContent ?? ''`)) === '127.0.0.1',
      {
        timeout: 30_000,
        message: 'the panel to show the inspected tab’s site',
      },
    );
    expect(
      await read(`document.querySelector('.site-main article[data-state="active"]')?.innerText ?? ''`),
    ).toContain('sessionid');
    expect(await read(`document.querySelector('.panel').dataset.shown`)).toBe('true');
    // Another DevTools tool: DevTools says the panel is hidden, and the panel tells the background.
    expect(await evaluateIn<string>(browserCdp, frontend.targetId, FIND_TAB('Console', true))).toBe('found');
    await waitFor(async () => (await read(`document.querySelector('.panel').dataset.shown`)) === 'false', {
      timeout: 15_000,
      message: 'the panel to hear it is hidden',
    });
    expect(await read(`document.documentElement.dataset.theme ?? ''`)).toMatch(/^(light|dark)$/);
    await browserCdp.detach().catch(() => {});
  });
});
