import { describe, expect, it } from 'vitest';
import { recognize } from './index';

describe('Java servlets', () => {
  it('JSESSIONID from Tomcat, with a jvmRoute suffix', () => {
    const r = recognize({ name: 'JSESSIONID', value: '4F1A8B2C9D3E4F5A6B7C8D9E0F1A2B3C.node1' });
    expect(r).toMatchObject({
      session: true,
      framework: 'java',
      valueKind: 'opaque-id',
      hints: { server: 'tomcat', jvmRoute: 'node1' },
    });
    expect(r.evidence.join(' ')).toMatch(/jvmRoute/);
  });

  it('JSESSIONID from Jetty', () => {
    expect(recognize({ name: 'JSESSIONID', value: 'node01abcdefghij1234567890.node0' }).hints).toMatchObject({
      server: 'jetty',
      jvmRoute: 'node0',
    });
  });

  it('JSESSIONID with any other value is still a session', () => {
    expect(recognize({ name: 'JSESSIONID', value: 'xyz' })).toMatchObject({
      session: true,
      framework: 'java',
    });
  });
});
