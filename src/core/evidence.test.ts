/**
 * Every `started`, `ended` and rotation carries what caused it when it was observed (the request, the
 * header, the browser's cookie change), and nothing secret leaks through it: URLs and cookie values are
 * masked unless values are included in the report.
 */
import { describe, expect, test } from 'vitest';
import type { ExportEvent } from './contract';
import {
  type EventEvidence,
  type ExportEventEvidence,
  exportEvidence,
  looksSecret,
  MASKED,
  maskSetCookie,
  maskUrl,
} from './evidence';
import type { Observation } from './observation';
import { Tracker } from './tracker';
import {
  DELETE_SESSIONID,
  ORIGIN,
  removed,
  rules,
  SESSIONID,
  SESSIONID_CYCLED,
  sessionCookie,
  sessionHeader,
  set,
  T0,
} from './tracker.fixtures';

const s = (sec: number) => T0 + sec * 1000;

describe('masking', () => {
  test.each([
    // A Django password-reset link: the token is masked, the user id segment (base64 "1") is not secret.
    [
      'https://example.com/reset/MQ/c7nvqf-8a3e36d4b1e7ce0b9d3a4b9f2d3e6a5c/',
      `https://example.com/reset/MQ/${MASKED}/`,
    ],
    [
      'https://example.com/read?next=/cart&token=abc',
      `https://example.com/read?next=${MASKED}&token=${MASKED}`,
    ],
    ['https://example.com/s/0f8fad5b-d9cb-469f-a165-70867728950e', `https://example.com/s/${MASKED}`],
    ['https://example.com/jsp/index;jsessionid=1A2B3C4D5E6F7A8B9C0D', `https://example.com/jsp/${MASKED}`],
    ['https://user:pa55@example.com/x#access_token=abc', `https://${MASKED}@example.com/x#${MASKED}`],
    ['http://127.0.0.1:8000/accounts/logout/', 'http://127.0.0.1:8000/accounts/logout/'],
    [
      'https://example.com/blog/2026-11-25/how-sessions-end',
      'https://example.com/blog/2026-11-25/how-sessions-end',
    ],
    ['https://example.com/users/4211/orders?', 'https://example.com/users/4211/orders?'],
  ])('%s → %s', (url, masked) => {
    expect(maskUrl(url)).toBe(masked);
    expect(maskUrl(masked)).toBe(masked);
  });

  test('what looks like a secret: long random ids and tokens, not words, dates or short ids', () => {
    for (const secret of [
      'dfyy5zla1c6ejqvh1p9l9w1ddbu25k6r',
      '123456789012345',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0',
    ])
      expect(looksSecret(secret)).toBe(true);
    for (const plain of ['logout', 'set-password', 'how-sessions-end-in-django', '2026-11-25', '4211', 'v2'])
      expect(looksSecret(plain)).toBe(false);
  });

  test('a Set-Cookie value is masked, a deletion and the attributes stay', () => {
    expect(maskSetCookie(sessionHeader(SESSIONID))).toBe(sessionHeader(MASKED));
    expect(maskSetCookie(DELETE_SESSIONID)).toBe(DELETE_SESSIONID);
    expect(maskSetCookie('flag')).toBe('flag');
  });

  test('reported evidence: time as ISO; masked unless values are included; masking twice changes nothing', () => {
    const e: EventEvidence = {
      request: { method: 'GET', url: 'https://example.com/read?token=abc', status: 200, at: s(1) },
      header: { name: 'Set-Cookie', value: sessionHeader(SESSIONID) },
    };
    const masked = exportEvidence(e, false);
    expect(masked).toEqual({
      request: {
        method: 'GET',
        url: `https://example.com/read?token=${MASKED}`,
        status: 200,
        at: new Date(s(1)).toISOString(),
      },
      header: { name: 'Set-Cookie', value: sessionHeader(MASKED) },
    });
    expect(exportEvidence(masked, false)).toEqual(masked);
    expect(exportEvidence(e, true).request?.url).toBe('https://example.com/read?token=abc');
    expect(exportEvidence(e, true).header?.value).toBe(sessionHeader(SESSIONID));
  });
});

function hit(at: number, path: string, method: string, setCookie: string[], status = 200): Observation {
  return {
    kind: 'response',
    at,
    url: ORIGIN + path,
    storeId: '0',
    status,
    method,
    setCookie,
    clearSiteData: null,
  };
}

function events(obs: Observation[], includeValues = false): ExportEvent[][] {
  const t = new Tracker(rules());
  for (const o of obs) t.apply(o);
  return t.report(s(100), { includeValues })[0]!.sessions.map((x) => x.events);
}
const evidenceOf = (e: ExportEvent | undefined) => e?.evidence as ExportEventEvidence | undefined;

describe('what each event rests on', () => {
  const loginAt = s(1);
  const login: Observation[] = [
    hit(loginAt, '/login?next=/account', 'POST', [sessionHeader(SESSIONID)], 302),
    set(sessionCookie(SESSIONID, loginAt), loginAt),
  ];

  test('a login: the POST that set the cookie, its status, its Set-Cookie, and the cookie change', () => {
    const started = events(login)[0]!.find((e) => e.type === 'started');
    expect(evidenceOf(started)).toEqual({
      request: {
        method: 'POST',
        url: `${ORIGIN}/login?next=${MASKED}`,
        status: 302,
        at: new Date(loginAt).toISOString(),
      },
      header: { name: 'Set-Cookie', value: sessionHeader(MASKED) },
      cookieChange: { removed: false, cause: 'set' },
    });
    const revealed = evidenceOf(events(login, true)[0]!.find((e) => e.type === 'started'));
    expect(revealed?.request?.url).toBe(`${ORIGIN}/login?next=/account`);
    expect(revealed?.header?.value).toBe(sessionHeader(SESSIONID));
  });

  test('the same when the browser reports the cookie before the response (Firefox)', () => {
    const [response, cookieSet] = login as [Observation, Observation];
    const started = events([cookieSet, { ...response, at: loginAt + 30 }])[0]!.find(
      (e) => e.type === 'started',
    );
    expect(evidenceOf(started)?.request).toMatchObject({ method: 'POST', status: 302 });
    expect(evidenceOf(started)?.unknown).toBeUndefined();
  });

  test('a rotation: both the end of the old session and the start of the new name the request', () => {
    const [old, next] = events([
      ...login,
      hit(s(10), '/cycle', 'GET', [sessionHeader(SESSIONID_CYCLED)]),
      removed(sessionCookie(SESSIONID, loginAt), s(10), 'overwrite'),
      set(sessionCookie(SESSIONID_CYCLED, s(10)), s(10)),
    ]);
    const ended = old!.find((e) => e.type === 'ended');
    expect(ended?.reason).toBe('rotated');
    expect(evidenceOf(ended)).toMatchObject({
      request: { method: 'GET', url: `${ORIGIN}/cycle` },
      cookieChange: { removed: true, cause: 'overwrite' },
    });
    expect(evidenceOf(next!.find((e) => e.type === 'started'))?.request?.url).toBe(`${ORIGIN}/cycle`);
  });

  test('a logout: the request, the deleting header and the browser’s cause', () => {
    const [session] = events([
      ...login,
      hit(s(20), '/logout', 'POST', [DELETE_SESSIONID]),
      removed(sessionCookie(SESSIONID, loginAt), s(20), 'expired_overwrite'),
    ]);
    expect(evidenceOf(session!.find((e) => e.type === 'ended'))).toMatchObject({
      request: { method: 'POST', url: `${ORIGIN}/logout`, status: 200 },
      header: { name: 'Set-Cookie', value: DELETE_SESSIONID },
      cookieChange: { removed: true, cause: 'expired_overwrite' },
    });
  });

  test('a cookie set with no captured response says the cause is unknown', () => {
    const [session] = events([set(sessionCookie(SESSIONID, loginAt), loginAt)]);
    expect(evidenceOf(session!.find((e) => e.type === 'started'))).toEqual({
      cookieChange: { removed: false, cause: 'set' },
      unknown: expect.stringMatching(/no captured response set it/),
    });
  });

  test('responses stored before the method was recorded still load: the method is null', () => {
    const [response, cookieSet] = login as [Observation & { method?: string }, Observation];
    const { method: _method, ...old } = response;
    const started = events([old as Observation, cookieSet])[0]!.find((e) => e.type === 'started');
    expect(evidenceOf(started)?.request?.method).toBeNull();
  });
});
