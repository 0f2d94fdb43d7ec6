import { describe, expect, it } from 'vitest';
import { recognize } from './index';

// Captured from express-session and cookie-session.
const CONNECT_SID = 's%3A1LfbXerGCkIOPUWFxMM06XWzDa0otwXW.tCwyoQYnVlQAaB%2FmYGz7Clpp8Ea%2FBA2czOLw%2BkQXxhw';
const COOKIE_SESSION = 'eyJ1c2VyIjoiYWxpY2UifQ==';

describe('Express', () => {
  it('connect.sid with a signed id: an opaque id', () => {
    const r = recognize({ name: 'connect.sid', value: CONNECT_SID });
    expect(r).toMatchObject({ session: true, framework: 'express', valueKind: 'opaque-id', decoder: null });
    expect(r.evidence.join(' ')).toMatch(/s%3A/);
  });

  it('connect.sid unencoded "s:" too', () => {
    expect(recognize({ name: 'connect.sid', value: 's:abc.def' }).hints.signed).toBe('cookie-signature');
  });

  it('a custom express-session name is recognized by the signed-id shape', () => {
    expect(recognize({ name: 'myapp.sid', value: CONNECT_SID })).toMatchObject({
      session: true,
      framework: 'express',
    });
  });

  it('cookie-session: session + session.sig is signed data with a decoder', () => {
    const r = recognize({ name: 'session', value: COOKIE_SESSION, siblings: ['session', 'session.sig'] });
    expect(r).toMatchObject({
      session: true,
      framework: 'express',
      valueKind: 'signed-data',
      decoder: 'cookie-session',
    });
    expect(r.evidence.join(' ')).toMatch(/session\.sig/);
  });

  it('session.sig is a companion of its session', () => {
    const r = recognize({ name: 'session.sig', value: 'mti0AiGsJZvRGr6VRwFZaAENVH4', siblings: ['session'] });
    expect(r).toMatchObject({ session: false, role: 'companion', framework: 'express' });
  });

  it('an unsigned cookie-session is still recognized, with less confidence', () => {
    const paired = recognize({ name: 'session', value: COOKIE_SESSION, siblings: ['session.sig'] });
    const alone = recognize({ name: 'session', value: COOKIE_SESSION });
    expect(alone).toMatchObject({ session: true, decoder: 'cookie-session' });
    expect(alone.confidence).toBeLessThan(paired.confidence);
  });
});
