/** Notification words come from the English `_locales` file, like the views': every end reason has some. */
import { describe, expect, test } from 'vitest';
import { END_REASONS, type ExportSession } from '../core/contract';
import { session } from '../ui/fixtures';
import { tEn } from '../ui/test-translate';
import { transitionText } from './notify-text';

const NOW = Date.UTC(2026, 10, 25, 12);
const iso = (ms: number) => new Date(ms).toISOString();

function ended(over: Partial<ExportSession>): ExportSession {
  return session({ state: 'ended', lastActivityAt: iso(NOW - 902_000), endedAt: iso(NOW), ...over });
}

describe('notification text', () => {
  test('idle, and a logout, read as before', () => {
    const idle = session({ state: 'idle', lastActivityAt: iso(NOW - 125_000) });
    expect(transitionText('127.0.0.1', idle, NOW, tEn)).toBe(
      '127.0.0.1: session idle, no activity for 2 min 5 s',
    );
    expect(transitionText('127.0.0.1', ended({ endReason: 'logout' }), NOW, tEn)).toBe(
      '127.0.0.1: session ended, logged out (the server deleted the cookie)',
    );
  });

  test('every end reason has words of its own, never a raw key', () => {
    for (const endReason of END_REASONS) {
      const text = transitionText('example.com', ended({ endReason }), NOW, tEn);
      expect(text).toMatch(/^example\.com: session ended, /);
      expect(text).not.toMatch(/notify_|_reason|\$\d/);
      expect(text).not.toBe('example.com: session ended, ended');
    }
  });

  test('the server ending a session for no reason the evidence shows says so', () => {
    expect(transitionText('example.com', ended({ endReason: 'server-ended' }), NOW, tEn)).toBe(
      'example.com: session ended, the server deleted the cookie (the evidence shows neither a logout nor inactivity)',
    );
  });

  test("a rule's end is announced as a prediction, a server's idle timeout as inferred", () => {
    const predicted = ended({ endReason: 'idle-timeout', endInferred: true, endPredicted: true });
    expect(transitionText('example.com', predicted, NOW, tEn)).toBe(
      'example.com: session ended, idle timeout after 15 min 2 s, as your rule predicts (the server has not confirmed it)',
    );
    const server = ended({ endReason: 'idle-timeout', endInferred: true, endPredicted: false });
    expect(transitionText('example.com', server, NOW, tEn)).toBe(
      'example.com: session ended, idle timeout on the server (inferred: it deleted the cookie on the first request after a long idle)',
    );
    const burst = ended({ endReason: 'clear-site-data', endInferred: true });
    expect(transitionText('example.com', burst, NOW, tEn)).toBe(
      'example.com: session ended, cleared by Clear-Site-Data (inferred, not seen directly)',
    );
  });
});
