import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectListeners, floorWorker, generateExtensions } from './extensions.mjs';

const root = mkdtempSync(join(tmpdir(), 'bench-ext-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A built extension as the bundler leaves it: a loader importing a chunk, the API reached through variables. */
function fakeBuild(dir, manifest) {
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'loader.js'), "import './assets/main.js';\n");
  writeFileSync(
    join(dir, 'assets', 'main.js'),
    [
      'e.cookies.onChanged.addListener(a);',
      'e.webNavigation.onCommitted.addListener(b);',
      'e.tabs.onRemoved.addListener(c);',
      'e.runtime.onMessage.addListener(d);',
      'const w=e.webRequest;function add(t){t.onHeadersReceived.addListener(h,{urls:u},["responseHeaders","extraHeaders"])}',
    ].join('\n'),
  );
}

describe('detectListeners', () => {
  it('finds the listeners of the built background, webRequest reached through a variable too', () => {
    const dir = join(root, 'chrome');
    fakeBuild(dir, { background: { service_worker: 'loader.js' }, optional_permissions: ['webRequest'] });
    const d = detectListeners(dir);
    expect(d.listeners).toEqual([
      'cookies.onChanged',
      'runtime.onMessage',
      'tabs.onRemoved',
      'webNavigation.onCommitted',
      'webRequest.onHeadersReceived',
    ]);
    expect(d.webRequestExtra).toEqual(['responseHeaders', 'extraHeaders']);
  });

  it('reads Firefox background scripts the same way', () => {
    const dir = join(root, 'firefox');
    fakeBuild(dir, { background: { scripts: ['loader.js'] } });
    expect(detectListeners(dir).listeners).toContain('webRequest.onHeadersReceived');
  });
});

describe('floorWorker', () => {
  const listeners = ['cookies.onChanged', 'webRequest.onHeadersReceived'];

  it('filters the request listener to the captured site', () => {
    const w = floorWorker(listeners, { extraInfo: ['responseHeaders'], urls: ['*://localhost/*'] });
    expect(w).toContain('chrome.cookies.onChanged.addListener(noop);');
    expect(w).toContain(
      'chrome.webRequest.onHeadersReceived.addListener(onRequest, { urls: ["*://localhost/*"] }, ["responseHeaders"]);',
    );
    expect(w).not.toContain('removeListener');
  });

  it('removes it once a stored setting is read when capture is off, and leaves it out without the permission', () => {
    expect(floorWorker(listeners, { extraInfo: [], webRequest: 'off' })).toContain(
      "chrome.storage.local.get('settings').then(() => { chrome.webRequest.onHeadersReceived.removeListener(onRequest); });",
    );
    expect(floorWorker(listeners, { extraInfo: [], webRequest: 'none' })).not.toContain('webRequest');
  });
});

describe('generateExtensions', () => {
  it('gives Firefox floors an add-on id, background scripts and no extraHeaders', () => {
    const dir = join(root, 'firefox-gen');
    fakeBuild(dir, {
      background: { scripts: ['loader.js'] },
      permissions: ['cookies', 'storage'],
      optional_permissions: ['webRequest'],
    });
    const g = generateExtensions(dir, join(root, 'out'), {
      browser: 'firefox',
      capturedPatterns: ['*://localhost/*'],
    });
    const manifest = JSON.parse(readFileSync(join(g.paths.floorFull, 'manifest.json'), 'utf8'));
    expect(manifest.browser_specific_settings.gecko.id).toBe('bench-floorFull@sessionscope.bench');
    expect(manifest.background).toEqual({ scripts: ['worker.js'] });
    expect(manifest.permissions).toEqual(['cookies', 'storage', 'webRequest']);
    expect(readFileSync(join(g.paths.floorFull, 'worker.js'), 'utf8')).toContain('["responseHeaders"]);');
    const without = JSON.parse(readFileSync(join(g.paths.floorNoWebRequest, 'manifest.json'), 'utf8'));
    expect(without.permissions).toEqual(['cookies', 'storage']);
  });
});
