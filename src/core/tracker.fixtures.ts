/**
 * Observation builders for the classifier's tests, shaped like what Chrome reports for the Django
 * captures (cookie values and headers copied from the captured Django 3.2 responses).
 */
import { expect } from 'vitest';
import type { ExportSession } from './contract';
import type { CookieCause, CookieSnapshot, Millis, Observation } from './observation';
import type { RuleSet, Rules } from './rules';
import { DEFAULT_RULES } from './rules';
import { classify } from './tracker';

/** 2026-11-25T18:02:08Z, the capture's clock. */
export const T0: Millis = Date.UTC(2026, 10, 25, 18, 2, 8);
export const SITE = '127.0.0.1';
export const ORIGIN = 'http://127.0.0.1:8000';

export const SESSIONID = 'dfyy5zla1c6ejqvh1p9l9w1ddbu25k6r';
export const SESSIONID_CYCLED = '7vdd6mbo5ynwt9jjxzme2qibrcyuzlba';
export const CSRF_1 = '2JNuBa9iTWuUk1b3szmZtaCKFJ1Tf5h2b4ZMzu6JEOQipBZXvSz4kzGQ99BR0hHM';
export const CSRF_2 = 'nusxZXQLIqg5ST4uV3Nxug4fnoBC5PMeE7LtGWhFaEcVaD0GV6P27AlzH38r3PXT';
export const TWO_WEEKS = 1_209_600;
export const DELETE_SESSIONID =
  'sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax';

export function sessionHeader(value: string, maxAge = TWO_WEEKS): string {
  return `sessionid=${value}; expires=Wed, 09 Dec 2026 18:02:08 GMT; HttpOnly; Max-Age=${maxAge}; Path=/; SameSite=Lax`;
}

export function cookie(
  name: string,
  value: string,
  at: Millis,
  over: Partial<CookieSnapshot> = {},
): CookieSnapshot {
  const isSession = name === 'sessionid';
  return {
    storeId: '0',
    partitionKey: null,
    domain: SITE,
    path: '/',
    name,
    value,
    hostOnly: true,
    session: false,
    expiresAt: at + (isSession ? TWO_WEEKS : 31_449_600) * 1000,
    httpOnly: isSession,
    secure: false,
    sameSite: 'lax',
    ...over,
  };
}

export function sessionCookie(value: string, at: Millis, over: Partial<CookieSnapshot> = {}): CookieSnapshot {
  return cookie('sessionid', value, at, over);
}

export const set = (c: CookieSnapshot, at: Millis): Observation => ({ kind: 'cookie-set', at, cookie: c });
export const removed = (c: CookieSnapshot, at: Millis, cause: CookieCause): Observation => ({
  kind: 'cookie-removed',
  at,
  cookie: c,
  cause,
});
export const response = (
  at: Millis,
  path: string,
  setCookie: string[] = [],
  clearSiteData: string | null = null,
  origin = ORIGIN,
): Observation => ({
  kind: 'response',
  at,
  url: origin + path,
  storeId: '0',
  status: 200,
  setCookie,
  clearSiteData,
});
export const request = (at: Millis, path = '/read', count = 1, origin = ORIGIN): Observation => ({
  kind: 'activity',
  at,
  url: origin + path,
  source: 'request',
  count,
});
export const navigation = (at: Millis, path = '/', origin = ORIGIN): Observation => ({
  kind: 'activity',
  at,
  url: origin + path,
  source: 'navigation',
  count: 1,
});

/** Django login as Chrome reports it: the response, then csrftoken overwritten, then sessionid set. */
export function login(at: Millis, value = SESSIONID, csrfBefore = CSRF_1, csrfAfter = CSRF_2): Observation[] {
  return [
    response(at, '/login?user=alice', [
      `csrftoken=${csrfAfter}; expires=Wed, 24 Nov 2027 18:02:08 GMT; Max-Age=31449600; Path=/; SameSite=Lax`,
      sessionHeader(value),
    ]),
    removed(cookie('csrftoken', csrfBefore, at - 1000), at, 'overwrite'),
    set(cookie('csrftoken', csrfAfter, at), at),
    set(sessionCookie(value, at), at),
  ];
}

/** First visit: csrftoken new. */
export function firstVisit(at: Millis, csrf = CSRF_1): Observation[] {
  return [
    response(at, '/', [
      `csrftoken=${csrf}; expires=Wed, 24 Nov 2027 18:02:08 GMT; Max-Age=31449600; Path=/; SameSite=Lax`,
    ]),
    set(cookie('csrftoken', csrf, at), at),
  ];
}

export function rules(over: Partial<Rules> = {}, sites: RuleSet['sites'] = {}): RuleSet {
  return { defaults: { ...DEFAULT_RULES, ...over }, sites };
}

/** Two Django signed_cookies values for one session (captured: login, then /touch). */
export const SIGNED_1 =
  '.eJxVjDsOwjAQBe_iGln4g3eXkj5niNb2ggPIluKkQtwdIqWA9s3Me6mR16WMa5d5nLI6K6MOv1vk9JC6gXznems6tbrMU9Sbonfa9dCyPC-7-3dQuJdvTUBEELw4PLpgHSbOPifwhsFdDXDAU6aYUJiFgYmSRXTGRiC2Lqj3B8eCN2U:1xWHJv:On9exRiSguS24podi92edWU6-gx4mshdF_GPMA__oU8';
export const SIGNED_2 =
  '.eJxVjEEOwiAQRe_C2hCByjBduu8ZmmEYpWogaenKeHfbpAvd_vf-e6uR1pbHdZF5nJLqlVGn3y0SP6XsID2o3KvmWto8Rb0r-qCLHmqS1_Vw_wKZlry9ERARfCcunJ23LjClLjF0hsDdDJAPl4SRgxAJASGyDcEZGwHJOr9Fua6lyax68_kCd-M7QA:1xWHJv:fEa15dEPopJF9W5oZ6SQxsbBUqtaAMLv8Euf9xDe5kY';

/** An unsigned-looking JWS for `sub` (the signature is never checked). */
export function jwt(sub: string): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, exp: 1_900_000_000 })}.c2lnbmF0dXJlc2lnbmF0dXJl`;
}

/** The one session the observations produce, asserting there is exactly one. */
export function only(observations: Observation[], now: Millis, ruleSet = rules()): ExportSession {
  const sites = classify(observations, ruleSet, now);
  expect(sites).toHaveLength(1);
  expect(sites[0]?.sessions).toHaveLength(1);
  return sites[0]!.sessions[0]!;
}
