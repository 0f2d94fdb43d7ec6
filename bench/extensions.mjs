// The extensions the page-load benchmark compares Sessionscope with: an empty one (the zero of any
// extension) and "floors": Sessionscope's exact listener set and permissions with empty bodies, one per
// header-capture mode. Generated at run time from what `npm run build` produced, so they follow the product.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const NAMESPACES =
  'cookies|webNavigation|tabs|idle|alarms|runtime|webRequest|windows|storage|notifications|permissions|action|contextMenus|commands|downloads';

/** Listener set the issue describes, used when the built worker is still a placeholder. */
export const DEFAULT_LISTENERS = [
  'cookies.onChanged',
  'webNavigation.onCommitted',
  'webNavigation.onHistoryStateUpdated',
  'tabs.onCreated',
  'tabs.onUpdated',
  'tabs.onActivated',
  'tabs.onRemoved',
  'idle.onStateChanged',
  'alarms.onAlarm',
  'runtime.onMessage',
  'runtime.onStartup',
  'runtime.onInstalled',
  'webRequest.onHeadersReceived',
];

export function readManifest(dist) {
  return JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
}

/** A JS file and every file it imports (static and dynamic), relative to the extension root. */
export function jsClosure(dist, entry) {
  const seen = new Set();
  const todo = [entry.replace(/^\//, '')];
  while (todo.length) {
    const rel = todo.pop();
    if (seen.has(rel) || !existsSync(join(dist, rel))) continue;
    seen.add(rel);
    if (!rel.endsWith('.js')) continue;
    const text = readFileSync(join(dist, rel), 'utf8');
    const re =
      /(?:\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?|\bimport\s*\(\s*|\bexport\s*[\w*{}\s,$]+\s*from\s*)["'`]([^"'`]+\.(?:js|css))["'`]/g;
    for (const m of text.matchAll(re)) {
      const spec = m[1];
      const target = spec.startsWith('/') ? spec.slice(1) : join(dirname(rel), spec);
      todo.push(target.replace(/^\.\//, ''));
    }
    // Vite's preload helper lists a dynamic import's dependencies as plain strings.
    for (const m of text.matchAll(/["'`]((?:\/)?assets\/[^"'`]+\.(?:js|css))["'`]/g))
      todo.push(m[1].replace(/^\//, ''));
  }
  return [...seen];
}

/** The background's entry scripts: the MV3 service worker (Chromium) or background scripts (Firefox). */
function backgroundEntries(manifest) {
  if (manifest.background?.service_worker) return [manifest.background.service_worker];
  return manifest.background?.scripts ?? [];
}

/** The listeners the built background registers, found in its code: `namespace.onEvent.addListener`. */
export function detectListeners(dist) {
  const manifest = readManifest(dist);
  const entries = backgroundEntries(manifest);
  if (entries.length === 0) return { listeners: [], webRequestExtra: null, files: [] };
  const files = [...new Set(entries.flatMap((e) => jsClosure(dist, e)))];
  const found = new Set();
  let webRequestExtra = null;
  // `webRequest?.onHeadersReceived` too: a build where the permission is optional must test for it.
  const re = new RegExp(`\\b(${NAMESPACES})\\??\\.(on[A-Z]\\w*)\\??\\.addListener\\b`, 'g');
  // The webRequest API may be reached through a variable (`api.onHeadersReceived.addListener`, with the
  // API tested for first, as an optional permission needs): its event names are its own.
  const requestEvents =
    /\.(onHeadersReceived|onBeforeRequest|onBeforeSendHeaders|onSendHeaders|onResponseStarted|onAuthRequired|onBeforeRedirect)\.addListener\b/g;
  for (const f of files) {
    const text = readFileSync(join(dist, f), 'utf8');
    for (const m of text.matchAll(re)) found.add(`${m[1]}.${m[2]}`);
    for (const m of text.matchAll(requestEvents)) found.add(`webRequest.${m[1]}`);
    if (/extraHeaders/.test(text)) webRequestExtra = ['responseHeaders', 'extraHeaders'];
    else if (/responseHeaders/.test(text) && !webRequestExtra) webRequestExtra = ['responseHeaders'];
  }
  return { listeners: [...found].sort(), webRequestExtra, files };
}

/**
 * An extension page with nothing to run: the floor of any extension page (`popup.emptyPageMs`), and a
 * quiet place to watch an extension's storage from. Its `[data-site]` element is there at parse time, so
 * the popup's first-render probe fires on it the same way.
 */
export const EMPTY_PAGE = 'bench-empty.html';
const EMPTY_PAGE_HTML =
  '<!doctype html><html><head><meta charset="utf-8"><title>empty</title></head><body><div data-site="empty"></div></body></html>\n';

export function writeEmptyPage(dir) {
  writeFileSync(join(dir, EMPTY_PAGE), EMPTY_PAGE_HTML);
}

function writeExtension(dir, manifest, worker) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, 'worker.js'), worker);
  writeEmptyPage(dir);
}

/**
 * The background of a floor: every listener with an empty body. webRequest listeners get `urls` as their
 * filter; `webRequest: 'off'` registers them at the top level and removes them once a `storage.local`
 * read completes, as the product does when header capture reaches no page (an MV3 worker must register
 * at the top level to be woken, and a registered listener costs even with an empty body).
 */
export function floorWorker(listeners, { extraInfo, urls = ['<all_urls>'], webRequest = 'on' }) {
  const lines = [
    '// Generated by bench/extensions.mjs: the listener set with empty bodies.',
    'const noop = () => {};',
  ];
  const requests = listeners.filter((l) => l.startsWith('webRequest.'));
  for (const l of listeners) {
    if (!l.startsWith('webRequest.')) lines.push(`chrome.${l}.addListener(noop);`);
  }
  if (listeners.includes('alarms.onAlarm'))
    lines.push("chrome.alarms.create('tick', { periodInMinutes: 0.5 });");
  if (webRequest !== 'none' && requests.length > 0) {
    lines.push('const onRequest = () => {};');
    for (const l of requests) {
      const extra = l === 'webRequest.onHeadersReceived' ? `, ${JSON.stringify(extraInfo)}` : '';
      lines.push(`chrome.${l}.addListener(onRequest, { urls: ${JSON.stringify(urls)} }${extra});`);
    }
    if (webRequest === 'off') {
      const removes = requests.map((l) => `chrome.${l}.removeListener(onRequest);`).join(' ');
      lines.push(`chrome.storage.local.get('settings').then(() => { ${removes} });`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Firefox needs background scripts (no MV3 service worker) and an add-on id. */
function forBrowser(manifest, browser, key) {
  if (browser !== 'firefox') return manifest;
  return {
    ...manifest,
    background: { scripts: ['worker.js'] },
    browser_specific_settings: { gecko: { id: `bench-${key}@sessionscope.bench` } },
  };
}

/**
 * The comparison extensions, written under `outDir/ext-<browser>-<key>` from the product's build in
 * `dist` (its listener set and permissions, so they follow the product):
 * - empty: host access only, no listener (the zero of any extension);
 * - emptyWebRequest: the same holding the webRequest permission (what holding it costs alone);
 * - floorFull: the product's listeners and permissions, webRequest held, the request listener filtered to
 *   `capturedPatterns` (the captured site's floor);
 * - floorLight: the same with the request listener removed once a stored setting is read (capture-off
 *   floor: permission held, no request listener in force);
 * - floorNoWebRequest: the product's other listeners without the webRequest permission (the floor of the
 *   default install, where the permission is optional and not granted);
 * - diagnostic variants for BENCH_EXTRA_ARMS, among them floorOtherSite: the request listener in force but
 *   filtered to another site (`otherPatterns`), to tell what a filter that never matches costs.
 */
export function generateExtensions(
  dist,
  outDir,
  { browser = 'chromium', capturedPatterns = ['<all_urls>'], otherPatterns = ['*://127.0.0.1/*'] } = {},
) {
  const productManifest = existsSync(join(dist, 'manifest.json'))
    ? readManifest(dist)
    : JSON.parse(readFileSync('manifest.json', 'utf8'));
  const detected = existsSync(join(dist, 'manifest.json')) ? detectListeners(dist) : { listeners: [] };
  // The walking-skeleton worker registers one listener; below that the product's set is not built yet.
  const fromBuild = detected.listeners.length >= 4;
  let listeners = fromBuild ? detected.listeners : DEFAULT_LISTENERS;
  // A product that declares webRequest captures headers with one onHeadersReceived listener: without it
  // in the set, the captured floor would silently be the capture-off floor.
  const declares = [...(productManifest.permissions ?? []), ...(productManifest.optional_permissions ?? [])];
  const assumedRequestListener =
    declares.includes('webRequest') && !listeners.some((l) => l.startsWith('webRequest.'));
  if (assumedRequestListener) listeners = [...listeners, 'webRequest.onHeadersReceived'].sort();
  // Firefox rejects 'extraHeaders' (it shows Set-Cookie without it).
  const extraInfo =
    browser === 'firefox'
      ? ['responseHeaders']
      : (detected.webRequestExtra ?? ['responseHeaders', 'extraHeaders']);
  const product = (productManifest.permissions ?? []).filter((p) => p !== 'webRequest');
  const withWebRequest = [...product, 'webRequest'];
  const hosts = productManifest.host_permissions ?? ['<all_urls>'];
  const base = { manifest_version: 3, version: '1.0.0', background: { service_worker: 'worker.js' } };
  const paths = {};
  const write = (key, manifest, worker) => {
    paths[key] = resolve(outDir, `ext-${browser}-${key}`);
    writeExtension(
      paths[key],
      forBrowser({ ...base, name: `bench ${key}`, ...manifest }, browser, key),
      worker,
    );
  };
  const nonRequest = listeners.filter((l) => !l.startsWith('webRequest.'));
  const floor = (opts) => floorWorker(listeners, { extraInfo, ...opts });

  write(
    'empty',
    { host_permissions: ['<all_urls>'] },
    '// Generated by bench/extensions.mjs: loaded, no listener.\n',
  );
  write(
    'emptyWebRequest',
    { permissions: ['webRequest'], host_permissions: ['<all_urls>'] },
    '// Generated by bench/extensions.mjs: holds webRequest, no listener.\n',
  );
  write(
    'floorFull',
    { permissions: withWebRequest, host_permissions: hosts },
    floor({ urls: capturedPatterns }),
  );
  write('floorLight', { permissions: withWebRequest, host_permissions: hosts }, floor({ webRequest: 'off' }));
  write(
    'floorNoWebRequest',
    { permissions: product, host_permissions: hosts },
    floor({ webRequest: 'none' }),
  );

  // The cold-start reference: the least an extension woken by a cookie change can do, which is to note
  // that its listener ran (when, and for which value, so the bench can tell this change from another).
  write(
    'coldEmpty',
    { permissions: ['cookies', 'storage'], host_permissions: ['<all_urls>'] },
    `// Generated by bench/extensions.mjs: a cookie listener that notes when it ran.
chrome.cookies.onChanged.addListener((change) => {
  const at = Date.now();
  chrome.storage.session.set({ 'bench.ran': { at, value: change.cookie.value } });
});
`,
  );

  // Diagnostic arms (BENCH_EXTRA_ARMS=1): the floors taken apart, to price each listener on its own.
  write(
    'floorOtherSite',
    { permissions: withWebRequest, host_permissions: hosts },
    floor({ urls: otherPatterns }),
  );
  const others = nonRequest.filter((l) => l !== 'cookies.onChanged');
  write(
    'permissionsOnly',
    { permissions: withWebRequest, host_permissions: hosts },
    floorWorker([], { extraInfo }),
  );
  write(
    'floorLightNoCookies',
    { permissions: withWebRequest, host_permissions: hosts },
    floorWorker([...others, 'webRequest.onHeadersReceived'], { extraInfo, webRequest: 'off' }),
  );
  write(
    'cookiesOnly',
    { permissions: withWebRequest, host_permissions: hosts },
    floorWorker(['cookies.onChanged'], { extraInfo }),
  );
  return {
    paths,
    listeners,
    listenersSource: `${fromBuild ? 'detected in the built background' : 'issue default (built background is a placeholder)'}${assumedRequestListener ? '; webRequest.onHeadersReceived not found in the code, assumed from the declared permission' : ''}`,
    extraInfo,
    capturedPatterns,
    permissions: productManifest.permissions ?? [],
    optionalPermissions: productManifest.optional_permissions ?? [],
  };
}
