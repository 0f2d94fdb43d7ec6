// Matchers for Vitest's and Playwright Test's `expect.extend`: both call a matcher with `this.isNot` and
// take `{ pass, message }`. Each asserts on a session snapshot (from scope.session() or scope.waitFor())
// and prints its timeline when it fails.
import type { EndReason, ExportSession } from '../../../src/core/contract';
import { formatTimeline } from './timeline';

export interface MatcherResult {
  pass: boolean;
  message: () => string;
}

interface MatcherContext {
  isNot?: boolean;
}

function isSession(value: unknown): value is ExportSession {
  const v = value as Partial<ExportSession> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.state === 'string' &&
    typeof v.cookie?.name === 'string' &&
    Array.isArray(v.events)
  );
}

function check(
  context: MatcherContext,
  name: string,
  received: unknown,
  expectation: string,
  test: (session: ExportSession) => boolean,
): MatcherResult {
  if (!isSession(received)) {
    return {
      pass: false,
      message: () =>
        `${name}: expected a session from scope.session() or scope.waitFor(), received ${JSON.stringify(received)?.slice(0, 200)}`,
    };
  }
  const pass = test(received);
  return {
    pass,
    message: () =>
      `expected the session ${context.isNot ? 'not ' : ''}${expectation}\n${formatTimeline(received)}`,
  };
}

export const sessionscopeMatchers = {
  /** The session is `active` (not `idle`, not `ended`). */
  toBeActive(this: MatcherContext, received: unknown): MatcherResult {
    return check(this, 'toBeActive', received, 'to be active', (s) => s.state === 'active');
  },

  /** The session has ended; with `reason`, for that reason (e.g. `idle-timeout`, `logout`, `browser-close`). */
  toHaveEnded(this: MatcherContext, received: unknown, reason?: EndReason): MatcherResult {
    return check(
      this,
      'toHaveEnded',
      received,
      reason ? `to have ended by ${reason}` : 'to have ended',
      (s) => s.state === 'ended' && (reason === undefined || s.endReason === reason),
    );
  },

  /** The session took over from an earlier one's rotated cookie (`replaces`), or was itself rotated away. */
  toHaveRotated(this: MatcherContext, received: unknown): MatcherResult {
    return check(
      this,
      'toHaveRotated',
      received,
      'to be part of a rotation (replacing an earlier session, or replaced by a later one)',
      (s) => s.replaces !== null || s.endReason === 'rotated',
    );
  },

  /** The session is still alive after a browser restart (`times`: exactly that many restarts). */
  toHaveSurvivedRestart(this: MatcherContext, received: unknown, times?: number): MatcherResult {
    return check(
      this,
      'toHaveSurvivedRestart',
      received,
      times === undefined
        ? 'to have survived a browser restart'
        : `to have survived ${times} browser restart(s)`,
      (s) =>
        s.state !== 'ended' && (times === undefined ? s.restartsSurvived >= 1 : s.restartsSurvived === times),
    );
  },
};

/** The matchers' signatures as `expect(session).…` takes them. */
export interface SessionscopeMatchers<R = unknown> {
  toBeActive(): R;
  toHaveEnded(reason?: EndReason): R;
  toHaveRotated(): R;
  toHaveSurvivedRestart(times?: number): R;
}
