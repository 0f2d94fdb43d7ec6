import { describe, expect, it } from 'vitest';
import { recognize } from './index';

// The Rails 5.2 API docs example, and the same URL-encoded as browsers store it.
const GCM = 'DIQ7fw==--K3n//8vvnSbGq9dA--7Xh91HfLpwzbj1czhBiwOg==';
const GCM_ENCODED = 'DIQ7fw%3D%3D--K3n%2F%2F8vvnSbGq9dA--7Xh91HfLpwzbj1czhBiwOg%3D%3D';

describe('Rails', () => {
  it.each([GCM, GCM_ENCODED])('_<app>_session with the 5.2+ shape is encrypted data: %s', (value) => {
    const r = recognize({ name: '_blog_session', value });
    expect(r).toMatchObject({
      session: true,
      framework: 'rails',
      valueKind: 'encrypted-data',
      decoder: null,
      hints: { appName: 'blog', railsVersion: '>= 5.2' },
    });
    expect(r.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('the 4.0–5.1 shape (data--hmac)', () => {
    const r = recognize({ name: '_blog_session', value: `${'QUJD'.repeat(10)}--${'a1'.repeat(20)}` });
    expect(r.hints.railsVersion).toBe('4.0 – 5.1');
  });

  it('the name alone is enough, with less confidence', () => {
    const r = recognize({ name: '_blog_session', value: 'whatever' });
    expect(r).toMatchObject({ session: true, framework: 'rails' });
    expect(r.confidence).toBeLessThan(0.9);
  });
});
