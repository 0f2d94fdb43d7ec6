/**
 * An end decided by one of your rules is a prediction of what the server does, not an observation: it is
 * `ended` with `endInferred` and `endPredicted`, the rule as its evidence, and the same cookie value
 * written again afterwards resumes the same session, its timeline showing both.
 */
import { describe, expect, test } from 'vitest';
import { endMayBeRevised } from './end-reasons';
import type { Observation } from './observation';
import { Tracker } from './tracker';
import {
  login,
  request,
  response,
  rules,
  SESSIONID,
  SESSIONID_CYCLED,
  sessionCookie,
  sessionHeader,
  set,
  T0,
} from './tracker.fixtures';

const s = (sec: number) => T0 + sec * 1000;
const iso = (ms: number) => new Date(ms).toISOString();
const idleRules = rules({ idleAfterSeconds: 60, idleTimeoutSeconds: 600 });

function run(obs: Observation[], ruleSet = idleRules): Tracker {
  const t = new Tracker(ruleSet);
  for (const o of obs) t.apply(o);
  return t;
}

describe("a rule's end is a prediction", () => {
  test('idle-timeout by your rule: ended, inferred and predicted, with the rule as its evidence', () => {
    for (const folded of [false, true]) {
      // Whether or not an observation made the fold reach the deadline, the end reads the same.
      const obs = [
        ...login(s(0)),
        request(s(10)),
        ...(folded ? [request(s(700), '/x', 1, 'https://other.test')] : []),
      ];
      const session = run(obs)
        .report(s(700))[0]!
        .sessions.find((x) => x.cookie.name === 'sessionid')!;
      expect(session).toMatchObject({
        state: 'ended',
        endReason: 'idle-timeout',
        endedAt: iso(s(610)),
        endInferred: true,
        endPredicted: true,
      });
      expect(session.events.find((e) => e.type === 'ended')).toMatchObject({
        evidence: { rule: { name: 'idle-timeout', seconds: 600, from: 'rules' } },
      });
      expect(session.endsBy).toMatchObject({ kind: 'ended', reason: 'idle-timeout', inferred: true });
    }
  });

  test('the same value written again resumes the same session; its timeline keeps the prediction', () => {
    const t = run([
      ...login(s(0)),
      request(s(10)),
      request(s(900)),
      response(s(900), '/read', [sessionHeader(SESSIONID)]),
      set(sessionCookie(SESSIONID, s(900)), s(900)),
    ]);
    const sessions = t.report(s(901))[0]!.sessions;
    expect(sessions).toHaveLength(1);
    const session = sessions[0]!;
    expect(session).toMatchObject({ state: 'active', endReason: null, endedAt: null, endPredicted: false });
    const types = session.events.map((e) => e.type);
    expect(types.slice(types.indexOf('ended'))).toEqual(['ended', 'resumed', 'updated']);
    const resumed = session.events.find((e) => e.type === 'resumed');
    expect(resumed).toMatchObject({
      at: iso(s(900)),
      predicted: 'idle-timeout',
      predictedAt: iso(s(610)),
      evidence: {
        request: { url: 'http://127.0.0.1:8000/read' },
        cookieChange: { removed: false, cause: 'set' },
      },
    });
    // The rule runs again from the resumption.
    expect(session.idleTimeoutAt).toBe(iso(s(1500)));
  });

  test('max-lifetime by your rule resumes the same way', () => {
    const t = run(
      [...login(s(0)), request(s(10)), set(sessionCookie(SESSIONID, s(200)), s(200))],
      rules({ maxLifetimeSeconds: 120 }),
    );
    const session = t.report(s(201))[0]!.sessions[0]!;
    expect(session.events.map((e) => e.type)).toContain('resumed');
    expect(t.report(s(201))[0]!.sessions).toHaveLength(1);
  });

  test('another value after a predicted end is a new session, and the prediction stands', () => {
    const t = run([...login(s(0)), request(s(10)), set(sessionCookie(SESSIONID_CYCLED, s(900)), s(900))]);
    const [old, next] = t.report(s(901))[0]!.sessions;
    expect(old).toMatchObject({ state: 'ended', endReason: 'idle-timeout', endPredicted: true });
    expect(next).toMatchObject({ state: 'active', replaces: null });
  });

  test('a request alone does not resume it: only the server writing the cookie again shows it holds it', () => {
    const t = run([...login(s(0)), request(s(10)), request(s(900))]);
    expect(t.report(s(901))[0]!.sessions[0]).toMatchObject({ state: 'ended', endReason: 'idle-timeout' });
  });

  test('notifications announce a prediction as one at once: it is not an end that may still be revised', () => {
    const session = run([...login(s(0)), request(s(10))]).report(s(611))[0]!.sessions[0]!;
    expect(session.endPredicted).toBe(true);
    expect(endMayBeRevised(session, s(611))).toBe(false);
  });

  test('an expiry is the browser removing the cookie: not a prediction', () => {
    const c = sessionCookie(SESSIONID, s(0), { expiresAt: s(30) });
    const session = run([set(c, s(0))], rules()).report(s(31))[0]!.sessions[0]!;
    expect(session).toMatchObject({ endReason: 'expired', endInferred: false, endPredicted: false });
    expect(session.events.find((e) => e.type === 'ended')?.evidence).toMatchObject({
      rule: { name: 'expiry', from: 'cookie' },
    });
  });
});
