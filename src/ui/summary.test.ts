import { describe, expect, it } from 'vitest';
import { cookie, NOW, session } from './fixtures';
import { endedText, endsText } from './summary';
import { tEn } from './test-translate';

const DAY = 86_400_000;

describe('what ends a session, in words', () => {
  it('a session cookie ends at browser close, with the restore caveat when the browser restored it', () => {
    const plain = session({ cookie: cookie({ session: true, expiresAt: null }) });
    expect(endsText(plain, NOW, tEn, 'en-GB')).toBe(
      'Ends when the browser closes, unless the browser restores your last session.',
    );
    const restored = session({
      cookie: cookie({ session: true, expiresAt: null }),
      restartsSurvived: 1,
      restoredByBrowser: true,
      events: [{ at: '2026-11-25T08:00:00Z', type: 'restart-survived' }],
    });
    expect(endsText(restored, NOW, tEn, 'en-GB')).toBe(
      'Ends when the browser closes, unless the browser restores your last session (it did once, on 25 Nov).',
    );
  });

  it('a persistent cookie names its expiry day and the time left', () => {
    const s = session({ cookie: cookie({ expiresAt: new Date(NOW + 14 * DAY).toISOString() }) });
    expect(endsText(s, NOW, tEn, 'en-GB')).toBe('Expires on 10 Dec (in 14 d).');
  });

  it('adds the rules that end it: idle timeout and max lifetime', () => {
    const s = session({
      idleTimeoutAt: new Date(NOW + 15 * 60_000 + 2000).toISOString(),
      maxLifetimeAt: new Date(NOW + 2 * 3_600_000).toISOString(),
    });
    const text = endsText(s, NOW, tEn, 'en-GB');
    expect(text).toContain('Your idle-timeout rule ends it in 15 min 2 s unless it sees activity.');
    expect(text).toContain('Your max-lifetime rule ends it in 2 h.');
  });

  it('an ended session says why, and says so when the reason was only inferred', () => {
    const logout = session({ state: 'ended', endReason: 'logout', endedAt: new Date(NOW).toISOString() });
    expect(endsText(logout, NOW, tEn)).toBe('Ended: you logged out (the server deleted the cookie).');
    const csd = session({ state: 'ended', endReason: 'clear-site-data', endInferred: true });
    expect(endedText(csd, tEn)).toBe(
      'Ended: the site sent Clear-Site-Data and the browser cleared its cookies. (inferred, not seen directly: see what it rests on)',
    );
  });

  it('has words for every end reason', () => {
    for (const reason of [
      'logout',
      'expired',
      'idle-timeout',
      'max-lifetime',
      'browser-close',
      'rotated',
      'clear-site-data',
      'evicted',
      'removed',
    ] as const) {
      const text = endedText(session({ state: 'ended', endReason: reason }), tEn);
      expect(text).toMatch(/^Ended: /);
    }
  });
});

describe('the background verdict (endsBy), in words', () => {
  const at = new Date(NOW + 14 * DAY).toISOString();
  it('a Django default two-week sliding expiry', () => {
    const s = session({
      endsBy: { kind: 'expires-after-write', seconds: 1209600, at, frameworkDefault: 'django' },
    });
    expect(endsText(s, NOW, tEn, 'en-GB')).toBe(
      'Expires 14 days after the last write (Django default). Now due on 10 Dec (in 14 d).',
    );
  });
  it('an expiry not yet known to move or stay: never called fixed', () => {
    const s = session({
      endsBy: {
        kind: 'expiry-unknown',
        at,
        seconds: 1209600,
        frameworkDefault: 'django',
        evidence: ['sessionid not re-sent yet'],
      },
    });
    expect(endsText(s, NOW, tEn, 'en-GB')).toBe(
      'Expires on 10 Dec (in 14 d) unless the site writes the cookie again first: whether it does is not known yet. Django re-sends it with a new expiry each time the session is modified.',
    );
  });
  it('browser close, with the day the browser restored it', () => {
    const s = session({
      restartsSurvived: 1,
      endsBy: { kind: 'browser-close', restoredOnce: '2026-11-25T08:00:00Z' },
    });
    expect(endsText(s, NOW, tEn, 'en-GB')).toBe(
      'Ends when the browser closes, unless the browser restores your last session (it did once, on 25 Nov).',
    );
  });
  it('a rule that comes first', () => {
    const s = session({
      endsBy: { kind: 'idle-timeout', seconds: 900, at: new Date(NOW + 4 * 60_000).toISOString() },
    });
    expect(endsText(s, NOW, tEn)).toBe(
      'Your idle-timeout rule ends it after 15 minutes without activity: in 4 min unless the site is used.',
    );
  });
  it('an ended verdict says why, even when the state field lags', () => {
    const s = session({ endsBy: { kind: 'ended', reason: 'logout', at: null, inferred: false } });
    expect(endsText(s, NOW, tEn)).toBe('Ended: you logged out (the server deleted the cookie).');
  });
});
