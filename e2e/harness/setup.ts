// Loaded in the worker before each e2e file: whatever a file started and did not stop is stopped after
// it, and a failed test leaves screenshots of its open pages in e2e/artifacts/ (taken when the failed
// test's own afterEach closes a session, or after all its hooks for sessions still open).
import { afterAll, afterEach, beforeEach, type TestContext } from 'vitest';
import { disposeAll } from './cleanup';
import { onBeforeSessionClose, screenshotLiveSessions } from './launch';

let current: TestContext | undefined;
const failed = () => current?.task.result?.state === 'fail';
const name = () => {
  const file = (current?.task.file?.name ?? 'e2e')
    .split('/')
    .pop()!
    .replace(/\.e2e\.ts$/, '');
  return `${file}-${current?.task.name ?? ''}`;
};

beforeEach((context) => {
  current = context;
});

onBeforeSessionClose(async (session) => {
  if (failed()) await screenshotLiveSessions(name(), [session]);
});

afterEach(async () => {
  if (failed()) {
    await screenshotLiveSessions(name()).catch((error: unknown) => {
      console.warn(`could not save screenshots: ${String(error)}`);
    });
  }
  current = undefined;
});

afterAll(async () => {
  await disposeAll();
});
