import { describe, expect, it } from 'vitest';
import { recognize } from './index';

// Captured from a Flask app (itsdangerous, ts awcjmA = 1795629976).
const FLASK = 'eyJ1c2VyIjoiYWxpY2UifQ.awcjmA.mti0AiGsJZvRGr6VRwFZaAENVH4';

describe('Flask', () => {
  it('session with the itsdangerous shape: signed data, decodable', () => {
    const r = recognize({ name: 'session', value: FLASK });
    expect(r).toMatchObject({
      session: true,
      role: 'session',
      framework: 'flask',
      valueKind: 'signed-data',
      decoder: 'flask',
    });
    expect(r.confidence).toBeGreaterThanOrEqual(0.9);
    expect(r.evidence.join(' ')).toMatch(/itsdangerous/);
  });

  it('a custom session cookie name with the same shape', () => {
    expect(recognize({ name: 'app_session', value: FLASK })).toMatchObject({
      framework: 'flask',
      decoder: 'flask',
    });
  });

  it('a compressed value (leading ".")', () => {
    const r = recognize({
      name: 'session',
      value: `.eJyrVkrLz1e${'x'.repeat(30)}.awcjmA.mti0AiGsJZvRGr6VRwFZaAENVH4`,
    });
    expect(r).toMatchObject({ framework: 'flask' });
  });

  it('a JWT is not mistaken for a Flask value', () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiIsIm5hbWUiOiJhbGljZSIsImlhdCI6MTc5NTYyOTczNSwiZXhwIjoxNzk1NjMzMzM1fQ.HZ4R0ukfCihzfo5pBhd8yxvc8-ulSa5gnzAx31xP3JE';
    expect(recognize({ name: 'session', value: jwt }).framework).toBe('jwt');
  });

  it("remember_token is Flask-Login's companion", () => {
    expect(recognize({ name: 'remember_token', value: '1|abc' })).toMatchObject({
      role: 'companion',
      framework: 'flask',
    });
  });
});
