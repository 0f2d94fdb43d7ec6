import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import sourceManifest from './manifest.json' with { type: 'json' };

export const GECKO_ID = 'sessionscope@sessionscope.dev';

type Browser = 'chrome' | 'firefox';

// One source manifest serves both stores; Firefox differs only where its MV3 does (no service worker,
// a gecko id and data-collection declaration), so it is derived here instead of kept as a second file.
export function manifestFor(browser: Browser): ManifestV3Export {
  const base = structuredClone(sourceManifest) as Record<string, unknown>;
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

export default defineConfig(({ mode }) => {
  const browser: Browser = mode === 'firefox' ? 'firefox' : 'chrome';
  return {
    plugins: [preact(), crx({ manifest: manifestFor(browser), browser })],
    build: {
      outDir: `dist/${browser}`,
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
