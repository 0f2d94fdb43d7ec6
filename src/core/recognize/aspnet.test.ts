import { describe, expect, it } from 'vitest';
import { recognize } from './index';

const PROTECTED = `CfDJ8${'AbCdEfGh_-12'.repeat(20)}`;

describe('ASP.NET', () => {
  it('ASP.NET_SessionId is an opaque id', () => {
    const r = recognize({ name: 'ASP.NET_SessionId', value: 'v5mu3ukq0tfa2yijxw1zxnwl' });
    expect(r).toMatchObject({ session: true, framework: 'aspnet', valueKind: 'opaque-id' });
    expect(r.evidence.join(' ')).toMatch(/24 characters/);
  });

  it('.ASPXAUTH is an encrypted ticket', () => {
    expect(recognize({ name: '.ASPXAUTH', value: 'A1B2C3' })).toMatchObject({
      session: true,
      valueKind: 'encrypted-data',
    });
  });

  it.each(['.AspNetCore.Session', '.AspNetCore.Cookies', '.AspNetCore.Identity.Application'])(
    '%s with a CfDJ8 value is encrypted data',
    (name) => {
      const r = recognize({ name, value: PROTECTED });
      expect(r).toMatchObject({ session: true, framework: 'aspnet', valueKind: 'encrypted-data' });
      expect(r.evidence.join(' ')).toMatch(/CfDJ8/);
    },
  );

  it('a chunked auth cookie: the base is the session, its chunks are companions', () => {
    const siblings = [
      '.AspNetCore.Cookies',
      '.AspNetCore.CookiesC1',
      '.AspNetCore.CookiesC2',
      '.AspNetCore.CookiesC3',
    ];
    const base = recognize({ name: '.AspNetCore.Cookies', value: 'chunks-3', siblings });
    expect(base).toMatchObject({ session: true, role: 'session', hints: { chunks: '3' } });
    for (const name of siblings.slice(1)) {
      expect(recognize({ name, value: PROTECTED.slice(0, 100), siblings })).toMatchObject({
        session: false,
        role: 'companion',
        framework: 'aspnet',
        hints: { chunkOf: '.AspNetCore.Cookies' },
      });
    }
  });

  it('a custom-named chunked cookie, known by its chunks', () => {
    const siblings = ['MyAuth', 'MyAuthC1', 'MyAuthC2'];
    expect(recognize({ name: 'MyAuth', value: 'chunks-2', siblings })).toMatchObject({
      session: true,
      framework: 'aspnet',
    });
    expect(recognize({ name: 'MyAuthC2', value: 'x', siblings }).role).toBe('companion');
  });

  it('antiforgery cookies are companions', () => {
    expect(recognize({ name: '.AspNetCore.Antiforgery.Xyz123', value: PROTECTED }).role).toBe('companion');
  });

  it('a custom-named Data Protection cookie is likely an auth cookie', () => {
    expect(recognize({ name: 'MyAuth', value: PROTECTED })).toMatchObject({
      session: true,
      framework: 'aspnet',
    });
  });
});
