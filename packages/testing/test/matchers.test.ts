// The matchers and the timeline they print, on session snapshots shaped as the extension exports them.
import { describe, expect, it } from 'vitest';
import type { ExportSession } from '../../../src/core/contract';
import { CookieNotSeenError, WaitTimeoutError } from '../src/errors';
import { sessionscopeMatchers } from '../src/matchers';
import { sessionscopeFixtures } from '../src/playwright';
import type { ObservedSession } from '../src/timeline';

function session(overrides: Partial<ExportSession> = {}): ObservedSession {
  return {
    site: '127.0.0.1',
    id: 's1',
    cookie: {
      name: 'sessionid',
      domain: '127.0.0.1',
      path: '/',
      storeId: '0',
      partitionKey: null,
      session: true,
      expiresAt: null,
      httpOnly: true,
      secure: false,
      sameSite: 'lax',
      valueHash: 'abc',
    },
    framework: 'django',
    decoded: null,
    state: 'active',
    endReason: null,
    startedAt: '2026-12-05T05:00:00.000Z',
    lastActivityAt: '2026-12-05T05:00:01.000Z',
    endedAt: null,
    replaces: null,
    replacedBy: null,
    restartsSurvived: 0,
    restoredByBrowser: false,
    events: [
      { at: '2026-12-05T05:00:00.000Z', type: 'started' },
      { at: '2026-12-05T05:00:01.000Z', type: 'activity', url: 'http://127.0.0.1/read' },
    ],
    ...overrides,
  };
}

const ended = (endReason: ExportSession['endReason']) =>
  session({
    state: 'ended',
    endReason,
    endInferred: true,
    endedAt: '2026-12-05T05:00:04.000Z',
    events: [...session().events, { at: '2026-12-05T05:00:04.000Z', type: 'ended', reason: endReason }],
  });

const m = sessionscopeMatchers;
const ctx = { isNot: false };

describe('matchers', () => {
  it('toBeActive passes on an active session and prints the timeline when it fails', () => {
    expect(m.toBeActive.call(ctx, session()).pass).toBe(true);
    const result = m.toBeActive.call(ctx, ended('logout'));
    expect(result.pass).toBe(false);
    expect(result.message()).toContain('expected the session to be active');
    expect(result.message()).toContain('sessionid on 127.0.0.1 (id s1): ended (logout, inferred)');
    expect(result.message()).toMatch(/05:00:01\.000 activity \{"url":"http:\/\/127\.0\.0\.1\/read"\}/);
  });

  it('toHaveEnded checks the reason when one is given', () => {
    expect(m.toHaveEnded.call(ctx, ended('idle-timeout'), 'idle-timeout').pass).toBe(true);
    expect(m.toHaveEnded.call(ctx, ended('server-ended')).pass).toBe(true);
    const wrong = m.toHaveEnded.call(ctx, ended('server-ended'), 'idle-timeout');
    expect(wrong.pass).toBe(false);
    expect(wrong.message()).toContain('to have ended by idle-timeout');
    expect(wrong.message()).toContain('ended (server-ended, inferred)');
    expect(m.toHaveEnded.call(ctx, session(), 'logout').pass).toBe(false);
  });

  it('toHaveRotated holds for the replaced session and for its successor, not for a plain one', () => {
    expect(m.toHaveRotated.call(ctx, ended('rotated')).pass).toBe(true);
    expect(m.toHaveRotated.call(ctx, session({ replaces: 's0' })).pass).toBe(true);
    expect(m.toHaveRotated.call(ctx, session()).pass).toBe(false);
    expect(m.toHaveRotated.call(ctx, ended('logout')).pass).toBe(false);
  });

  it('toHaveSurvivedRestart needs a restart survived and the session alive', () => {
    expect(m.toHaveSurvivedRestart.call(ctx, session({ restartsSurvived: 1 })).pass).toBe(true);
    expect(m.toHaveSurvivedRestart.call(ctx, session({ restartsSurvived: 1 }), 1).pass).toBe(true);
    expect(m.toHaveSurvivedRestart.call(ctx, session({ restartsSurvived: 2 }), 1).pass).toBe(false);
    expect(m.toHaveSurvivedRestart.call(ctx, session()).pass).toBe(false);
    expect(m.toHaveSurvivedRestart.call(ctx, { ...ended('browser-close'), restartsSurvived: 1 }).pass).toBe(
      false,
    );
  });

  it('say "not" when negated, and refuse what is not a session', () => {
    expect(m.toBeActive.call({ isNot: true }, session()).message()).toContain('not to be active');
    const bad = m.toBeActive.call(ctx, { state: 'active' });
    expect(bad.pass).toBe(false);
    expect(bad.message()).toContain('expected a session from scope.session() or scope.waitFor()');
  });

  it('work through Vitest expect.extend', () => {
    expect.extend(sessionscopeMatchers);
    expect(ended('logout')).toHaveEnded('logout');
    expect(session()).not.toHaveEnded();
    expect(() => expect(session()).toHaveEnded('logout')).toThrow(/to have ended by logout[\s\S]*started/);
  });
});

describe('errors', () => {
  it('a cookie never seen lists the sessions that were', () => {
    const error = new CookieNotSeenError('sid', '127.0.0.1', [session()]);
    expect(error.message).toBe(
      'no session with the cookie "sid" was seen on 127.0.0.1; the sessions seen were:\n  sessionid on 127.0.0.1 (id s1): active',
    );
    expect(new CookieNotSeenError('sid', undefined, []).message).toContain('no session was seen at all');
  });

  it('a timeout prints the timeline so far', () => {
    const error = new WaitTimeoutError('a "sessionid" session with state ended', 15_000, [session()]);
    expect(error.message).toContain(
      'timed out after 15000 ms waiting for a "sessionid" session with state ended',
    );
    expect(error.message).toContain('05:00:00.000 started');
  });
});

describe('Playwright Test fixtures', () => {
  it('declare the browser as an option and name their dependencies in a destructuring Playwright can read', () => {
    const fixtures = sessionscopeFixtures();
    expect(fixtures.sessionscopeBrowser).toEqual(['chromium', { option: true }]);
    // Playwright parses the first parameter of a fixture function to find what it depends on.
    expect(fixtures.sessionscope.toString()).toMatch(/^async \(\{ sessionscopeBrowser \}, use\)/);
  });
});
