/** Activity: idle gaps, what counts as activity, and the marks of tabs and of the user's presence. */
import { describe, expect, test } from 'vitest';
import type { Observation } from './observation';
import { Tracker } from './tracker';
import {
  login,
  navigation,
  only,
  request,
  rules,
  SESSIONID,
  SITE,
  sessionCookie,
  set,
  T0,
} from './tracker.fixtures';

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

describe('activity counts only where the browser sends the cookie', () => {
  const APP = 'http://app.example.test:8000';
  const idleRule = rules({ idleAfterSeconds: 30, idleTimeoutSeconds: 60 });
  const appSession = (storeId = '0') =>
    set(sessionCookie(SESSIONID, s(0), { domain: 'app.example.test', storeId }), s(0));
  const requestTo = (at: number, url: string, scope: Partial<Observation> = {}): Observation =>
    ({
      kind: 'activity',
      at,
      url,
      source: 'request',
      count: 1,
      storeId: '0',
      initiator: APP,
      type: 'other',
      method: 'GET',
      topLevel: `${APP}/`,
      ...scope,
    }) as Observation;

  test('requests to a sibling host do not keep a host-only session alive: the idle rule fires', () => {
    const obs = [appSession()];
    for (let i = 1; i <= 10; i++) obs.push(requestTo(s(i * 20), 'http://static.example.test:8000/app.css'));
    const session = only(obs, s(201), idleRule);
    expect(session.state).toBe('ended');
    expect(session.endReason).toBe('idle-timeout');
    expect(session.endedAt).toBe(isoAt(s(60)));
    // The same requests to its own host keep it alive.
    const own = [appSession()];
    for (let i = 1; i <= 10; i++) own.push(requestTo(s(i * 20), `${APP}/read`));
    expect(only(own, s(201), idleRule).state).toBe('active');
  });

  test('page loads in a container do not keep the default store’s session alive', () => {
    const nav = (at: number, storeId: string) =>
      ({
        kind: 'activity',
        at,
        url: `${APP}/`,
        source: 'navigation',
        count: 1,
        storeId,
        type: 'main_frame',
      }) as Observation;
    const inContainer = [appSession('firefox-default')];
    for (let i = 1; i <= 10; i++) inContainer.push(nav(s(i * 20), 'firefox-container-1'));
    const ended = only(inContainer, s(201), idleRule);
    expect(ended.endReason).toBe('idle-timeout');
    expect(ended.endedAt).toBe(isoAt(s(60)));
    const inItsStore = [appSession('firefox-default')];
    for (let i = 1; i <= 10; i++) inItsStore.push(nav(s(i * 20), 'firefox-default'));
    expect(only(inItsStore, s(201), idleRule).state).toBe('active');
  });

  test('a request outside the cookie’s path does not count', () => {
    const obs = [set(sessionCookie(SESSIONID, s(0), { domain: 'app.example.test', path: '/admin' }), s(0))];
    for (let i = 1; i <= 10; i++) obs.push(requestTo(s(i * 20), `${APP}/shop`));
    expect(only(obs, s(201), idleRule).endReason).toBe('idle-timeout');
  });

  test('coalesced requests count when any of their paths gets the cookie', () => {
    const admin = set(sessionCookie(SESSIONID, s(0), { domain: 'app.example.test', path: '/admin' }), s(0));
    const burst = (paths: string[]) => requestTo(s(50), `${APP}/shop/x`, { count: 5, paths });
    const kept = only([admin, burst(['/shop/x', '/admin/users/…'])], s(70), idleRule);
    expect(kept.state).toBe('active');
    expect(kept.lastActivityAt).toBe(isoAt(s(50)));
    expect(only([admin, burst(['/shop/x', '/media/…'])], s(70), idleRule).endReason).toBe('idle-timeout');
  });

  test('what the request did not say is counted as before, and the active event says so', () => {
    const older = (at: number): Observation => ({
      kind: 'activity',
      at,
      url: 'http://static.example.test:8000/x.js?v=1',
      source: 'request',
      count: 3,
    });
    const session = only([appSession(), older(s(40))], s(41), idleRule);
    expect(session.state).toBe('active');
    expect(session.events.at(-1)).toMatchObject({
      type: 'active',
      evidence: {
        request: { url: 'http://static.example.test:8000/x.js', method: null, at: isoAt(s(40)) },
        unknown: expect.stringMatching(/older record/),
      },
    });
    const noInitiator = requestTo(s(40), `${APP}/read`, { initiator: undefined });
    const strict = set(
      sessionCookie(SESSIONID, s(0), { domain: 'app.example.test', sameSite: 'strict' }),
      s(0),
    );
    const woke = only([strict, noInitiator], s(41), idleRule);
    expect(woke.state).toBe('active');
    expect(woke.events.at(-1)?.evidence).toMatchObject({
      unknown: expect.stringMatching(/SameSite=Strict: the request does not say whether it is cross-site/),
    });
  });
});
