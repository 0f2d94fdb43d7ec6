import { describe, expect, it } from 'vitest';
import { djangoSite, NOW, restarts } from './fixtures';
import { axisTicks, buildTimeline } from './timeline-model';

const MIN = 60_000;

describe('buildTimeline', () => {
  const model = buildTimeline(
    djangoSite.sessions,
    restarts.map((r) => Date.parse(r.at)),
    NOW,
  );

  it('draws one lane per session, oldest first, ending at now', () => {
    expect(model.lanes.map((l) => l.session.id)).toEqual(['signed', 'pre', 'login']);
    expect(model.to).toBe(NOW);
  });

  it('colours the segments by state from the events and stops an ended lane at its end', () => {
    const login = model.lanes.find((l) => l.session.id === 'login')!;
    expect(login.segments.map((s) => s.state)).toEqual(['active', 'idle', 'active']);
    expect(login.segments.at(-1)!.to).toBe(NOW - 10 * MIN);
  });

  it('joins a rotated session to the one that replaced it and marks logouts and restarts', () => {
    const lanes = model.lanes.map((l) => l.session.id);
    const rotation = model.marks.find((m) => m.kind === 'rotation')!;
    expect(lanes[rotation.lane]).toBe('pre');
    expect(lanes[rotation.toLane!]).toBe('login');
    expect(model.marks.find((m) => m.kind === 'logout')?.at).toBe(NOW - 10 * MIN);
    expect(model.marks.filter((m) => m.kind === 'restart')).toHaveLength(1);
  });

  it('shows the current state when the background has not recorded the change as an event', () => {
    const [s] = djangoSite.sessions.filter((x) => x.id === 'signed');
    const idle = { ...s!, state: 'idle' as const, lastActivityAt: new Date(NOW - 6 * MIN).toISOString() };
    const lane = buildTimeline([idle], [], NOW).lanes[0]!;
    expect(lane.segments.at(-1)).toMatchObject({ state: 'idle', to: NOW });
  });
});

describe('axisTicks', () => {
  it('labels a 30-minute span in round minutes', () => {
    const from = Date.parse('2026-11-26T09:31:10Z');
    const ticks = axisTicks(from, from + 30 * MIN, 5, 0);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(5);
    expect(ticks.every((t) => t.style === 'time' && t.at % (10 * MIN) === 0)).toBe(true);
  });

  it('labels a two-week span in days, on local midnights', () => {
    const from = Date.parse('2026-11-12T10:00:00Z');
    const offset = -60; // UTC+1
    const ticks = axisTicks(from, from + 14 * 24 * 60 * MIN, 5, offset);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks.length).toBeLessThanOrEqual(5);
    expect(ticks.every((t) => t.style === 'day')).toBe(true);
    for (const t of ticks) expect((t.at - offset * MIN) % (24 * 60 * MIN)).toBe(0);
  });

  it('uses seconds on a span of a minute', () => {
    const from = Date.parse('2026-11-26T09:31:10Z');
    expect(axisTicks(from, from + MIN, 5, 0).every((t) => t.style === 'seconds')).toBe(true);
  });
});
