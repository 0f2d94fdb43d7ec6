import { describe, expect, it } from 'vitest';
import type { Observation } from '../core/observation';
import { ActivityCoalescer } from './activity-coalescer';

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
});
