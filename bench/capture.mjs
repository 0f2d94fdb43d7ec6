// How each Sessionscope arm gets the capture state it measures: the default install (nothing captured),
// the page's own site captured, or another site captured.
//
// THE SWITCH for the optional webRequest permission is `captureStrategy` below, and nothing else decides
// it. It reads the shipped build's manifest and looks for a test build:
//   'required'   today's build: webRequest is a required permission, so every install holds it. The default
//                arm is approached through the message API (header capture on no site: the request listener
//                is removed), but the permission's own cost stays in that arm, and the captured arms set the
//                captured site the same way. Nothing to change when the optional-permission build lands: its
//                manifest selects one of the two strategies below.
//   'test-build' a build that declares webRequest required and differs from the shipped one only in its
//                manifest (dist/chrome-test, dist/firefox-test, or BENCH_TEST_DIST / BENCH_TEST_DIST_FIREFOX):
//                the captured arms run it, the default arm runs the shipped build.
//   'grant'      the shipped build with webRequest optional and no test build: the permission is granted
//                through a real click on an extension page, then, in Chromium, the browser is relaunched on
//                the same profile, because a live grant reaches listeners there only after a relaunch.
//                Firefox keeps running (it may take the grant live; the arm checks `status/get` and says so
//                when capture is not in force).
// BENCH_CAPTURE=required|test-build|grant forces one (a forced choice the build cannot serve fails its arms
// with the reason).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const STRATEGIES = ['required', 'test-build', 'grant'];

/** Pure: which way the captured arms get the webRequest permission, and why. */
export function captureStrategy({ manifest, testBuildManifest = null, forced = null }) {
  const required = (m) => (m?.permissions ?? []).includes('webRequest');
  const optional = (m) => (m?.optional_permissions ?? []).includes('webRequest');
  if (forced) {
    if (!STRATEGIES.includes(forced))
      throw new Error(`BENCH_CAPTURE=${forced}: use one of ${STRATEGIES.join(', ')}`);
    return { strategy: forced, why: `forced by BENCH_CAPTURE=${forced}` };
  }
  if (required(manifest))
    return {
      strategy: 'required',
      why: 'the shipped build declares webRequest required (held by every install): the default arm still pays for holding it',
    };
  if (testBuildManifest && required(testBuildManifest))
    return {
      strategy: 'test-build',
      why: 'webRequest is optional in the shipped build; the test build declares it required',
    };
  if (optional(manifest))
    return {
      strategy: 'grant',
      why: 'webRequest is optional and there is no test build: granted by a click on an extension page, then a relaunch (Chromium)',
    };
  return {
    strategy: null,
    why: 'the build declares no webRequest permission at all: no site can be captured',
  };
}

/** Where the test build is looked for, per browser (`privateBuild`: BENCH_BUILD=1 built it under .tmp). */
export function testBuildDir(root, browser, { privateBuild = false } = {}) {
  const env = browser === 'firefox' ? process.env.BENCH_TEST_DIST_FIREFOX : process.env.BENCH_TEST_DIST;
  const mode = browser === 'firefox' ? 'firefox-test' : 'chrome-test';
  if (env) return resolve(root, env);
  return privateBuild ? join(root, '.tmp', 'bench', `build-${mode}`) : join(root, 'dist', mode);
}

export function readManifestIn(dir) {
  const file = join(dir, 'manifest.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

/**
 * The product's `urls` filter for one captured site, as src/background/capture-patterns.ts builds it
 * (copied: the bench runs in plain Node). localhost and IP addresses have no subdomains, and a pattern
 * without a port matches every port: a second port is the same site, a second host name is another.
 */
export function patternsForHost(site) {
  const host = site.trim().toLowerCase();
  if (/^[\d.]+$/.test(host) || host === 'localhost') return [`*://${host}/*`];
  return [`*://${host}/*`, `*://*.${host}/*`];
}

/**
 * Grants webRequest the only way a user can: a click on an extension page that calls
 * `permissions.request` inside the click. The button is the bench's own, put on the product's options page,
 * so the grant does not depend on where the product puts its control.
 */
export async function grantWebRequest(handle) {
  const tab = await handle.openTab(handle.extensionUrl('src/options/index.html'));
  try {
    await tab.call(() => {
      const b = document.createElement('button');
      b.id = 'bench-grant-webrequest';
      b.textContent = 'grant webRequest';
      b.style.cssText = 'position:fixed;left:0;top:0;width:240px;height:80px;z-index:2147483647';
      b.addEventListener('click', () => {
        const api = globalThis.browser ?? globalThis.chrome;
        window.__benchGrant = api.permissions
          .request({ permissions: ['webRequest'] })
          .then(String, (e) => `error: ${e?.message ?? e}`);
      });
      document.body.append(b);
    });
    await tab.click('#bench-grant-webrequest');
    const answer = await tab.call(async () => {
      for (let i = 0; i < 500 && window.__benchGrant === undefined; i++)
        await new Promise((r) => setTimeout(r, 20));
      if (window.__benchGrant === undefined) return 'nothing: the click did not reach the button';
      // A request the browser shows a dialog for never settles in a headless run.
      const late = new Promise((r) =>
        setTimeout(() => r('nothing within 15 s (a permission dialog?)'), 15_000),
      );
      return Promise.race([window.__benchGrant, late]);
    });
    if (answer !== 'true')
      throw new Error(`permissions.request({ permissions: ['webRequest'] }) answered ${answer}`);
    const held = await tab.call(() =>
      (globalThis.browser ?? globalThis.chrome).permissions.contains({ permissions: ['webRequest'] }),
    );
    if (!held) throw new Error('webRequest was granted but permissions.contains denies it');
  } finally {
    await tab.close();
  }
}

async function setCapture(handle, sites) {
  const reply = await handle.sendMessage({
    type: 'settings/set',
    settings: { headerCapture: { mode: 'sites', sites } },
  });
  if (!reply?.ok) throw new Error(`settings/set replied ${JSON.stringify(reply)?.slice(0, 200)}`);
}

async function captureStatus(handle, pageUrl) {
  const settings = await handle.sendMessage({ type: 'settings/get' });
  const status = await handle.sendMessage({ type: 'status/get', ...(pageUrl ? { url: pageUrl } : {}) });
  const hc = status?.status?.headerCapture ?? {};
  return {
    mode: settings?.settings?.headerCapture?.mode ?? null,
    sites: settings?.settings?.headerCapture?.sites ?? null,
    active: hc.active ?? null,
    // Fields of the optional-permission build (absent before it): whether webRequest is held, and whether
    // a grant waits for the next browser start (Chromium).
    permission: hc.permission ?? null,
    waitsForRestart: hc.waitsForRestart ?? null,
    // Whether the measured page's own site is captured now (with `url`, in the optional-permission build).
    pageCaptured: hc.site?.captured ?? null,
  };
}

function describe(s) {
  const extra = [
    s.permission === null ? null : `webRequest held: ${s.permission}`,
    s.waitsForRestart === null ? null : `waits for restart: ${s.waitsForRestart}`,
    s.pageCaptured === null ? null : `the measured page captured: ${s.pageCaptured}`,
  ].filter(Boolean);
  return `header capture ${s.mode} ${JSON.stringify(s.sites)}, in force: ${s.active}${extra.length ? `, ${extra.join(', ')}` : ''}`;
}

/**
 * Puts a freshly launched product into `state` ('default' | 'captured' | 'otherSite') and checks that it
 * is in it (`pageUrl`: a page the arm measures, whose site must be captured only in 'captured'). `capturedSite` is the site to capture; `visit` (optional) a page of it to load once, so the
 * captured site has been seen. `relaunch()` closes the browser keeping its profile and starts it again;
 * returns the handle to measure with (a new one after a relaunch).
 */
export async function prepareProduct(
  handle,
  { state, strategy, capturedSite, relaunch, visit, pageUrl, log },
) {
  let h = handle;
  if (state === 'default') {
    if (strategy === 'required') await setCapture(h, []);
    const s = await captureStatus(h, pageUrl);
    log(`    ${h.browser} default: ${describe(s)}`);
    if (s.active === true || s.pageCaptured === true)
      throw new Error('the default install captures requests: it is not in its default state');
    return { handle: h, capture: s };
  }
  if (strategy === null || strategy === undefined)
    throw new Error('no way to capture a site with this build');
  if (strategy === 'grant') {
    await grantWebRequest(h);
    // Chromium: a listener registered after a live grant gets no events until the browser restarts.
    if (h.browser === 'chromium') h = await relaunch();
  }
  await setCapture(h, [capturedSite]);
  if (visit) await h.load(visit);
  const s = await captureStatus(h, pageUrl);
  log(`    ${h.browser} ${state}: ${describe(s)}`);
  if (s.mode !== 'sites' || !s.sites?.includes(capturedSite))
    throw new Error(`settings/get shows ${s.mode} ${JSON.stringify(s.sites)}, not ${capturedSite} captured`);
  const wanted = state === 'captured';
  if (s.pageCaptured !== null && s.pageCaptured !== wanted)
    throw new Error(`status/get says the measured page is ${s.pageCaptured ? '' : 'not '}captured`);
  if (s.active !== true)
    throw new Error(
      `status/get says capture is not in force after capturing ${capturedSite}${s.waitsForRestart ? ' (it waits for a browser restart)' : ''}`,
    );
  return { handle: h, capture: s };
}
