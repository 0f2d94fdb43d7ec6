import { describe, expect, it } from 'vitest';
import { toListSites } from '../core/list-view';
import { nextChangeAt, projectSites } from '../core/project';
import { filterRows, NO_FILTER, toRows } from './all-sites';
import { manySites } from './fixtures';

describe('the all-sites list’s form of the sessions', () => {
  it('makes the same rows as the full sessions, in a fraction of the size', () => {
    const full = manySites(300, 20);
    const list = toListSites(full);
    expect(toRows(list)).toEqual(toRows(full));
    expect(filterRows(toRows(list), { ...NO_FILTER, store: 'container' })).toEqual(
      filterRows(toRows(full), { ...NO_FILTER, store: 'container' }),
    );
    expect(JSON.stringify(list).length).toBeLessThan(JSON.stringify(full).length / 2);
  });

  it('keeps the moments a row changes by itself, so the list goes idle and ends as the full form does', () => {
    const full = manySites(60, 1);
    const list = toListSites(full);
    const now = Date.parse('2026-11-26T10:00:00Z');
    expect(nextChangeAt(list, now)).toBe(nextChangeAt(full, now));
    const later = now + 15 * 24 * 3600_000;
    const states = (sites: readonly { sessions: { state: string }[] }[]) =>
      sites.flatMap((s) => s.sessions.map((x) => x.state));
    expect(states(projectSites(list, later))).toEqual(states(projectSites(full, later)));
  });
});
