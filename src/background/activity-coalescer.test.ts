import { describe, expect, it } from 'vitest';
import type { Observation } from '../core/observation';
import { ActivityCoalescer, MAX_PATHS } from './activity-coalescer';

function setup() {
  const out: { obs: Observation; isPrivate: boolean }[] = [];
  const c = new ActivityCoalescer(
    { emit: (obs, isPrivate) => out.push({ obs, isPrivate }), schedule: () => {} },
    1000,
  );
  return { c, out };
}

describe('ActivityCoalescer', () => {
  it('emits the first request of a site at once', () => {
    const { c, out } = setup();
    c.add('example.com', 'https://example.com/', 1000, false);
    expect(out).toEqual([
      {
        obs: { kind: 'activity', at: 1000, url: 'https://example.com/', source: 'request', count: 1 },
        isPrivate: false,
      },
    ]);
  });

  it('counts the rest of a burst into one observation at the time of the last request', () => {
    const { c, out } = setup();
    for (let i = 0; i < 200; i++) c.add('example.com', `https://example.com/${i}`, 1000 + i, false);
    c.drainDue(2000);
    expect(out).toHaveLength(2);
    expect(out[1]?.obs).toMatchObject({
      kind: 'activity',
      at: 1199,
      count: 199,
      url: 'https://example.com/199',
    });
  });

  it('never loses a request: counts add up to the requests seen', () => {
    const { c, out } = setup();
    let seen = 0;
    for (let t = 0; t < 10_000; t += 37) {
      c.add(t % 3 === 0 ? 'a.com' : 'b.com', 'https://x/', t, false);
      seen++;
      if (t % 1000 < 37) c.drainDue(t);
    }
    c.drain();
    const total = out.reduce((n, o) => n + (o.obs.kind === 'activity' ? o.obs.count : 0), 0);
    expect(total).toBe(seen);
  });

  it('keeps each site (and private windows) apart', () => {
    const { c, out } = setup();
    c.add('a.com', 'https://a.com/', 0, false);
    c.add('b.com', 'https://b.com/', 1, false);
    c.add('a.com', 'https://a.com/', 2, true);
    expect(out.map((o) => [o.obs.kind === 'activity' && o.obs.url, o.isPrivate])).toEqual([
      ['https://a.com/', false],
      ['https://b.com/', false],
      ['https://a.com/', true],
    ]);
  });

  it('keeps time order: a pending count is emitted before a later window opens', () => {
    const { c, out } = setup();
    c.add('a.com', 'https://a.com/1', 0, false);
    c.add('a.com', 'https://a.com/2', 500, false);
    c.add('a.com', 'https://a.com/3', 1500, false);
    expect(out.map((o) => o.obs.at)).toEqual([0, 500, 1500]);
  });

  it('drainDue leaves open windows alone', () => {
    const { c, out } = setup();
    c.add('a.com', 'https://a.com/', 0, false);
    c.add('a.com', 'https://a.com/', 10, false);
    c.drainDue(500);
    expect(out).toHaveLength(1);
    c.drainDue(1000);
    expect(out).toHaveLength(2);
  });

  it('counts together only requests alike in what decides whether a cookie was sent', () => {
    const { c, out } = setup();
    const scope = {
      storeId: '0',
      initiator: 'http://app.example.test',
      type: 'other',
      method: 'GET',
    } as const;
    c.add('example.test', 'http://app.example.test/a', 0, false, scope);
    c.add('example.test', 'http://static.example.test/a', 1, false, scope);
    c.add('example.test', 'http://app.example.test/a', 2, false, {
      ...scope,
      storeId: 'firefox-container-1',
    });
    c.add('example.test', 'http://app.example.test/a', 3, false, {
      ...scope,
      initiator: 'https://other.test',
    });
    c.add('example.test', 'http://app.example.test/a', 4, false, { ...scope, type: 'main_frame' });
    c.add('example.test', 'https://app.example.test/a', 5, false, scope);
    // Each is the first of its kind: emitted at once, with its scope.
    expect(out).toHaveLength(6);
    expect(out[2]?.obs).toMatchObject({ storeId: 'firefox-container-1', initiator: scope.initiator });
    c.add('example.test', 'http://app.example.test/b', 6, false, scope);
    c.drain();
    expect(out).toHaveLength(7);
    expect(out[6]?.obs).toMatchObject({
      count: 1,
      storeId: '0',
      url: 'http://app.example.test/b',
      paths: ['/b'],
    });
  });

  it('keeps the paths of the requests it counts, cut after two segments, without the query', () => {
    const { c, out } = setup();
    c.add('a.test', 'https://a.test/', 0, false, { storeId: '0' });
    for (const path of ['/static/css/site.css?v=2', '/static/css/print.css', '/admin/', '/api/v1/items/7'])
      c.add('a.test', `https://a.test${path}`, 10, false, { storeId: '0' });
    c.drain();
    expect(out[1]?.obs).toMatchObject({ count: 4, paths: ['/static/css/…', '/admin/', '/api/v1/…'] });
  });

  it('keeps paths shorter rather than many, and never loses a request', () => {
    const { c, out } = setup();
    for (let i = 0; i < 200; i++) c.add('a.test', `https://a.test/d${i}/e/f.js`, i, false, {});
    c.drain();
    expect(out).toHaveLength(2);
    const obs = out[1]?.obs;
    expect(obs).toMatchObject({ count: 199 });
    const paths = obs?.kind === 'activity' ? (obs.paths ?? []) : [];
    expect(paths.length).toBeLessThanOrEqual(MAX_PATHS);
    expect(paths).toEqual(['/…']);
  });
});
