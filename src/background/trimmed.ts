/** How many timeline events retention has dropped so far: shown in status so the user knows. */
import browser from 'webextension-polyfill';

const KEY = 'trimmedEvents';

export async function trimmedEvents(): Promise<number> {
  const stored = await browser.storage.local.get(KEY);
  return typeof stored[KEY] === 'number' ? (stored[KEY] as number) : 0;
}

export async function addTrimmed(dropped: number): Promise<void> {
  if (dropped <= 0) return;
  await browser.storage.local.set({ [KEY]: (await trimmedEvents()) + dropped });
}
