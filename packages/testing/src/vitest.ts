// `sessionscope-testing/vitest`: the matchers, and their types on Vitest's `expect` once this module is
// imported. Register them with `expect.extend(sessionscopeMatchers)` (Vitest is the user's, not a dependency).
import type {} from 'vitest';
import type { SessionscopeMatchers } from './matchers';

export { sessionscopeMatchers } from './matchers';

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: the shape Vitest's own declaration has
  interface Matchers<T = any> extends SessionscopeMatchers<T> {}
}
