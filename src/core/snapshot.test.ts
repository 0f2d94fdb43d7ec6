/** A stored state: a JSON copy that rebuilds the same tracker, and survives damage. */
import { describe, expect, test } from 'vitest';
import type { Observation } from './observation';
import { classify, Tracker } from './tracker';
import {
  DELETE_SESSIONID,
  firstVisit,
  login,
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
