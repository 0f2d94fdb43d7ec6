import { describe, expect, it } from 'vitest';
import { checkRequest, REQUEST_TYPES } from './request-validate';

describe('checkRequest', () => {
  it('accepts every request type of the API in its documented shape', () => {
    const examples: unknown[] = [
      { type: 'state/get' },
      { type: 'state/get', site: 'example.com' },
      { type: 'state/get', events: false },
      { type: 'export', format: 'json' },
      { type: 'export', format: 'csv', site: 'example.com' },
      { type: 'import', data: {} },
      { type: 'rules/get' },
      { type: 'rules/set', rules: { defaults: { idleAfterSeconds: 2 } } },
      { type: 'settings/get' },
      { type: 'settings/set', settings: { headerCapture: { mode: 'off' } } },
      { type: 'session/end', id: 'abc' },
      { type: 'site/simulate-browser-close', site: 'example.com' },
      { type: 'site/forget', site: 'example.com' },
      { type: 'site/cookies', site: 'example.com' },
      { type: 'site/cookies', site: 'example.com', url: 'https://app.example.com/a', storeId: '0' },
      { type: 'site/cookies', site: 'example.com', tabId: 'active' },
      { type: 'site/cookies', site: 'example.com', sessionId: 's_1' },
      { type: 'status/get' },
      { type: 'capture/set', site: '127.0.0.1', captured: true },
    ];
    for (const e of examples) expect(checkRequest(e), JSON.stringify(e)).toMatchObject({ ok: true });
    const covered = new Set(examples.map((e) => (e as { type: string }).type));
    expect([...REQUEST_TYPES].filter((t) => !covered.has(t))).toEqual([]);
  });

  it('names the known types when the type is unknown', () => {
    const r = checkRequest({ type: 'state/gte' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain('Unknown request type "state/gte"');
      expect(r.error).toContain('state/get');
    }
  });

  it('rejects non-objects and missing or wrong fields with a message naming the field', () => {
    for (const bad of [null, 42, 'state/get', [], {}, { type: 7 }]) expect(checkRequest(bad).ok).toBe(false);
    const cases: [unknown, string][] = [
      [{ type: 'export', format: 'xml' }, '"format"'],
      [{ type: 'session/end' }, '"id"'],
      [{ type: 'site/forget', site: '' }, '"site"'],
      [{ type: 'rules/set', rules: 'x' }, '"rules"'],
      [{ type: 'settings/set' }, '"settings"'],
      [{ type: 'import' }, '"data"'],
      [{ type: 'state/get', site: 3 }, '"site"'],
      [{ type: 'state/get', events: 'no' }, '"events"'],
      [{ type: 'site/cookies', site: 'a.com', url: 'ftp://a.com/' }, '"url"'],
      [{ type: 'site/cookies', site: 'a.com', tabId: -1 }, '"tabId"'],
      [{ type: 'capture/set', captured: true }, '"site"'],
      [{ type: 'capture/set', site: 'example.com' }, '"captured"'],
      [{ type: 'capture/set', site: 'example.com', captured: 'yes' }, '"captured"'],
    ];
    for (const [req, field] of cases) {
      const r = checkRequest(req);
      expect(r.ok, JSON.stringify(req)).toBe(false);
      if (!r.ok) expect(r.error).toContain(field);
    }
  });
});
