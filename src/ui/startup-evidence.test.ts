import { describe, expect, it } from 'vitest';
import { session } from './fixtures';
import { startupEvidenceOf } from './startup-evidence';

const at = '2026-11-26T09:00:00.000Z';

describe('why a session counts as restored, or new, after a restart', () => {
  it('gives the browser-level signals of its latest startup event', () => {
    const s = session({
      events: [
        { at, type: 'started' },
        { at, type: 'restart-survived', restored: true, evidence: { startup: ['old signal'] } },
        {
          at: '2026-11-26T09:30:00.000Z',
          type: 'restart-survived',
          restored: true,
          evidence: { startup: ['runtime.onStartup fired', 'the browser’s start time moved'] },
        },
      ],
    });
    expect(startupEvidenceOf(s)).toEqual({
      type: 'restart-survived',
      at: '2026-11-26T09:30:00.000Z',
      restored: true,
      signals: ['runtime.onStartup fired', 'the browser’s start time moved'],
    });
  });

  it('has no signals for a record from before they were kept, and nothing without a startup', () => {
    expect(
      startupEvidenceOf(session({ events: [{ at, type: 'seen-at-startup', reason: 'browser-restart' }] }))
        ?.signals,
    ).toEqual([]);
    expect(startupEvidenceOf(session())).toBeNull();
  });
});
