/** The fold's entry points: recognizing a session, the badge's state, where a session's cookie lives. */
import { describe, expect, test } from 'vitest';
import type { Observation } from './observation';
import { MAX_EVENTS_PER_SESSION } from './session';
import { classify, Tracker } from './tracker';
import {
  DELETE_SESSIONID,
  firstVisit,
  login,
  only,
  removed,
  response,
  rules,
  SESSIONID,
  SITE,
  sessionCookie,
  T0,
} from './tracker.fixtures';

const s = (sec: number) => T0 + sec * 1000;
const isoAt = (ms: number) => new Date(ms).toISOString();

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

  test('csrftoken alone is no session, and sites without sessions are not reported', () => {
    expect(classify(firstVisit(s(0)), rules(), s(1))).toEqual([]);
  });

  test('the session id is deterministic and stable under replay', () => {
    const a = only(login(s(1)), s(2)).id;
    expect(only(login(s(1)), s(500)).id).toBe(a);
    expect(only(login(s(2)), s(500)).id).not.toBe(a);
  });
});

describe('timeline', () => {
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
});
