/**
 * Clear-Site-Data gets credit only for what it did. Over plain http on a host other than localhost the
 * browsers ignore it, and Chromium ignores the same response's Set-Cookie too (the table in the shared
 * browser facts, checked in Chromium 156 and Firefox 153): a Django logout that adds the header leaves
 * `sessionid` in Chromium, while Firefox applies the deletion.
 */
import { describe, expect, test } from 'vitest';
import type { ExportSite } from './contract';
import type { EventEvidence } from './evidence';
import type { Observation } from './observation';
import { honoursClearSiteData } from './responses';
import { classify } from './tracker';
import { cookie, DELETE_SESSIONID, rules, SESSIONID, sessionCookie, set, T0 } from './tracker.fixtures';

const s = (sec: number) => T0 + sec * 1000;
const HOST = 'app.example.test';
const ORIGIN = `http://${HOST}:8000`;
const sid = sessionCookie(SESSIONID, s(0), { domain: HOST });
const csrf = cookie('csrftoken', 'x', s(0), { domain: HOST });

function response(
  at: number,
  path: string,
  setCookie: string[],
  csd: string | null,
  origin = ORIGIN,
): Observation {
  const url = origin + path;
  return {
    kind: 'response',
    at,
    url,
    storeId: '0',
    status: 302,
    method: 'POST',
    setCookie,
    clearSiteData: csd,
  };
}
const removed = (c: typeof sid, at: number, cause: 'explicit' | 'expired_overwrite'): Observation => ({
  kind: 'cookie-removed',
  at,
  cookie: c,
  cause,
});

const login: Observation[] = [set(csrf, s(0)), set(sid, s(1))];
/** The logout response: the deletion and the header together, as the Django site sends them. */
const logout = response(s(10), '/logout', [DELETE_SESSIONID], '"cookies"');

function siteOf(obs: Observation[], now: number): ExportSite {
  const site = classify(obs, rules(), now).find((x) => x.site === 'example.test');
  if (!site) throw new Error('no site');
  return site;
}
const inference = (site: ExportSite, kind: string) => site.inferences.find((i) => i.kind === kind);

describe('a logout with Clear-Site-Data over plain http, not on localhost', () => {
  test('Firefox applies the deletion: a logout, and the header is not credited', () => {
    const site = siteOf([...login, logout, removed(sid, s(10) + 5, 'explicit')], s(30));
    const session = site.sessions[0]!;
    expect(session).toMatchObject({ state: 'ended', endReason: 'logout', endInferred: false });
    const honoured = inference(site, 'clear-site-data-honoured');
    expect(honoured?.value).toBe(false);
    expect(honoured?.evidence.join(' ')).toMatch(/plain http/);
    expect(honoured?.evidence.join(' ')).toMatch(/sessionid was removed by the same response's Set-Cookie/);
    expect(inference(site, 'logout-ignored')).toBeUndefined();
  });

  test('Chromium ignores the deletion too: reported as an ignored logout, with the header and request', () => {
    const site = siteOf([...login, logout], s(30));
    expect(site.sessions[0]?.state).not.toBe('ended');
    const ignored = inference(site, 'logout-ignored');
    expect(ignored?.value).toBe(true);
    expect(ignored?.evidence[0]).toMatchObject({
      request: { method: 'POST', url: `${ORIGIN}/logout`, status: 302 },
      clearSiteData: '"cookies"',
      deleted: ['sessionid'],
    });
    expect(inference(site, 'clear-site-data-honoured')?.value).toBe(false);
  });

  test("Chromium: the next request's plain deletion is the logout taking effect, not Clear-Site-Data", () => {
    const next = response(s(13), '/read', [DELETE_SESSIONID], null);
    const site = siteOf(
      [...login, logout, { ...next, method: 'GET' } as Observation, removed(sid, s(13), 'expired_overwrite')],
      s(30),
    );
    const session = site.sessions[0]!;
    expect(session).toMatchObject({ state: 'ended', endReason: 'logout', endInferred: true });
    const evidence = session.events.find((e) => e.type === 'ended')?.evidence as EventEvidence;
    expect(evidence.request).toMatchObject({ method: 'GET', url: `${ORIGIN}/read` });
    expect(evidence.why?.join(' ')).toMatch(/browser ignored it/);
    const honoured = inference(site, 'clear-site-data-honoured');
    expect(honoured?.value).toBe(false);
    // The logout's own deletion did not remove it, though the next one came within moments.
    expect(honoured?.evidence.join(' ')).not.toMatch(/removed by the same response's Set-Cookie/);
    expect(inference(site, 'logout-ignored')?.evidence[0]).toMatchObject({ deleted: ['sessionid'] });
  });
});

describe('Clear-Site-Data where browsers honour it', () => {
  test('on localhost over http the removals that follow are the header honoured', () => {
    const local = 'http://localhost:8000';
    const obs: Observation[] = [
      set({ ...csrf, domain: 'localhost' }, s(0)),
      set({ ...sid, domain: 'localhost' }, s(1)),
      response(s(10), '/clear-site-data', [], '"cookies"', local),
      removed({ ...sid, domain: 'localhost' }, s(10) + 5, 'explicit'),
      removed({ ...csrf, domain: 'localhost' }, s(10) + 6, 'explicit'),
    ];
    const site = classify(obs, rules(), s(30)).find((x) => x.site === 'localhost')!;
    expect(site.sessions[0]).toMatchObject({ endReason: 'clear-site-data', endInferred: false });
    const evidence = site.sessions[0]!.events.find((e) => e.type === 'ended')?.evidence as EventEvidence;
    expect(evidence.header).toEqual({ name: 'Clear-Site-Data', value: '"cookies"' });
    expect(evidence.request?.url).toBe(`${local}/clear-site-data`);
    expect(inference(site, 'clear-site-data-honoured')?.value).toBe(true);
  });

  test('a deleting Set-Cookie beats a Clear-Site-Data header seen nearby', () => {
    const local = 'https://example.test';
    const obs: Observation[] = [
      set({ ...sid, domain: 'example.test' }, s(1)),
      response(s(10), '/clear-site-data', [], '"cookies"', local),
      response(s(11), '/logout', [DELETE_SESSIONID], null, local),
      removed({ ...sid, domain: 'example.test' }, s(11) + 5, 'explicit'),
    ];
    expect(classify(obs, rules(), s(30))[0]?.sessions[0]?.endReason).toBe('logout');
  });

  test('a header sent before the session started gets no credit for its end: the later logout does (Firefox order)', () => {
    const local = 'http://localhost:8000';
    const at = (c: typeof sid) => ({ ...c, domain: 'localhost' });
    const second = at(sessionCookie('s3c0ndsess10nva1ue000000000000', s(11)));
    const obs: Observation[] = [
      set(at(csrf), s(0)),
      set(at(sid), s(1)),
      // Firefox reports the removals before the response that caused them.
      removed(at(sid), s(10), 'explicit'),
      removed(at(csrf), s(10) + 1, 'explicit'),
      response(s(10) + 20, '/clear-site-data', [], '"cookies"', local),
      set(second, s(11)),
      removed(second, s(12), 'explicit'),
      response(s(12) + 20, '/logout', [DELETE_SESSIONID], null, local),
    ];
    const site = classify(obs, rules(), s(30)).find((x) => x.site === 'localhost')!;
    const [first, next] = site.sessions;
    expect(first?.endReason).toBe('clear-site-data');
    expect(next?.endReason).toBe('logout');
    const evidence = next?.events.find((e) => e.type === 'ended')?.evidence as EventEvidence;
    expect(evidence.request?.url).toBe(`${local}/logout`);
    const honoured = inference(site, 'clear-site-data-honoured');
    expect(honoured?.value).toBe(true);
    // The session it removed, not the later logout's.
    expect(honoured?.evidence[0]).toMatchObject({ cookiesRemoved: 1 });
  });

  test.each([
    ['https://example.test/x', true],
    ['http://localhost:8000/', true],
    ['http://app.localhost/', true],
    ['http://127.0.0.1:8000/', true],
    ['http://[::1]:8000/', true],
    ['http://app.example.test:8000/logout', false],
    ['http://192.168.1.2/', false],
  ])('%s honours the header: %s', (url, expected) => {
    expect(honoursClearSiteData(url)).toBe(expected);
  });
});
