import { describe, expect, it } from 'vitest';
import { refusalsIn } from './refusal-view';
import { requestLine } from './shape';
import { tEn } from './test-translate';

const header =
  'sessionid=<value hidden, 32 characters>; expires=Thu, 10 Dec 2026 10:00:00 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=None';

describe('refused cookies for the site view', () => {
  it('reads the header, the request and the rule broken from a cookie-refused inference', () => {
    const [r, ...rest] = refusalsIn([
      { kind: 'expiry', value: { mode: 'fixed' }, evidence: [] },
      {
        kind: 'cookie-refused',
        value: { cookie: 'sessionid', rule: 'samesite-none-without-secure' },
        evidence: [
          {
            at: '2026-11-26T10:00:00.000Z',
            rule: 'samesite-none-without-secure',
            reason: 'SameSite=None requires Secure',
            request: {
              method: 'GET',
              url: 'http://app.example.test:8000/refused/x',
              status: 200,
              at: '2026-11-26T10:00:00.000Z',
            },
            header: { name: 'Set-Cookie', value: header },
          },
          'no sessionid cookie with that value appeared within 5 s, in any cookie store or partition',
        ],
      },
    ]);
    expect(rest).toEqual([]);
    expect(r?.cookie).toBe('sessionid');
    expect(r?.rule).toBe('samesite-none-without-secure');
    expect(r?.attempts[0]?.header).toBe(`Set-Cookie: ${header}`);
    expect(r?.attempts[0]?.reason).toBe('SameSite=None requires Secure');
    expect(requestLine(r!.attempts[0]!.request!, '?', '?')).toBe(
      'GET http://app.example.test:8000/refused/x → 200',
    );
    expect(r?.notes).toEqual([expect.stringMatching(/^no sessionid cookie with that value appeared/)]);
    expect(tEn('refusal_item', [r!.cookie, r!.rule])).toBe(
      'The browser refused the session cookie sessionid (rule: samesite-none-without-secure).',
    );
  });

  it('leaves out what has another shape rather than trusting it', () => {
    expect(
      refusalsIn([
        { kind: 'cookie-refused', value: 'sessionid', evidence: [] },
        { kind: 'cookie-refused', value: { cookie: 3, rule: 'x' }, evidence: [] },
      ]),
    ).toEqual([]);
    const [r] = refusalsIn([
      {
        kind: 'cookie-refused',
        value: { cookie: 'sid', rule: 'oversize' },
        evidence: [{ header: 7, request: { url: 1 } }],
      },
    ]);
    expect(r?.attempts).toEqual([{ at: null, reason: null, header: null, request: null }]);
  });
});
