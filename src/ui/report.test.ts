import { describe, expect, it } from 'vitest';
import { cookie, djangoSite, NOW, session } from './fixtures';
import { reportText } from './report';
import { tEn } from './test-translate';

describe('bug-report summary', () => {
  it('tells each session’s state, times and what ended it', () => {
    const text = reportText(djangoSite, NOW, tEn, { browser: 'chrome 156', restarts: [NOW - 86_400_000] });
    expect(text).toContain('Sessionscope report for shop.example');
    expect(text).toContain('Browser: chrome 156');
    expect(text).toContain('sessionid (django): Ended, Default store');
    expect(text).toContain('Ended: you logged out (the server deleted the cookie).');
    expect(text).toContain('Survived 1 browser restart (restored by the browser)');
    expect(text).toContain('ends-at-browser-close');
  });

  it('never contains a cookie value, only its hash', () => {
    const site = {
      ...djangoSite,
      sessions: [session({ cookie: cookie({ value: 'SECRET-VALUE-123', valueHash: 'h4sh' }) })],
    };
    const text = reportText(site, NOW, tEn);
    expect(text).not.toContain('SECRET-VALUE-123');
    expect(text).toContain('value hash=h4sh');
  });
});
