/**
 * Hand-built sites for the export tests: what the classifier reports for a Django login (opaque id
 * rotated at login, then a logout) and a Flask session that ended with the browser. Built from the
 * contract types only, so these tests do not depend on the classifier.
 */
import type { ExportCookie, ExportSession, ExportSite } from '../contract';
import { DEFAULT_RULE_SET, type RuleSet } from '../rules';
import type { ExportMeta } from './json';

export const T0 = Date.parse('2026-11-25T10:00:00.000Z');
export const iso = (offsetSeconds: number) => new Date(T0 + offsetSeconds * 1000).toISOString();

export function cookie(overrides: Partial<ExportCookie> = {}): ExportCookie {
  return {
    name: 'sessionid',
    domain: 'shop.example.com',
    path: '/',
    storeId: '0',
    partitionKey: null,
    session: false,
    expiresAt: iso(1_209_600),
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    valueHash: 'a1b2c3d4',
    ...overrides,
  };
}

export function session(overrides: Partial<ExportSession> = {}): ExportSession {
  return {
    id: 'sess-anon-0001',
    cookie: cookie(),
    framework: 'django',
    decoded: null,
    state: 'active',
    endReason: null,
    startedAt: iso(0),
    lastActivityAt: iso(0),
    endedAt: null,
    replaces: null,
    replacedBy: null,
    restartsSurvived: 0,
    restoredByBrowser: false,
    events: [{ at: iso(0), type: 'started' }],
    ...overrides,
  };
}

/** Anonymous session (0–600 s, idle at 300 s, active again at 400 s) rotated at login into one that logs out at 1200 s. */
export const djangoSite: ExportSite = {
  site: 'example.com',
  sessions: [
    session({
      id: 'sess-anon-0001',
      cookie: cookie({ value: 'anonsecretvalue0001', valueHash: 'aaaa1111' }),
      state: 'ended',
      endReason: 'rotated',
      lastActivityAt: iso(400),
      endedAt: iso(600),
      replacedBy: 'sess-login-0002',
      events: [
        { at: iso(0), type: 'started' },
        { at: iso(300), type: 'idle' },
        { at: iso(400), type: 'active' },
        { at: iso(600), type: 'rotated', to: 'sess-login-0002' },
        { at: iso(600), type: 'ended', reason: 'rotated' },
      ],
    }),
    session({
      id: 'sess-login-0002',
      cookie: cookie({ value: 'loginsecretvalue0002', valueHash: 'bbbb2222' }),
      state: 'ended',
      endReason: 'logout',
      startedAt: iso(600),
      lastActivityAt: iso(1100),
      endedAt: iso(1200),
      replaces: 'sess-anon-0001',
      events: [
        { at: iso(600), type: 'started', cookie: { name: 'sessionid', value: 'loginsecretvalue0002' } },
        { at: iso(1100), type: 'activity', count: 3 },
        { at: iso(1200), type: 'ended', reason: 'logout', setCookie: 'sessionid=""; Max-Age=0; Path=/' },
      ],
    }),
  ],
  inferences: [
    { kind: 'rotation-at-login', value: true, evidence: ['sess-anon-0001 → sess-login-0002'] },
    { kind: 'cookie-age', value: 1_209_600, evidence: ['Max-Age=1209600'] },
  ],
  lastActivityAt: iso(1100),
};

/** A Flask session cookie (no expiry) that did not survive the browser restart at 1800 s. */
export const flaskSite: ExportSite = {
  site: 'localhost',
  sessions: [
    session({
      id: 'sess-flask-0003',
      cookie: cookie({
        name: 'session',
        domain: 'localhost',
        session: true,
        expiresAt: null,
        secure: false,
        valueHash: 'cccc3333',
      }),
      framework: 'flask',
      decoded: { user_id: 42, _fresh: true },
      state: 'ended',
      endReason: 'browser-close',
      startedAt: iso(100),
      lastActivityAt: iso(200),
      endedAt: iso(1800),
      events: [
        { at: iso(100), type: 'started' },
        { at: iso(1800), type: 'ended', reason: 'browser-close' },
      ],
    }),
  ],
  inferences: [{ kind: 'ends-at-browser-close', value: true, evidence: ['no Expires or Max-Age'] }],
  lastActivityAt: iso(200),
};

export const rules: RuleSet = {
  defaults: { ...DEFAULT_RULE_SET.defaults },
  sites: { 'example.com': { idleAfterSeconds: 300, idleTimeoutSeconds: 1800 } },
};

export const meta: ExportMeta = {
  now: T0 + 3600_000,
  browser: { name: 'chrome', version: '142.0.7444.59' },
  rules,
  restarts: [T0 + 1800_000],
};
