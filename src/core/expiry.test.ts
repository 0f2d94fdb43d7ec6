/**
 * The expiry verdict where browsers report writes differently. Firefox reports no cookie change for a
 * Set-Cookie identical to the cookie it replaces (Django's SESSION_SAVE_EVERY_REQUEST within one second:
 * same value, same Expires), so the re-sends are counted from the captured headers; a re-sent Max-Age
 * slides by definition. Nothing re-sent yet is unknown, never fixed.
 */
import { describe, expect, test } from 'vitest';
import type { ExportInference } from './contract';
import type { Observation } from './observation';
import { classify } from './tracker';
import {
  navigation,
  response,
  rules,
  SESSIONID,
  SITE,
  sessionCookie,
  sessionHeader,
  set,
  T0,
} from './tracker.fixtures';

const s = (sec: number) => T0 + sec * 1000;

function expiry(observations: Observation[], now: number): ExportInference | undefined {
  return classify(observations, rules(), now)
    .find((x) => x.site === SITE)
    ?.inferences.find((i) => i.kind === 'expiry');
}

/** A Django login as Firefox reports it: the cookie first, then the response that set it. */
const firefoxLogin: Observation[] = [
  navigation(s(1), '/login'),
  set(sessionCookie(SESSIONID, s(1)), s(1)),
  response(s(1) + 20, '/login?user=alice', [sessionHeader(SESSIONID)]),
];

describe('expiry from the headers Firefox does not report as cookie changes', () => {
  test('identical Max-Age re-sends within a second, seen only as headers: sliding, not unknown or fixed', () => {
    const obs = [...firefoxLogin];
    for (const ms of [200, 500, 800])
      obs.push(navigation(s(1) + ms, '/read'), response(s(1) + ms, '/read', [sessionHeader(SESSIONID)]));
    const e = expiry(obs, s(2));
    expect(e?.value).toEqual({ mode: 'sliding-every-response', maxAgeSeconds: 1_209_600 });
    expect(e?.evidence.join(' ')).toMatch(/3 re-sends of the same sessionid with Max-Age in Set-Cookie/);
  });

  test('the header that wrote the session is not a re-send of it: right after a login, unknown', () => {
    const e = expiry(firefoxLogin, s(2));
    expect(e?.value).toEqual({ mode: 'unknown', maxAgeSeconds: 1_209_600 });
    expect(e?.evidence.join(' ')).toMatch(/not re-sent yet/);
  });

  test('a header writing another value is not a re-send of the session', () => {
    const other = sessionHeader('0therva1ue0therva1ue0therva1ue00');
    const e = expiry([...firefoxLogin, response(s(1) + 500, '/elsewhere', [other])], s(2));
    expect(e?.value).toMatchObject({ mode: 'unknown' });
  });
});
