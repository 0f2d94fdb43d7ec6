/** Activity: idle gaps, what counts as activity, and the marks of tabs and of the user's presence. */
import { describe, expect, test } from 'vitest';
import type { Observation } from './observation';
import { Tracker } from './tracker';
import { login, navigation, only, request, rules, SITE, T0 } from './tracker.fixtures';

const s = (sec: number) => T0 + sec * 1000;
const isoAt = (ms: number) => new Date(ms).toISOString();

describe('idle and active', () => {
  const ruleSet = rules({ idleAfterSeconds: 60 });

  test('idle after idleAfterSeconds without activity; active again on a request', () => {
    const obs = [...login(s(0)), request(s(30))];
    expect(only(obs, s(89), ruleSet).state).toBe('active');
    const idle = only(obs, s(90), ruleSet);
    expect(idle.state).toBe('idle');
    expect(idle.events.at(-1)).toMatchObject({ type: 'idle', at: isoAt(s(90)) });
    const back = only([...obs, request(s(200))], s(201), ruleSet);
    expect(back.state).toBe('active');
    expect(back.events.map((e) => e.type)).toEqual(['started', 'idle', 'active']);
    expect(back.events[1]?.at).toBe(isoAt(s(90)));
    expect(back.lastActivityAt).toBe(isoAt(s(200)));
  });

  test('activity is coalesced: a thousand requests are not a thousand events', () => {
    const obs = [...login(s(0))];
    for (let i = 1; i <= 1000; i++) obs.push(request(s(i * 0.05)));
    const session = only(obs, s(51), ruleSet);
    expect(session.events.length).toBeLessThan(5);
  });

  test('with activity = navigation, sub-requests do not keep a session active', () => {
    const nav = rules({ idleAfterSeconds: 60, activity: 'navigation' });
    expect(only([...login(s(0)), request(s(50))], s(100), nav).state).toBe('idle');
    expect(only([...login(s(0)), navigation(s(50))], s(100), nav).state).toBe('active');
  });

  test('per-site rules override the defaults', () => {
    const perSite = rules({ idleAfterSeconds: 600 }, { [SITE]: { idleAfterSeconds: 10 } });
    expect(only(login(s(0)), s(11), perSite).state).toBe('idle');
  });

  test('a worker that slept 10 minutes computes the right state on waking', () => {
    const slept = rules({ idleAfterSeconds: 60, idleTimeoutSeconds: 300 });
    const t = new Tracker(slept);
    for (const o of [...login(s(0)), request(s(20))]) t.apply(o);
    expect(t.siteState(SITE, s(21))).toBe('active');
    // No observation for ten minutes: the report alone must know it idled at 80 s and ended at 320 s.
    const session = t.report(s(620))[0]!.sessions[0]!;
    expect(session.state).toBe('ended');
    expect(session.endReason).toBe('idle-timeout');
    expect(session.endedAt).toBe(isoAt(s(320)));
    expect(session.events.slice(-2)).toMatchObject([
      { type: 'idle', at: isoAt(s(80)) },
      { type: 'ended', reason: 'idle-timeout', at: isoAt(s(320)) },
    ]);
    expect(t.siteState(SITE, s(620))).toBe('ended');
    // The next request finds it ended at its own moment, not revived.
    t.apply(request(s(621)));
    const after = t.report(s(622))[0]!.sessions[0]!;
    expect(after.endedAt).toBe(isoAt(s(320)));
    expect(after.lastActivityAt).toBe(isoAt(s(20)));
  });
});

describe('timeline', () => {
  test('user idleness and tabs are recorded on live sessions without changing their state', () => {
    const obs: Observation[] = [
      ...login(s(0)),
      { kind: 'tab', at: s(1), url: 'http://127.0.0.1:8000/', change: 'opened' },
      { kind: 'user-idle', at: s(2), state: 'idle' },
      { kind: 'user-idle', at: s(3), state: 'idle' },
      { kind: 'user-idle', at: s(4), state: 'active' },
      { kind: 'tab', at: s(5), url: 'http://127.0.0.1:8000/', change: 'closed' },
    ];
    const session = only(obs, s(6));
    expect(session.state).toBe('active');
    expect(session.events.map((e) => e.type)).toEqual([
      'started',
      'tab-opened',
      'user-idle',
      'user-active',
      'tab-closed',
    ]);
  });
});
