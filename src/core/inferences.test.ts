/**
 * One row per inference: the evidence a real server produces, and the conclusion (with its evidence)
 * the report must carry. Sequences follow the captured Django 3.2 configurations.
 */
import { describe, expect, test } from 'vitest';
import type { ExportInference } from './contract';
import type { Observation } from './observation';
import { classify } from './tracker';
import {
  CSRF_1,
  CSRF_2,
  cookie,
  firstVisit,
  login,
  navigation,
  ORIGIN,
  removed,
  request,
  response,
  rules,
  SESSIONID,
  SESSIONID_CYCLED,
  SITE,
  sessionCookie,
  sessionHeader,
  set,
  T0,
} from './tracker.fixtures';

const s = (sec: number) => T0 + sec * 1000;
const CSRF_3 = 'TSuLU3eq0ZUygilRulKz6oCV9ZX81xcxbLvkMS1EySUmL2PgPVTdo94ho9pvtrrz';

function inferences(observations: Observation[], now: number, site = SITE): ExportInference[] {
  return classify(observations, rules(), now).find((x) => x.site === site)?.inferences ?? [];
}
function find(list: ExportInference[], kind: string, value?: unknown): ExportInference | undefined {
  return list.find(
    (i) => i.kind === kind && (value === undefined || JSON.stringify(i.value) === JSON.stringify(value)),
  );
}

/** A navigation whose response re-sends the same session id with a fresh two-week expiry. */
function resend(at: number, path: string): Observation[] {
  return [
    navigation(at, path),
    response(at, path, [sessionHeader(SESSIONID)]),
    removed(sessionCookie(SESSIONID, at - 1000), at, 'overwrite'),
    set(sessionCookie(SESSIONID, at), at),
  ];
}
const quiet = (at: number, path: string): Observation[] => [navigation(at, path)];

describe('inferences', () => {
  test('ends-at-browser-close: true for a cookie without expiry (SESSION_EXPIRE_AT_BROWSER_CLOSE)', () => {
    const list = inferences(
      [set(sessionCookie(SESSIONID, s(1), { session: true, expiresAt: null }), s(1))],
      s(2),
    );
    expect(find(list, 'ends-at-browser-close')?.value).toBe(true);
    expect(find(list, 'ends-at-browser-close')?.evidence.join(' ')).toMatch(/no Expires or Max-Age/);
    expect(find(list, 'expiry')).toBeUndefined();
  });

  test('ends-at-browser-close: false for a persistent cookie', () => {
    expect(find(inferences(login(s(1)), s(2)), 'ends-at-browser-close')?.value).toBe(false);
  });

  test('expiry fixed: re-sends never move the expiry', () => {
    const fixed = sessionCookie(SESSIONID, s(1));
    const list = inferences([...login(s(1)), set(fixed, s(50)), set(fixed, s(90))], s(100));
    expect(find(list, 'expiry')?.value).toEqual({ mode: 'fixed', maxAgeSeconds: 1_209_600 });
  });

  test('expiry: re-sent with Max-Age within a second is sliding, not fixed (SESSION_SAVE_EVERY_REQUEST)', () => {
    const obs: Observation[] = [...login(s(1))];
    for (const ms of [200, 500, 800]) {
      const at = s(1) + ms;
      obs.push(navigation(at, '/read'), response(at, '/read', [sessionHeader(SESSIONID)]));
      obs.push(set(sessionCookie(SESSIONID, at), at));
    }
    const expiry = find(inferences(obs, s(2)), 'expiry');
    expect(expiry?.value).toEqual({ mode: 'sliding-every-response', maxAgeSeconds: 1_209_600 });
    expect(expiry?.evidence.join(' ')).toMatch(/3 re-sends of the same sessionid with Max-Age in Set-Cookie/);
    expect(expiry?.evidence.join(' ')).not.toMatch(/never moved/);
  });

  test('expiry unknown: re-sent within a second and no header seen, or not re-sent yet', () => {
    const c = (at: number) => sessionCookie(SESSIONID, at);
    const noHeaders = [set(c(s(1)), s(1)), set(c(s(1) + 300), s(1) + 300), set(c(s(1) + 600), s(1) + 600)];
    const expiry = find(inferences(noHeaders, s(2)), 'expiry');
    expect(expiry?.value).toEqual({ mode: 'unknown', maxAgeSeconds: 1_209_600 });
    expect(expiry?.evidence.join(' ')).toMatch(/too close together to tell/);
    const fresh = find(inferences(login(s(1)), s(2)), 'expiry');
    expect(fresh?.value).toEqual({ mode: 'unknown', maxAgeSeconds: 1_209_600 });
    expect(fresh?.evidence.join(' ')).toMatch(/not re-sent yet/);
  });

  test('expiry sliding-on-write: only writing views re-send (Django default)', () => {
    const obs = [
      ...login(s(1)),
      ...resend(s(10), '/touch'),
      ...quiet(s(20), '/read'),
      ...quiet(s(30), '/noop'),
      ...resend(s(40), '/touch'),
      ...quiet(s(50), '/read'),
    ];
    expect(find(inferences(obs, s(60)), 'expiry')?.value).toEqual({
      mode: 'sliding-on-write',
      maxAgeSeconds: 1_209_600,
    });
  });

  test('expiry sliding-every-response: /read and /noop re-send too (SESSION_SAVE_EVERY_REQUEST)', () => {
    const obs = [
      ...login(s(1)),
      ...resend(s(10), '/touch'),
      ...resend(s(20), '/read'),
      ...resend(s(30), '/noop'),
      ...resend(s(40), '/read'),
    ];
    const expiry = find(inferences(obs, s(60)), 'expiry');
    expect(expiry?.value).toEqual({ mode: 'sliding-every-response', maxAgeSeconds: 1_209_600 });
    expect(expiry?.evidence.join(' ')).toMatch(/4 re-sends/);
  });

  test('cookie-age: Max-Age=1209600 is Django’s two-week default', () => {
    const age = find(inferences(login(s(1)), s(2)), 'cookie-age');
    expect(age?.value).toBe(1_209_600);
    expect(age?.evidence).toContain('Django default: two weeks (SESSION_COOKIE_AGE)');
  });

  test('cookie-age: without headers, from the cookie’s own expiry', () => {
    const list = inferences(
      [set(sessionCookie(SESSIONID, s(1), { expiresAt: s(1) + 3600_000 }), s(1))],
      s(2),
    );
    expect(find(list, 'cookie-age')?.value).toBe(3600);
    expect(find(list, 'cookie-age')?.evidence.join(' ')).not.toMatch(/Django/);
  });

  test('rotates-at-login: csrftoken and sessionid change in the same response', () => {
    const obs = [
      ...firstVisit(s(0)),
      ...login(s(1)),
      // Login again as bob: both rotate (capture step 13).
      response(s(10), '/login?user=bob', [sessionHeader(SESSIONID_CYCLED)]),
      removed(cookie('csrftoken', CSRF_2, s(1)), s(10), 'overwrite'),
      set(cookie('csrftoken', CSRF_3, s(10)), s(10)),
      removed(sessionCookie(SESSIONID, s(1)), s(10), 'overwrite'),
      set(sessionCookie(SESSIONID_CYCLED, s(10)), s(10)),
    ];
    const list = inferences(obs, s(20));
    expect(find(list, 'rotates-at-login')?.value).toBe(true);
    expect(find(list, 'session-fixation-risk')).toBeUndefined();
  });

  test('session-fixation-risk: csrftoken rotates but the opaque session id stays', () => {
    const obs = [
      ...firstVisit(s(0)),
      ...login(s(1)),
      removed(cookie('csrftoken', CSRF_2, s(1)), s(10), 'overwrite'),
      set(cookie('csrftoken', CSRF_3, s(10)), s(10)),
    ];
    const list = inferences(obs, s(20));
    expect(find(list, 'session-fixation-risk')?.value).toBe(true);
    expect(find(list, 'rotates-at-login')?.value).toBe(false);
    // Not concluded while the session id may still change in the same response.
    expect(find(inferences(obs, s(10) + 100), 'session-fixation-risk')).toBeUndefined();
  });

  test('clear-site-data-honoured: true when removals follow the header', () => {
    const obs = [
      ...firstVisit(s(0), CSRF_1),
      ...login(s(1)),
      response(s(10), '/clear-site-data', [], '"cookies"', 'https://127.0.0.1:8000'),
      removed(sessionCookie(SESSIONID, s(1)), s(10) + 5, 'explicit'),
    ];
    const csd = find(inferences(obs, s(30)), 'clear-site-data-honoured');
    expect(csd?.value).toBe(true);
    expect(csd?.evidence[0]).toMatchObject({ header: 'cookies', cookiesRemoved: 1 });
  });

  test('clear-site-data-honoured: false when the cookies outlive the header (plain http)', () => {
    const obs = [...login(s(1)), response(s(10), '/clear-site-data', [], '"cookies"'), request(s(12))];
    expect(find(inferences(obs, s(11)), 'clear-site-data-honoured')).toBeUndefined();
    expect(find(inferences(obs, s(30)), 'clear-site-data-honoured')?.value).toBe(false);
  });

  test('survives-restart: a session cookie the browser restored', () => {
    const c = sessionCookie(SESSIONID, s(1), { session: true, expiresAt: null });
    const obs: Observation[] = [
      set(c, s(1)),
      { kind: 'startup', at: s(100), reason: 'browser-restart', lastSeenAt: s(50), cookies: [c] },
    ];
    const inf = find(inferences(obs, s(200)), 'survives-restart');
    expect(inf?.value).toBe(true);
    expect(inf?.evidence[0]).toMatchObject({ restoredByBrowser: true, restarts: 1 });
  });

  test('survives-restart: false when the session cookie died with the browser', () => {
    const c = sessionCookie(SESSIONID, s(1), { session: true, expiresAt: null });
    const obs: Observation[] = [
      set(c, s(1)),
      { kind: 'startup', at: s(100), reason: 'browser-restart', lastSeenAt: s(50), cookies: [] },
    ];
    expect(find(inferences(obs, s(200)), 'survives-restart')?.value).toBe(false);
  });

  test('lint no-httponly: a session id scripts can read', () => {
    const list = inferences([set(sessionCookie(SESSIONID, s(1), { httpOnly: false }), s(1))], s(2));
    expect(find(list, 'lint', 'no-httponly')).toBeDefined();
    expect(find(inferences(login(s(1)), s(2)), 'lint', 'no-httponly')).toBeUndefined();
  });

  test('lint no-secure-on-https: only once the site was seen over https', () => {
    const obs = [...login(s(1)), request(s(5), '/read', 1, 'https://127.0.0.1:8000')];
    expect(find(inferences(obs, s(6)), 'lint', 'no-secure-on-https')).toBeDefined();
    expect(find(inferences(login(s(1)), s(2)), 'lint', 'no-secure-on-https')).toBeUndefined();
    expect(ORIGIN.startsWith('http:')).toBe(true);
  });

  test('lint samesite-none', () => {
    const list = inferences(
      [set(sessionCookie(SESSIONID, s(1), { sameSite: 'no_restriction' }), s(1))],
      s(2),
    );
    expect(find(list, 'lint', 'samesite-none')).toBeDefined();
  });
});
