/** The export projection: values only when asked, secrets in decoded values, events on demand, ends by time. */
import { describe, expect, test } from 'vitest';
import type { Observation } from './observation';
import { Tracker } from './tracker';
import {
  cookie,
  login,
  only,
  removed,
  request,
  response,
  rules,
  SESSIONID,
  SIGNED_1,
  SITE,
  sessionCookie,
  sessionHeader,
  set,
  T0,
} from './tracker.fixtures';

const s = (sec: number) => T0 + sec * 1000;

describe('values', () => {
  test('values only when asked', () => {
    const t = new Tracker(rules());
    for (const o of login(s(1))) t.apply(o);
    expect(t.report(s(2), { includeValues: true })[0]?.sessions[0]?.cookie.value).toBe(SESSIONID);
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
