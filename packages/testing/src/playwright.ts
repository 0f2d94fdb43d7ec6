// Playwright Test: fixtures for `test.extend` (each test gets its own browser with Sessionscope) and the
// matchers for `expect.extend`. Nothing here imports @playwright/test: the user's own copy is used.
import { type BrowserName, type Launched, type LaunchOptions, launch } from './scope';

export { sessionscopeMatchers } from './matchers';

export interface SessionscopeFixtures {
  /** Which browser the `sessionscope` fixture starts (a Playwright option: `test.use({ sessionscopeBrowser })`). */
  sessionscopeBrowser: BrowserName;
  /** A browser with Sessionscope for this test: `{ page, scope }`; closed after the test. */
  sessionscope: Launched;
}

type Use<T> = (value: T) => Promise<void>;

/**
 * `const test = base.extend<SessionscopeFixtures>(sessionscopeFixtures())`; then
 * `test('…', async ({ sessionscope: { page, scope } }) => { … })`.
 */
export function sessionscopeFixtures(options: Omit<LaunchOptions, 'browser'> = {}) {
  return {
    sessionscopeBrowser: ['chromium' as BrowserName, { option: true }] as [BrowserName, { option: true }],
    // Playwright reads the fixtures a fixture needs from its first parameter's destructuring.
    sessionscope: async (
      { sessionscopeBrowser }: { sessionscopeBrowser: BrowserName },
      use: Use<Launched>,
    ): Promise<void> => {
      const launched = await launch({ ...options, browser: sessionscopeBrowser });
      try {
        await use(launched);
      } finally {
        await launched.scope.close();
      }
    },
  };
}
