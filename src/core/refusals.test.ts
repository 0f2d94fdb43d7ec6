/** A session cookie the browser refused: reported with its header, request and rule, and only then. */
import { describe, expect, test } from 'vitest';
import type { ExportInference, ExportSite } from './contract';
import type { CookieSnapshot, Observation } from './observation';
import { REFUSAL_WINDOW_MS } from './refusals';
import { classify, Tracker } from './tracker';
import { rules, SESSIONID, sessionCookie, set, T0 } from './tracker.fixtures';

const s = (sec: number) => T0 + sec * 1000;
const APP = 'http://app.example.test:8000';

function login(at: number, setCookie: string, url = `${APP}/login`): Observation {
  return {
    kind: 'response',
    at,
    url: `${url}?next=/secret-token`,
    storeId: '0',
    status: 302,
    setCookie: [setCookie],
    clearSiteData: null,
  };
}
const appCookie = (at: number, over: Partial<CookieSnapshot> = {}) =>
  sessionCookie(SESSIONID, at, { domain: 'app.example.test', ...over });

function refused(sites: ExportSite[], site = 'example.test'): ExportInference[] {
  return sites.find((x) => x.site === site)?.inferences.filter((i) => i.kind === 'cookie-refused') ?? [];
}

describe('a session cookie the browser refused', () => {
  test('__Host- without Secure: reported on the site, which has no session at all, with header, request and rule', () => {
    const header = `__Host-sessionid=${SESSIONID}; HttpOnly; Path=/; SameSite=Lax`;
    const obs = [login(s(1), header, 'https://app.example.test/login')];
    expect(refused(classify(obs, rules(), s(1) + REFUSAL_WINDOW_MS - 1))).toEqual([]);
    const sites = classify(obs, rules(), s(10));
    expect(sites[0]?.sessions).toEqual([]);
    const [inference] = refused(sites);
    expect(inference?.value).toEqual({ cookie: '__Host-sessionid', rule: 'host-prefix' });
    expect(inference?.evidence[0]).toMatchObject({
      rule: 'host-prefix',
      reason: expect.stringMatching(/__Host- cookie needs Secure/),
      request: { method: null, url: 'https://app.example.test/login?next=[masked]', status: 302 },
      header: {
        name: 'Set-Cookie',
        value: '__Host-sessionid=<value hidden, 32 characters>; HttpOnly; Path=/; SameSite=Lax',
      },
    });
    expect(JSON.stringify(inference)).not.toContain(SESSIONID);
    expect(inference?.evidence.at(-1)).toMatch(
      /no __Host-sessionid cookie with that value appeared within 5 s/,
    );
  });

  test('each rule a browser applies', () => {
    const cases: [string, string, string][] = [
      [`sessionid=${SESSIONID}; Secure; Path=/`, APP, 'secure-from-insecure-origin'],
      [`sessionid=${SESSIONID}; SameSite=None; Path=/`, 'https://app.example.test', 'samesite-none-insecure'],
      [`sessionid=${SESSIONID}; Domain=other.test; Path=/`, APP, 'domain-mismatch'],
      [`sessionid=${'a'.repeat(4100)}; Path=/`, APP, 'too-large'],
      [`__Secure-sessionid=${SESSIONID}; Path=/`, 'https://app.example.test', 'secure-prefix'],
    ];
    for (const [header, origin, rule] of cases) {
      const inference = refused(classify([login(s(1), header, `${origin}/login`)], rules(), s(10)))[0];
      expect(inference?.value, header).toMatchObject({ rule });
    }
  });

  test('a Set-Cookie in a response that clears cookies is refused by that, when no other rule explains it', () => {
    const obs: Observation = {
      ...(login(s(1), `sessionid=${SESSIONID}; Path=/`) as Extract<Observation, { kind: 'response' }>),
      clearSiteData: '"cookies"',
    };
    expect(refused(classify([obs], rules(), s(10)))[0]?.value).toEqual({
      cookie: 'sessionid',
      rule: 'clear-site-data',
    });
  });

  test('not refused when the cookie appears after all: later, earlier (Firefox), or in another partition or store', () => {
    const header = `sessionid=${SESSIONID}; SameSite=None; Path=/`;
    const response = login(s(1), header, 'https://app.example.test/login');
    const after = [response, set(appCookie(s(1) + 20, { sameSite: 'no_restriction' }), s(1) + 20)];
    const before = [set(appCookie(s(1), { sameSite: 'no_restriction' }), s(1)), response];
    const partitioned = [
      response,
      set(appCookie(s(1), { partitionKey: 'https://other.test', storeId: 'firefox-container-1' }), s(1) + 50),
    ];
    for (const obs of [after, before, partitioned])
      expect(refused(classify(obs, rules(), s(10)))).toEqual([]);
  });

  test('"refused" only where a browser rule explains it, and only for session cookies', () => {
    const plain = login(s(1), `sessionid=${SESSIONID}; HttpOnly; Path=/`);
    expect(refused(classify([plain], rules(), s(10)))).toEqual([]);
    const notSession = login(s(1), 'theme=dark; SameSite=None; Path=/', 'https://app.example.test/');
    expect(refused(classify([notSession], rules(), s(10)))).toEqual([]);
    const loopback = login(s(1), `sessionid=${SESSIONID}; Secure; Path=/`, 'http://localhost:8000/login');
    expect(refused(classify([loopback], rules(), s(10)), 'localhost')).toEqual([]);
  });

  test('a refused login is kept by retention until it is as old as ended sessions may get', () => {
    const t = new Tracker(rules());
    t.apply(login(s(1), `sessionid=${SESSIONID}; Secure; Path=/`));
    t.prune({ maxEventsPerSite: 100, maxAgeDays: 1 }, s(60));
    expect(refused(t.report(s(60)))).toHaveLength(1);
    t.prune({ maxEventsPerSite: 100, maxAgeDays: 1 }, s(2 * 86_400));
    expect(t.report(s(2 * 86_400))).toEqual([]);
  });
});
