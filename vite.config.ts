import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import sourceManifest from './manifest.json' with { type: 'json' };
import { compactPsl } from './scripts/compact-psl.ts';

export const GECKO_ID = 'sessionscope@sessionscope.dev';

type Browser = 'chrome' | 'firefox';

/**
 * Build modes: `chrome` and `firefox` are what the stores get. `chrome-test` and `firefox-test` are the
 * same sources and the same bundle with one manifest difference: `webRequest` is a required permission,
 * so end-to-end tests that need response headers run without a grant (and, in Chromium, without the
 * browser restart a first grant needs). Nothing else may differ.
 */
export const BUILD_MODES = ['chrome', 'firefox', 'chrome-test', 'firefox-test'] as const;
export type BuildMode = (typeof BUILD_MODES)[number];

export function browserOf(mode: string): Browser {
  return mode.startsWith('firefox') ? 'firefox' : 'chrome';
}

// One source manifest serves both stores; Firefox differs only where its MV3 does (no service worker,
// a gecko id and data-collection declaration), so it is derived here instead of kept as a second file.
export function manifestFor(browser: Browser, options: { test?: boolean } = {}): ManifestV3Export {
  const base = structuredClone(sourceManifest) as Record<string, unknown>;
  if (options.test) requireOptional(base, 'webRequest');
  if (browser === 'chrome') return base as unknown as ManifestV3Export;
  const background = base.background as { service_worker: string; type: string };
  base.background = { scripts: [background.service_worker], type: 'module' };
  base.browser_specific_settings = {
    gecko: {
      id: GECKO_ID,
      strict_min_version: '140.0',
      data_collection_permissions: { required: ['none'] },
    },
  };
  // Firefox has no "spanning" incognito for MV3 event pages; "spanning" is its default anyway.
  delete base.incognito;
  return base as unknown as ManifestV3Export;
}

/** Moves an optional permission into the required ones (the test builds' only difference). */
function requireOptional(manifest: Record<string, unknown>, permission: string): void {
  const optional = (manifest.optional_permissions as string[] | undefined) ?? [];
  if (!optional.includes(permission)) throw new Error(`"${permission}" is not an optional permission`);
  const rest = optional.filter((p) => p !== permission);
  if (rest.length > 0) manifest.optional_permissions = rest;
  else delete manifest.optional_permissions;
  manifest.permissions = [...((manifest.permissions as string[] | undefined) ?? []), permission];
}

export default defineConfig(({ mode }) => {
  const browser = browserOf(mode);
  const test = mode.endsWith('-test');
  return {
    plugins: [compactPsl(), preact(), crx({ manifest: manifestFor(browser, { test }), browser })],
    build: {
      outDir: `dist/${browser}${test ? '-test' : ''}`,
      emptyOutDir: true,
      target: browser === 'chrome' ? 'chrome120' : 'firefox140',
      sourcemap: false,
      modulePreload: false,
      // The manifest names the DevTools page; the panel page it opens is named nowhere else.
      rollupOptions: { input: { panel: 'src/devtools/panel.html' } },
    },
    define: { __BROWSER__: JSON.stringify(browser) },
  };
});
