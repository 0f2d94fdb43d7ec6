/**
 * What a write rests on: the response whose Set-Cookie wrote that value. Several writes of one name come
 * within moments (a login, then a rotation), and Firefox reports the cookie change before its response,
 * so the header must match the cookie's value, not only its name.
 */
import { describe, expect, test } from 'vitest';
import type { ExportSession } from './contract';
import type { EventEvidence } from './evidence';
import type { Observation } from './observation';
import { classify } from './tracker';
import {
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

function sessions(obs: Observation[]): ExportSession[] {
  return classify(obs, rules(), s(60)).find((x) => x.site === SITE)?.sessions ?? [];
}
const evidenceOf = (session: ExportSession | undefined, type: string) =>
  session?.events.find((e) => e.type === type)?.evidence as EventEvidence | undefined;

describe('the request a start or a rotation rests on', () => {
  test('Firefox order: a rotation a moment after the login names its own request, not the login', () => {
    const [first, next] = sessions([
      set(sessionCookie(SESSIONID, s(1)), s(1)),
      response(s(1) + 20, '/login?user=alice', [sessionHeader(SESSIONID)]),
      // /cycle: the new value is reported before its response, while the login's header is a moment old.
      set(sessionCookie(SESSIONID_CYCLED, s(2)), s(2)),
      response(s(2) + 20, '/cycle', [sessionHeader(SESSIONID_CYCLED)]),
    ]);
    expect(first?.endReason).toBe('rotated');
    expect(evidenceOf(first, 'started')?.request?.url).toMatch(/\/login\?user=/);
    expect(evidenceOf(next, 'started')?.request?.url).toMatch(/\/cycle$/);
    expect(evidenceOf(first, 'ended')?.request?.url).toMatch(/\/cycle$/);
  });

  test('Chrome order: each write is matched to the header that wrote its value', () => {
    const [first, next] = sessions([
      response(s(1), '/login?user=alice', [sessionHeader(SESSIONID)]),
      set(sessionCookie(SESSIONID, s(1)), s(1) + 5),
      response(s(2), '/cycle', [sessionHeader(SESSIONID_CYCLED)]),
      set(sessionCookie(SESSIONID_CYCLED, s(2)), s(2) + 5),
    ]);
    expect(evidenceOf(first, 'started')?.request?.url).toMatch(/\/login\?user=/);
    expect(evidenceOf(next, 'started')?.request?.url).toMatch(/\/cycle$/);
  });
});
