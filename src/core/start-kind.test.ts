/** A browser restart needs the browser's word for it; anything else is an extension start. */
import { describe, expect, test } from 'vitest';
import { startKind } from './start-kind';

const WAIT = 5_000;

describe('what kind of start', () => {
  test('onStartup is a browser restart (an installed extension, a permanent Firefox add-on)', () => {
    expect(startKind([{ event: 'startup' }], true, WAIT)).toMatchObject({
      reason: 'browser-restart',
      evidence: [expect.stringMatching(/^runtime\.onStartup/)],
    });
  });

  test('the browser updated is a browser restart', () => {
    for (const reason of ['browser_update', 'chrome_update'])
      expect(startKind([{ event: 'installed', reason }], true, WAIT).reason).toBe('browser-restart');
  });

  test('installed again at launch with data kept (--load-extension) is a browser restart; with none, a first install', () => {
    expect(startKind([{ event: 'installed', reason: 'install' }], true, WAIT)).toMatchObject({
      reason: 'browser-restart',
      evidence: [expect.stringMatching(/command line/)],
    });
    expect(startKind([{ event: 'installed', reason: 'install' }], false, WAIT)).toMatchObject({
      reason: 'extension-start',
      evidence: [expect.stringMatching(/first install/)],
    });
  });

  test('a reload or an update in a running browser is an extension start, whatever was stored', () => {
    expect(startKind([{ event: 'installed', reason: 'update' }], true, WAIT)).toMatchObject({
      reason: 'extension-start',
      evidence: [expect.stringMatching(/reloaded or updated/)],
    });
  });

  test('turned off and on again: no browser signal at all, so an extension start, and the evidence says so', () => {
    expect(startKind([], true, WAIT)).toEqual({
      reason: 'extension-start',
      evidence: [
        'no runtime.onStartup or runtime.onInstalled within 5 s: the extension was enabled again or its background restarted, inside a running browser',
      ],
    });
  });

  test('onStartup decides even when an update came with it', () => {
    const signals = [{ event: 'installed', reason: 'update' } as const, { event: 'startup' } as const];
    expect(startKind(signals, true, WAIT).reason).toBe('browser-restart');
  });
});
