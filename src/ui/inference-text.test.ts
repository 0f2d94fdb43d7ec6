import { describe, expect, it } from 'vitest';
import { evidenceText, inferenceText } from './inference-text';
import { tEn } from './test-translate';

describe('inferences in words', () => {
  it('words the kinds the core produces', () => {
    expect(
      inferenceText(
        { kind: 'expiry', value: { mode: 'sliding-every-response', maxAgeSeconds: 1209600 }, evidence: [] },
        tEn,
      ),
    ).toBe(
      "Sliding expiry: pushed forward on every response (like Django's SESSION_SAVE_EVERY_REQUEST) (14 days)",
    );
    expect(
      inferenceText(
        { kind: 'expiry', value: { mode: 'unknown', maxAgeSeconds: 1209600 }, evidence: [] },
        tEn,
      ),
    ).toBe('Expiry: not yet known whether the server pushes it forward (14 days)');
    expect(
      inferenceText(
        { kind: 'cookie-refused', value: { cookie: '__Host-sid', rule: 'host-prefix' }, evidence: [] },
        tEn,
      ),
    ).toBe('The browser refused the session cookie __Host-sid (rule: host-prefix): no such cookie appeared');
    expect(inferenceText({ kind: 'logins-visible', value: false, evidence: [] }, tEn)).toMatch(/encrypted/);
    expect(inferenceText({ kind: 'logins-visible', value: 'unknown', evidence: [] }, tEn)).toMatch(
      /not known whether/,
    );
    expect(inferenceText({ kind: 'cookie-age', value: 1209600, evidence: [] }, tEn)).toBe(
      'Cookie age: 14 days',
    );
    expect(inferenceText({ kind: 'lint', value: 'no-httponly', evidence: [] }, tEn)).toBe(
      'No HttpOnly: page scripts can read the session id',
    );
    expect(inferenceText({ kind: 'clear-site-data-honoured', value: false, evidence: [] }, tEn)).toMatch(
      /ignored/,
    );
    expect(inferenceText({ kind: 'session-fixation-risk', value: true, evidence: [] }, tEn)).toMatch(
      /fixation/,
    );
  });

  it('shows an unknown kind as itself rather than hiding it', () => {
    expect(inferenceText({ kind: 'brand-new', value: { a: 1 }, evidence: [] }, tEn)).toBe(
      'brand-new: {"a":1}',
    );
  });

  it('writes evidence records as key: value pairs', () => {
    expect(evidenceText({ at: '2026-11-25T08:00:00.000Z', cookie: 'sessionid', restarts: 1 })).toBe(
      'at: 2026-11-25T08:00:00.000Z, cookie: sessionid, restarts: 1',
    );
    expect(evidenceText('Max-Age=1209600 in Set-Cookie')).toBe('Max-Age=1209600 in Set-Cookie');
  });
});
