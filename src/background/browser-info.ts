/** Which browser and version this is, for exports and status. */
import browser from 'webextension-polyfill';

export interface BrowserInfo {
  name: 'chrome' | 'firefox';
  version: string;
}

let cached: BrowserInfo | null = null;

export async function browserInfo(): Promise<BrowserInfo> {
  if (cached) return cached;
  const runtime = browser.runtime as unknown as { getBrowserInfo?: () => Promise<{ version: string }> };
  if (runtime.getBrowserInfo) {
    cached = { name: 'firefox', version: (await runtime.getBrowserInfo()).version };
  } else {
    const match = /(?:HeadlessChrome|Chrome|Chromium)\/([\d.]+)/.exec(navigator.userAgent);
    cached = { name: 'chrome', version: match?.[1] ?? 'unknown' };
  }
  return cached;
}
