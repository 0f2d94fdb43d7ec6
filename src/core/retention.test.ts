/** What is kept: events per site, ended sessions by age, and nothing of a forgotten site. */
import { describe, expect, test } from 'vitest';
import { Tracker } from './tracker';
import { login, removed, rules, SESSIONID, SITE, sessionCookie, T0 } from './tracker.fixtures';

const s = (sec: number) => T0 + sec * 1000;
const isoAt = (ms: number) => new Date(ms).toISOString();

describe('retention', () => {
  test('forget drops a site', () => {
    const t = new Tracker(rules());
    for (const o of login(s(1))) t.apply(o);
    expect(t.forget(SITE)).toBe(1);
    expect(t.report(s(2))).toEqual([]);
    expect(t.forget(SITE)).toBe(0);
  });

  test('prune drops the oldest events beyond the count, and old ended sessions', () => {
    const t = new Tracker(rules());
    for (const o of login(s(0))) t.apply(o);
    for (let i = 0; i < 40; i++)
      t.apply({
        kind: 'tab',
        at: s(1 + i),
        url: 'http://127.0.0.1:8000/',
        change: i % 2 ? 'closed' : 'opened',
      });
    expect(t.prune({ maxEventsPerSite: 10, maxAgeDays: 30 }, s(100))).toBe(31);
    const events = t.report(s(100))[0]!.sessions[0]!.events;
    expect(events).toHaveLength(10);
    expect(events.at(-1)?.at).toBe(isoAt(s(40)));
    t.apply(removed(sessionCookie(SESSIONID, s(0)), s(200), 'expired_overwrite'));
    expect(t.prune({ maxEventsPerSite: 100, maxAgeDays: 1 }, s(200) + 86_400_000 / 2)).toBe(0);
    expect(t.prune({ maxEventsPerSite: 100, maxAgeDays: 1 }, s(200) + 2 * 86_400_000)).toBe(11);
    expect(t.report(s(200) + 2 * 86_400_000)).toEqual([]);
  });
});
