import { describe, expect, it } from 'vitest';
import { endKindText, endView, listedEvidence, resumesOf, resumeText } from './end-evidence';
import { NOW, session } from './fixtures';
import { endedText } from './summary';
import { tEn } from './test-translate';

const at = '2026-11-26T09:50:00.000Z';
const request = { method: 'GET', url: 'http://127.0.0.1:8000/read', status: 200, at };

describe('what a session’s end rests on', () => {
  it('says a rule’s end is predicted, not observed, and names the rule', () => {
    const s = session({
      state: 'ended',
      endReason: 'idle-timeout',
      endedAt: at,
      endInferred: true,
      endPredicted: true,
      events: [
        {
          at,
          type: 'ended',
          reason: 'idle-timeout',
          evidence: { rule: { name: 'idle-timeout', seconds: 900, from: 'rules' } },
        },
      ],
    });
    const v = endView(s)!;
    expect(v.kind).toBe('predicted');
    expect(v.evidence?.rule).toEqual({ name: 'idle-timeout', seconds: 900, from: 'rules' });
    expect(endKindText(v, tEn)).toMatch(/^Predicted by your idle-timeout rule, not observed/);
    expect(endedText(s, tEn)).toMatch(/idle timeout.*predicted by your rule, not observed/);
  });

  it('shows an inferred idle timeout with the request that carried the deletion and the reasoning', () => {
    const why = [
      'GET to this URL is an ordinary page, not a logout URL',
      'idle 3 s before it, longer than any pause it survived before (0 s)',
    ];
    const s = session({
      state: 'ended',
      endReason: 'idle-timeout',
      endedAt: at,
      endInferred: true,
      events: [
        {
          at,
          type: 'ended',
          reason: 'idle-timeout',
          evidence: {
            request,
            header: { name: 'Set-Cookie', value: 'sessionid=""; Max-Age=0; Path=/' },
            cookieChange: { removed: true, cause: 'expired_overwrite' },
            why,
          },
        },
      ],
    });
    const v = endView(s)!;
    expect(v.kind).toBe('inferred');
    expect(v.evidence?.request).toEqual(request);
    expect(v.evidence?.why).toEqual(why);
    expect(v.unknown).toBeNull();
    expect(endKindText(v, tEn)).toBe('Inferred from the evidence below, not seen directly.');
  });

  it('says the cause is unknown, with why, when the deleting response was not captured', () => {
    const unknown = 'requests on this site are not captured';
    const fromEvent = endView(
      session({
        state: 'ended',
        endReason: 'server-ended',
        endedAt: at,
        events: [{ at, type: 'ended', reason: 'server-ended', evidence: { unknown } }],
      }),
    )!;
    expect(fromEvent.kind).toBe('observed');
    expect(fromEvent.unknown).toBe(unknown);
    expect(endKindText(fromEvent, tEn)).toBe("The cookie's removal was seen; what caused it was not.");
    // Stated once, on its own line, not again among the facts.
    expect(listedEvidence(fromEvent)).toBeNull();
    expect(tEn('end_cause_unknown', [fromEvent.unknown!])).toBe(`What ended it is unknown: ${unknown}`);
    // An older report's event without evidence still shows the session's own reason it cannot tell.
    const fromSession = endView(
      session({
        state: 'ended',
        endReason: 'removed',
        endedAt: at,
        endUnknown: unknown,
        events: [{ at, type: 'ended', reason: 'removed' }],
      }),
    )!;
    expect(fromSession.unknown).toBe(unknown);
    expect(fromSession.evidence).toBeNull();
  });

  it('shows a predicted end the server contradicted as resumed', () => {
    const s = session({
      events: [
        { at: '2026-11-26T09:00:00.000Z', type: 'started' },
        {
          at,
          type: 'ended',
          reason: 'idle-timeout',
          evidence: { rule: { name: 'idle-timeout', seconds: 60, from: 'rules' } },
        },
        {
          at: '2026-11-26T09:55:00.000Z',
          type: 'resumed',
          state: 'active',
          predicted: 'idle-timeout',
          predictedAt: at,
          evidence: {
            cookieChange: { removed: false, cause: 'set' },
            request,
            why: ['the same value was written again'],
          },
        },
      ],
    });
    expect(endView(s)).toBeNull();
    const [r] = resumesOf(s);
    expect(r?.rule).toBe('idle-timeout');
    expect(r?.evidence?.request?.url).toBe(request.url);
    expect(resumeText(r!, NOW, tEn)).toMatch(
      /^Your idle-timeout rule predicted its end at .+, but the server wrote the same value again: the session resumed\.$/,
    );
  });
});
