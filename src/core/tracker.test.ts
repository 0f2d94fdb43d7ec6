import { describe, expect, test } from 'vitest';
import type { ExportSession } from './contract';
import type { Observation } from './observation';
import { MAX_EVENTS_PER_SESSION } from './session';
import { classify, Tracker } from './tracker';
import {
  cookie,
  DELETE_SESSIONID,
  firstVisit,
  jwt,
  login,
  navigation,
  removed,
  request,
  response,
  rules,
  SESSIONID,
  SIGNED_1,
  SIGNED_2,
  SITE,
  sessionCookie,
  sessionHeader,
  set,
  T0,
} from './tracker.fixtures';

const s = (sec: number) => T0 + sec * 1000;
const isoAt = (ms: number) => new Date(ms).toISOString();

function only(observations: Observation[], now: number, ruleSet = rules()): ExportSession {
  const sites = classify(observations, ruleSet, now);
  expect(sites).toHaveLength(1);
  expect(sites[0]?.sessions).toHaveLength(1);
  return sites[0]!.sessions[0]!;
}

describe('basic path', () => {
  test('a sessionid cookie-set starts an active, recognized session', () => {
    const session = only(login(s(1)), s(2));
    expect(session).toMatchObject({
      state: 'active',
      framework: 'django',
      endReason: null,
      startedAt: isoAt(s(1)),
      restartsSurvived: 0,
      restoredByBrowser: false,
      storeKind: 'default',
      endInferred: false,
    });
    expect(session.cookie.name).toBe('sessionid');
    expect(session.cookie.valueHash).toMatch(/^[0-9a-f]{12}$/);
    expect(session.cookie.value).toBeUndefined();
    expect(session.recognition?.evidence.length).toBeGreaterThan(0);
    expect(session.idleAt).toBe(isoAt(s(1) + 300_000));
  });

  test('values only when asked', () => {
    const t = new Tracker(rules());
    for (const o of login(s(1))) t.apply(o);
    expect(t.report(s(2), { includeValues: true })[0]?.sessions[0]?.cookie.value).toBe(SESSIONID);
  });

  test('csrftoken alone is no session, and sites without sessions are not reported', () => {
    expect(classify(firstVisit(s(0)), rules(), s(1))).toEqual([]);
  });

  test('the session id is deterministic and stable under replay', () => {
    const a = only(login(s(1)), s(2)).id;
    expect(only(login(s(1)), s(500)).id).toBe(a);
    expect(only(login(s(2)), s(500)).id).not.toBe(a);
  });
});

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

describe('updates and rotation', () => {
  test('signed_cookies: a new value updates the session and its decoded data, never rotates', () => {
    const obs = [
      set(sessionCookie(SIGNED_1, s(1)), s(1)),
      response(s(10), '/touch', [sessionHeader(SIGNED_2)]),
      removed(sessionCookie(SIGNED_1, s(1)), s(10), 'overwrite'),
      set(sessionCookie(SIGNED_2, s(10)), s(10)),
    ];
    const session = only(obs, s(11));
    expect(session.state).toBe('active');
    expect(session.decoded).not.toBeNull();
    expect(session.events.map((e) => e.type)).toEqual(['started', 'updated']);
    expect(session.events[1]).toMatchObject({ what: 'value' });
    const first = only(obs.slice(0, 1), s(2));
    expect(session.cookie.valueHash).not.toBe(first.cookie.valueHash);
    expect(session.id).toBe(first.id);
  });

  test('JWT: the same subject updates, another subject rotates', () => {
    const name = 'access_token';
    const c = (v: string, at: number) => sessionCookie(v, at, { name });
    const same = [set(c(jwt('alice'), s(1)), s(1)), set(c(`${jwt('alice')}x`, s(5)), s(5))];
    expect(classify(same, rules(), s(6))[0]?.sessions).toHaveLength(1);
    const other = [set(c(jwt('alice'), s(1)), s(1)), set(c(jwt('bob'), s(5)), s(5))];
    const sessions = classify(other, rules(), s(6))[0]!.sessions;
    expect(sessions.map((x) => x.endReason)).toEqual(['rotated', null]);
    expect(sessions[1]?.decoded).toMatchObject({ claims: { sub: 'bob' } });
  });

  test('encrypted data re-issued on every response (Laravel) stays one session with one coalesced event', () => {
    const laravel = (i: number) =>
      sessionCookie(`eyJpdiI6Ij${i}IiwidmFsdWUiOiJ4IiwibWFjIjoieSJ9`, s(i), { name: 'laravel_session' });
    const obs = [set(laravel(0), s(0))];
    for (let i = 1; i <= 30; i++) obs.push(navigation(s(i)), set(laravel(i), s(i)));
    const sites = classify(obs, rules(), s(31));
    const session = sites[0]!.sessions;
    expect(session).toHaveLength(1);
    expect(session[0]?.framework).toBe('laravel');
    expect(session[0]?.events.filter((e) => e.type === 'updated')).toMatchObject([
      { what: 'value', count: 30 },
    ]);
    expect(sites[0]?.inferences.find((i) => i.kind === 'expiry')?.value).toMatchObject({
      mode: 'sliding-every-response',
    });
  });

  test('re-sends are coalesced into one updated event with a count', () => {
    const obs = [...login(s(0))];
    for (let i = 1; i <= 50; i++) obs.push(set(sessionCookie(SESSIONID, s(i)), s(i)));
    const session = only(obs, s(51));
    const updates = session.events.filter((e) => e.type === 'updated');
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ what: 'resent', count: 50 });
    expect(session.cookie.expiresAt).toBe(isoAt(s(50) + 1_209_600_000));
  });
});

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

  test('events stay bounded per session', () => {
    const obs: Observation[] = [...login(s(0))];
    for (let i = 0; i < 1000; i++)
      obs.push({
        kind: 'tab',
        at: s(1 + i),
        url: 'http://127.0.0.1:8000/',
        change: i % 2 ? 'closed' : 'opened',
      });
    const session = only(obs, s(2000));
    // Stored events are capped; the report may add the derived idle/ended moments.
    expect(session.events.length).toBeLessThanOrEqual(MAX_EVENTS_PER_SESSION + 2);
    expect(session.events[0]?.type).toBe('started');
  });
});

describe('summary (endsBy)', () => {
  test('Django default: the expiry slides on writes, two weeks', () => {
    const obs = [
      ...login(s(0)),
      set(sessionCookie(SESSIONID, s(10)), s(10)),
      navigation(s(20)),
      navigation(s(30)),
    ];
    expect(only(obs, s(31)).endsBy).toEqual({
      kind: 'expires-after-write',
      seconds: 1_209_600,
      at: isoAt(s(10) + 1_209_600_000),
      frameworkDefault: 'django',
    });
  });

  test('SESSION_SAVE_EVERY_REQUEST: the expiry runs from the last response', () => {
    const obs: Observation[] = [...login(s(0))];
    for (let i = 1; i <= 4; i++)
      obs.push(navigation(s(i * 10)), set(sessionCookie(SESSIONID, s(i * 10)), s(i * 10)));
    expect(only(obs, s(41)).endsBy).toMatchObject({ kind: 'expires-after-inactivity', seconds: 1_209_600 });
  });

  test('max-lifetime when it comes before the cookie’s expiry', () => {
    expect(only(login(s(0)), s(1), rules({ maxLifetimeSeconds: 3600 })).endsBy).toEqual({
      kind: 'max-lifetime',
      seconds: 3600,
      at: isoAt(s(3600)),
    });
  });

  test('a fixed expiry, and a rule that comes first', () => {
    expect(only(login(s(0)), s(1)).endsBy).toEqual({ kind: 'expires-at', at: isoAt(s(0) + 1_209_600_000) });
    expect(only(login(s(0)), s(1), rules({ idleTimeoutSeconds: 900 })).endsBy).toEqual({
      kind: 'idle-timeout',
      seconds: 900,
      at: isoAt(s(900)),
    });
  });
});

describe('queries and retention', () => {
  test('siteState: the live session, else ended, else null', () => {
    const t = new Tracker(rules());
    expect(t.siteState(SITE, s(0))).toBeNull();
    for (const o of login(s(1))) t.apply(o);
    expect(t.siteState(SITE, s(2))).toBe('active');
    expect(t.siteState(SITE, s(400))).toBe('idle');
    t.apply(response(s(500), '/logout', [DELETE_SESSIONID]));
    t.apply(removed(sessionCookie(SESSIONID, s(1)), s(500), 'expired_overwrite'));
    expect(t.siteState(SITE, s(501))).toBe('ended');
  });

  test('findSession tells where the cookie lives', () => {
    const t = new Tracker(rules());
    for (const o of login(s(1))) t.apply(o);
    const id = t.report(s(2))[0]!.sessions[0]!.id;
    expect(t.findSession(id)).toMatchObject({
      site: SITE,
      storeId: '0',
      domain: SITE,
      path: '/',
      name: 'sessionid',
    });
    expect(t.findSession('nope')).toBeNull();
  });

  test('forget drops a site', () => {
    const t = new Tracker(rules());
    for (const o of login(s(1))) t.apply(o);
    expect(t.forget(SITE)).toBe(1);
    expect(t.report(s(2))).toEqual([]);
    expect(t.forget(SITE)).toBe(0);
  });

  test('prune drops the oldest events beyond the count, and old ended sessions', () => {
    const t = new Tracker(rules());
    for (const o of login(s(0))) t.apply(o);
    for (let i = 0; i < 40; i++)
      t.apply({
        kind: 'tab',
        at: s(1 + i),
        url: 'http://127.0.0.1:8000/',
        change: i % 2 ? 'closed' : 'opened',
      });
    expect(t.prune({ maxEventsPerSite: 10, maxAgeDays: 30 }, s(100))).toBe(31);
    const events = t.report(s(100))[0]!.sessions[0]!.events;
    expect(events).toHaveLength(10);
    expect(events.at(-1)?.at).toBe(isoAt(s(40)));
    t.apply(removed(sessionCookie(SESSIONID, s(0)), s(200), 'expired_overwrite'));
    expect(t.prune({ maxEventsPerSite: 100, maxAgeDays: 1 }, s(200) + 86_400_000 / 2)).toBe(0);
    expect(t.prune({ maxEventsPerSite: 100, maxAgeDays: 1 }, s(200) + 2 * 86_400_000)).toBe(11);
    expect(t.report(s(200) + 2 * 86_400_000)).toEqual([]);
  });
});

describe('snapshots', () => {
  const obs: Observation[] = [
    ...firstVisit(s(0)),
    ...login(s(1)),
    request(s(5)),
    response(s(10), '/cycle', [sessionHeader('7vdd6mbo5ynwt9jjxzme2qibrcyuzlba')]),
    removed(sessionCookie(SESSIONID, s(1)), s(10), 'overwrite'),
    set(sessionCookie('7vdd6mbo5ynwt9jjxzme2qibrcyuzlba', s(10)), s(10)),
    removed(sessionCookie('7vdd6mbo5ynwt9jjxzme2qibrcyuzlba', s(10)), s(20), 'explicit'),
    response(s(20) + 50, '/logout', [DELETE_SESSIONID]),
    set(sessionCookie(SIGNED_1, s(30)), s(30)),
    { kind: 'user-idle', at: s(40), state: 'locked' },
    request(s(700)),
    { kind: 'startup', at: s(800), reason: 'browser-restart', lastSeenAt: s(750), cookies: [] },
  ];

  test('state() round-trips through JSON and replaying the rest equals replaying everything', () => {
    const ruleSet = rules({ idleAfterSeconds: 60, idleTimeoutSeconds: 600 });
    const full = classify(obs, ruleSet, s(900));
    for (let cut = 0; cut <= obs.length; cut++) {
      const first = new Tracker(ruleSet);
      for (const o of obs.slice(0, cut)) first.apply(o);
      const restored = new Tracker(ruleSet, JSON.parse(JSON.stringify(first.state())));
      for (const o of obs.slice(cut)) restored.apply(o);
      expect(restored.report(s(900))).toEqual(full);
      expect(restored.restarts()).toEqual([s(800)]);
    }
  });

  test('a damaged snapshot loads what is well-formed and never throws', () => {
    const junk = {
      version: 1,
      at: 'x',
      sessions: [null, {}, { id: 3 }],
      sites: [1, null, { site: SITE }],
      restarts: ['a', 5],
    } as never;
    const t = new Tracker(rules(), junk);
    expect(t.report(s(1))).toEqual([]);
    expect(t.restarts()).toEqual([5]);
    for (const o of login(s(1))) t.apply(o);
    expect(t.report(s(2))[0]?.sessions).toHaveLength(1);
  });

  test('a snapshot is a copy: folding on does not change it', () => {
    const t = new Tracker(rules());
    for (const o of obs.slice(0, 5)) t.apply(o);
    const snap = t.state();
    const before = JSON.stringify(snap);
    for (const o of obs.slice(5)) t.apply(o);
    expect(JSON.stringify(snap)).toBe(before);
  });
});

describe('secrets in decoded values', () => {
  // Spring's SESSION is base64 of the session id: decoding it reveals the secret itself.
  const spring = cookie('SESSION', 'YWE4NTM3OTItNDIxNC00NzRjLTgwN2YtZjgwNWZiY2YxN2Nm', s(0), {
    httpOnly: true,
  });

  test('an opaque id decoded to itself is left out unless values are included', () => {
    const t = new Tracker(rules());
    t.apply(set(spring, s(0)));
    const masked = t.report(s(1))[0]!.sessions[0]!;
    expect(masked.framework).toBe('spring');
    expect(JSON.stringify(masked)).not.toContain('aa853792-4214-474c-807f-f805fbcf17cf');
    expect(masked.decoded).toBeNull();
    const revealed = t.report(s(1), { includeValues: true })[0]!.sessions[0]!;
    expect(revealed.decoded).toMatchObject({ id: 'aa853792-4214-474c-807f-f805fbcf17cf' });
  });

  test('signed client-side data stays readable without values (it is not replayable alone)', () => {
    const session = only([set(sessionCookie(SIGNED_1, s(0)), s(0))], s(1));
    expect(session.decoded).not.toBeNull();
    expect(session.cookie.value).toBeUndefined();
  });
});

describe('reports without events', () => {
  test('events: false empties every session’s events and leaves the rest of the report as it was', () => {
    const ruleSet = rules({ idleAfterSeconds: 60, idleTimeoutSeconds: 600 });
    const t = new Tracker(ruleSet);
    const obs: Observation[] = [
      ...login(s(0)),
      request(s(5)),
      response(s(10), '/cycle', [sessionHeader('7vdd6mbo5ynwt9jjxzme2qibrcyuzlba')]),
      removed(sessionCookie(SESSIONID, s(0)), s(10), 'overwrite'),
      set(sessionCookie('7vdd6mbo5ynwt9jjxzme2qibrcyuzlba', s(10)), s(10)),
      set(
        cookie('SESSION', 'YWE4NTM3OTItNDIxNC00NzRjLTgwN2YtZjgwNWZiY2YxN2Nm', s(20), {
          domain: 'example.com',
        }),
        s(20),
      ),
    ];
    for (const o of obs) t.apply(o);
    // At 100 s the live session has idled without an observation: its derived idle event is left out too.
    for (const now of [s(30), s(100), s(2000)]) {
      const full = t.report(now);
      const lean = t.report(now, { events: false });
      expect(full.flatMap((site) => site.sessions).every((x) => x.events.length > 0)).toBe(true);
      expect(lean.flatMap((site) => site.sessions).every((x) => x.events.length === 0)).toBe(true);
      const withoutEvents = full.map((site) => ({
        ...site,
        sessions: site.sessions.map((x) => ({ ...x, events: [] })),
      }));
      expect(lean).toEqual(withoutEvents);
      expect(lean.length).toBe(2);
      expect(t.report(now, { events: true })).toEqual(full);
      expect(t.report(now, { events: false, site: SITE })).toEqual(
        withoutEvents.filter((x) => x.site === SITE),
      );
    }
  });
});

describe('a session ended by time', () => {
  // The report is a function of (observations, rules, now): an unrelated observation at the deadline,
  // which makes the fold end the session there, must not change how the ended session reads.
  test('reads the same whether or not the fold reached its end, with no countdown left', () => {
    const ruleSet = rules({ maxLifetimeSeconds: 60 });
    const now = s(61);
    const alone = only(login(s(1)), now, ruleSet);
    const other = cookie('_ga', 'GA1.1.1.1', s(61));
    const withUnrelated = only([...login(s(1)), set(other, s(61))], now, ruleSet);
    expect(withUnrelated).toEqual(alone);
    expect(alone).toMatchObject({
      state: 'ended',
      endReason: 'max-lifetime',
      idleAt: null,
      maxLifetimeAt: null,
    });
  });
});
