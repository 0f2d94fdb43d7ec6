import { describe, expect, it } from 'vitest';
import { evidenceOf } from './event-evidence';
import { causeText, eventTitle, fieldLabel, fieldValue } from './event-text';
import { tEn } from './test-translate';

const at = '2026-11-26T10:00:00.000Z';

describe('an event in words', () => {
  it('names the end reason, the kind of update and how often', () => {
    expect(eventTitle({ at, type: 'ended', reason: 'logout' }, tEn)).toMatch(/^Ended: you logged out/);
    expect(eventTitle({ at, type: 'ended', reason: 'novel' }, tEn)).toBe('Ended: novel');
    expect(eventTitle({ at, type: 'updated', what: 'value', count: 3 }, tEn)).toBe('Value changed (3×)');
    expect(eventTitle({ at, type: 'updated', what: 'resent', count: 1 }, tEn)).toBe('Cookie sent again');
    expect(eventTitle({ at, type: 'started', replaces: 's-1' }, tEn)).toBe(
      'Started, replacing an earlier session',
    );
  });

  it('shows an event type it does not know as itself, never blank', () => {
    expect(eventTitle({ at, type: 'from-the-future' }, tEn)).toBe('from-the-future');
    expect(fieldLabel('somethingNew', tEn)).toBe('somethingNew');
  });

  it('says what the browser’s cause means, and flags in words', () => {
    expect(causeText('expired_overwrite', tEn)).toMatch(/^expired_overwrite: .*in the past/);
    expect(causeText('odd', tEn)).toBe('odd');
    expect(fieldValue('byUser', true, tEn)).toBe('yes');
    expect(fieldValue('cause', 'explicit', tEn)).toMatch(/^explicit: /);
    expect(fieldLabel('cause', tEn)).toBe('Browser’s cause');
  });

  it('says a rule’s end is predicted, an end told from the idle gap inferred, and a contradicted prediction resumed', () => {
    const rule = { name: 'idle-timeout', seconds: 60, from: 'rules' };
    expect(eventTitle({ at, type: 'ended', reason: 'idle-timeout', evidence: { rule } }, tEn)).toBe(
      'Ended: idle timeout (no activity for longer than the limit). (predicted by your rule, not observed)',
    );
    expect(
      eventTitle(
        {
          at,
          type: 'ended',
          reason: 'idle-timeout',
          evidence: { request: { method: 'GET', url: 'http://x/read', status: 200, at }, why: ['idle'] },
        },
        tEn,
      ),
    ).toMatch(/idle timeout.*\(inferred, not seen directly/);
    expect(eventTitle({ at, type: 'resumed', predicted: 'max-lifetime' }, tEn)).toBe(
      'Resumed: the end your max-lifetime rule predicted did not happen',
    );
    expect(fieldLabel('predictedAt', tEn)).toBe('Predicted for');
  });

  it('reads the reasoning and the startup signals of an event’s evidence', () => {
    const e = evidenceOf({
      at,
      type: 'seen-at-startup',
      evidence: { why: ['idle 3 s', 7], startup: ['runtime.onStartup fired'] },
    });
    expect(e?.why).toEqual(['idle 3 s']);
    expect(e?.startup).toEqual(['runtime.onStartup fired']);
    expect(evidenceOf({ at, type: 'x', evidence: { why: 'not a list' } })).toBeNull();
  });
});
