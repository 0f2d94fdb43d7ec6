/** Replaced at build time by vite.config.ts: which browser this bundle is for. */
declare const __BROWSER__: 'chrome' | 'firefox';
