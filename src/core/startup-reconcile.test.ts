/** The cookies present at startup against what the tracker knew: survivors, restores, what went missing. */
import { describe, expect, test } from 'vitest';
import { classify, Tracker } from './tracker';
import { rules, SESSIONID, sessionCookie, set, T0 } from './tracker.fixtures';

const s = (sec: number) => T0 + sec * 1000;
const isoAt = (ms: number) => new Date(ms).toISOString();

describe('restarts', () => {
  const sessionOnly = sessionCookie(SESSIONID, s(1), { session: true, expiresAt: null });

  test('a session cookie present after a restart survived and was restored by the browser', () => {
    const t = new Tracker(rules());
    t.apply(set(sessionOnly, s(1)));
    t.apply({
      kind: 'startup',
      at: s(100),
      reason: 'browser-restart',
      lastSeenAt: s(50),
      cookies: [sessionOnly],
    });
    const session = t.report(s(101))[0]!.sessions[0]!;
    expect(session).toMatchObject({ state: 'active', restartsSurvived: 1, restoredByBrowser: true });
    expect(session.events.at(-1)).toMatchObject({ type: 'restart-survived', restored: true });
    expect(session.endsBy).toEqual({ kind: 'browser-close', restoredOnce: isoAt(s(100)) });
    expect(t.restarts()).toEqual([s(100)]);
  });

  test('a persistent cookie survives without being "restored"', () => {
    const c = sessionCookie(SESSIONID, s(1));
    const t = new Tracker(rules());
    t.apply(set(c, s(1)));
    t.apply({ kind: 'startup', at: s(100), reason: 'browser-restart', lastSeenAt: s(50), cookies: [c] });
    expect(t.report(s(101))[0]!.sessions[0]).toMatchObject({ restartsSurvived: 1, restoredByBrowser: false });
  });

  test('session cookies present at startup that we did not know start sessions', () => {
    const sites = classify(
      [{ kind: 'startup', at: s(100), reason: 'browser-restart', lastSeenAt: null, cookies: [sessionOnly] }],
      rules(),
      s(101),
    );
    const session = sites[0]?.sessions[0];
    expect(session?.events.map((e) => e.type)).toEqual(['started', 'seen-at-startup']);
    // A session cookie present as the new browser starts outlived the old one: the browser restored it.
    expect(session).toMatchObject({ state: 'active', restartsSurvived: 1, restoredByBrowser: true });
  });

  test('an extension start reconciles without counting a restart', () => {
    const t = new Tracker(rules());
    t.apply(set(sessionOnly, s(1)));
    t.apply({
      kind: 'startup',
      at: s(100),
      reason: 'extension-start',
      lastSeenAt: s(50),
      cookies: [sessionOnly],
    });
    expect(t.restarts()).toEqual([]);
    expect(t.report(s(101))[0]!.sessions[0]).toMatchObject({ state: 'active', restartsSurvived: 0 });
  });
});
