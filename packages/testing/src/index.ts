// sessionscope-testing: Sessionscope inside a project's own Playwright or Puppeteer suite.
export type {
  EndReason,
  ExportDocument,
  ExportEvent,
  ExportSession,
  SessionState,
} from '../../../src/core/contract';
export type { Rules } from '../../../src/core/rules';
export {
  BrowserNotFoundError,
  CookieNotSeenError,
  ExtensionNotFoundError,
  ExtensionRequestError,
  SessionscopeError,
  StalePageError,
  WaitTimeoutError,
} from './errors';
export { type MatcherResult, type SessionscopeMatchers, sessionscopeMatchers } from './matchers';
export {
  type BrowserName,
  type BrowserPage,
  bundledExtensionPath,
  type Launched,
  type LaunchOptions,
  launch,
  type RulesUpdate,
  type Scope,
  type WaitForOptions,
} from './scope';
export { describeSession, formatTimeline, type ObservedSession } from './timeline';
