/** The cookies present at startup against what the tracker knew: survivors, restores, what went missing. */
import { describe, expect, test } from 'vitest';
import { classify, Tracker } from './tracker';
import { rules, SESSIONID, SESSIONID_CYCLED, sessionCookie, set, T0 } from './tracker.fixtures';

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

describe('the evidence of a start', () => {
  const sessionOnly = sessionCookie(SESSIONID, s(1), { session: true, expiresAt: null });
  const RESTART = ['runtime.onStartup: the browser started with the extension installed'];
  const ENABLED = ['no runtime.onStartup or runtime.onInstalled within 5 s: the extension was enabled again'];

  test('a restart keeps the signals that showed it: in the restart list and on what it did to each session', () => {
    const gone = sessionCookie(SESSIONID_CYCLED, s(1), { session: true, expiresAt: null, name: 'other_sid' });
    const t = new Tracker(rules({ pinned: ['other_sid'] }));
    t.apply(set(sessionOnly, s(1)));
    t.apply(set(gone, s(2)));
    t.apply({
      kind: 'startup',
      at: s(100),
      reason: 'browser-restart',
      lastSeenAt: s(50),
      cookies: [sessionOnly],
      evidence: RESTART,
    });
    expect(t.restartLog()).toEqual([{ at: s(100), evidence: RESTART }]);
    const [kept, dropped] = t.report(s(101))[0]!.sessions;
    expect(kept?.events.at(-1)).toMatchObject({ type: 'restart-survived', evidence: { startup: RESTART } });
    expect(dropped).toMatchObject({ endReason: 'browser-close' });
    expect(dropped?.events.at(-1)).toMatchObject({ type: 'ended', evidence: { startup: RESTART } });
  });

  test('an extension turned off and on is no restart: nothing restored, nothing survived', () => {
    const t = new Tracker(rules());
    t.apply(set(sessionOnly, s(1)));
    t.apply({
      kind: 'startup',
      at: s(100),
      reason: 'extension-start',
      lastSeenAt: s(50),
      cookies: [sessionOnly],
      evidence: ENABLED,
    });
    expect(t.restartLog()).toEqual([]);
    const session = t.report(s(101))[0]!.sessions[0]!;
    expect(session).toMatchObject({ state: 'active', restartsSurvived: 0, restoredByBrowser: false });
    expect(session.events.map((e) => e.type)).not.toContain('restart-survived');
  });

  test('a session cookie seen first at a restart carries the signals, and says how it was set is unknown', () => {
    const sites = classify(
      [
        {
          kind: 'startup',
          at: s(100),
          reason: 'browser-restart',
          lastSeenAt: null,
          cookies: [sessionOnly],
          evidence: RESTART,
        },
      ],
      rules(),
      s(101),
    );
    const [started, seen] = sites[0]!.sessions[0]!.events;
    expect(started?.evidence).toEqual({
      startup: RESTART,
      unknown: expect.stringMatching(/how it was set was not seen/),
    });
    expect(seen).toMatchObject({ type: 'seen-at-startup', evidence: { startup: RESTART } });
  });

  test('a session that began while the start waited for the browser is left alone by it', () => {
    const t = new Tracker(rules());
    t.apply(set(sessionOnly, s(101)));
    const startup = {
      kind: 'startup',
      at: s(104),
      reason: 'browser-restart',
      lastSeenAt: s(50),
      since: s(100),
    } as const;
    t.apply({ ...startup, cookies: [sessionOnly], evidence: RESTART });
    expect(t.report(s(105))[0]!.sessions[0]).toMatchObject({ restartsSurvived: 0, restoredByBrowser: false });
  });
});
