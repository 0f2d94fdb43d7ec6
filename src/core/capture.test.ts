import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_NAVIGATIONS_ONLY,
  annotateCapture,
  CAUSE_NOT_CAPTURED,
  type CaptureLog,
  coverageAt,
  covers,
  headerEvidenceGap,
  MAX_CAPTURE_LOG,
  parseCaptureLog,
  withChange,
} from './capture';
import { DEFAULT_RULE_SET } from './rules';
import { Tracker } from './tracker';
import { removed, SESSIONID, SITE, sessionCookie, set, T0 } from './tracker.fixtures';

const MIN = 60_000;

describe('covers', () => {
  it('covers a captured site, its subdomains, and everything in "all"', () => {
    expect(covers(['example.com'], 'example.com')).toBe(true);
    expect(covers(['example.com'], 'app.example.com')).toBe(true);
    expect(covers(['app.example.com'], 'example.com')).toBe(false);
    expect(covers(['example.com'], 'notexample.com')).toBe(false);
    expect(covers([], '127.0.0.1')).toBe(false);
    expect(covers('all', '127.0.0.1')).toBe(true);
  });
  it('reads an IPv6 site with or without brackets', () => {
    expect(covers(['[::1]'], '::1')).toBe(true);
  });
});

describe('coverageAt', () => {
  const log: CaptureLog = [
    { at: T0, sites: ['127.0.0.1'] },
    { at: T0 + 10 * MIN, sites: ['127.0.0.1', 'example.com'] },
    { at: T0 + 20 * MIN, sites: ['example.com'] },
  ];
  it('is not captured before the first change', () => {
    expect(coverageAt(log, SITE, T0 - 1)).toEqual({ captured: false, since: null });
  });
  it('says since when without a break, across changes that kept the site', () => {
    expect(coverageAt(log, SITE, T0 + 15 * MIN)).toEqual({ captured: true, since: T0 });
    expect(coverageAt(log, 'example.com', T0 + 25 * MIN)).toEqual({ captured: true, since: T0 + 10 * MIN });
  });
  it('is not captured after the site was taken out', () => {
    expect(coverageAt(log, SITE, T0 + 20 * MIN)).toEqual({ captured: false, since: null });
    expect(headerEvidenceGap(log, SITE, T0 + 21 * MIN)).toBe(CAUSE_NOT_CAPTURED);
    expect(headerEvidenceGap(log, SITE, T0 + 5 * MIN)).toBeNull();
  });
});

describe('withChange', () => {
  it('appends only what changes something, with sites normalised', () => {
    let log = withChange([], { at: T0, sites: ['Example.com', 'example.com'] });
    expect(log).toEqual([{ at: T0, sites: ['example.com'] }]);
    expect(withChange(log, { at: T0 + 1, sites: ['example.com'] })).toBe(log);
    log = withChange(log, { at: T0 + 2, sites: 'all' });
    expect(log.map((c) => c.sites)).toEqual([['example.com'], 'all']);
  });
  it('never goes back in time', () => {
    const log = withChange([{ at: T0, sites: [] }], { at: T0 - MIN, sites: ['a.test'] });
    expect(log[1]).toEqual({ at: T0, sites: ['a.test'] });
  });
  it('drops what no kept event needs, and keeps the entry in force at the oldest kept event', () => {
    let log: CaptureLog = [];
    for (let i = 0; i < 10; i++) log = withChange(log, { at: T0 + i * MIN, sites: i % 2 ? ['a.test'] : [] });
    const pruned = withChange(log, { at: T0 + 10 * MIN, sites: ['b.test'] }, T0 + 5.5 * MIN);
    expect(pruned[0]).toEqual({ at: T0 + 5 * MIN, sites: ['a.test'] });
    expect(coverageAt(pruned, 'a.test', T0 + 5.5 * MIN).captured).toBe(true);
  });
  it('stays bounded', () => {
    let log: CaptureLog = [];
    for (let i = 0; i < MAX_CAPTURE_LOG + 50; i++) log = withChange(log, { at: i, sites: [`s${i}.test`] });
    expect(log.length).toBe(MAX_CAPTURE_LOG);
    expect(log[log.length - 1]?.sites).toEqual([`s${MAX_CAPTURE_LOG + 49}.test`]);
  });
});

describe('parseCaptureLog', () => {
  it('keeps well-formed entries in time order and drops the rest', () => {
    expect(
      parseCaptureLog([
        { at: 5, sites: 'all' },
        { at: 'x', sites: [] },
        null,
        { at: 1, sites: ['a.test'] },
        { at: 2, sites: [3] },
      ]),
    ).toEqual([
      { at: 1, sites: ['a.test'] },
      { at: 5, sites: 'all' },
    ]);
    expect(parseCaptureLog(undefined)).toEqual([]);
  });
});

describe('annotateCapture', () => {
  // A session the server ended while its requests were not captured: Firefox and Chrome report a server's
  // Set-Cookie deletion seen without headers as an explicit removal. Only headers tell a logout apart.
  function endedByRemoval(at: number) {
    const tracker = new Tracker(DEFAULT_RULE_SET);
    const c = sessionCookie(SESSIONID, T0);
    tracker.apply(set(c, T0));
    tracker.apply(removed(c, at, 'explicit'));
    return tracker.report(at + MIN);
  }

  it('says the cause is unknown when the site was not captured when the session ended', () => {
    const [site] = annotateCapture(endedByRemoval(T0 + MIN), [], T0 + 2 * MIN);
    expect(site?.capture).toEqual({ captured: false, since: null, unknown: ACTIVITY_NAVIGATIONS_ONLY });
    const session = site?.sessions[0];
    expect(session?.endReason).toBe('removed');
    expect(session?.endUnknown).toBe(CAUSE_NOT_CAPTURED);
    const ended = session?.events.find((e) => e.type === 'ended');
    // The browser's own report stays beside it: only the cause is unknown.
    expect(ended?.evidence).toEqual({
      cookieChange: { removed: true, cause: 'explicit' },
      unknown: CAUSE_NOT_CAPTURED,
    });
  });

  it('does not blame capture when the site was captured then, even if it is not now', () => {
    const log: CaptureLog = [
      { at: T0 - MIN, sites: [SITE] },
      { at: T0 + 90_000, sites: [] },
    ];
    const [site] = annotateCapture(endedByRemoval(T0 + MIN), log, T0 + 2 * MIN);
    expect(site?.capture?.captured).toBe(false);
    expect(site?.sessions[0]?.endUnknown).toBeUndefined();
    // Captured and still no header: the removal's own source is what is unknown, not the capture.
    const evidence = site?.sessions[0]?.events.find((e) => e.type === 'ended')?.evidence;
    expect((evidence as { unknown?: string } | undefined)?.unknown).not.toBe(CAUSE_NOT_CAPTURED);
  });

  it('reports a captured site with the time capture began', () => {
    const log: CaptureLog = [{ at: T0 - MIN, sites: 'all' }];
    const [site] = annotateCapture(endedByRemoval(T0 + MIN), log, T0 + 2 * MIN);
    expect(site?.capture).toEqual({ captured: true, since: new Date(T0 - MIN).toISOString() });
  });

  it('leaves an end the browser decided alone (an expiry at its time is not a header question)', () => {
    const tracker = new Tracker(DEFAULT_RULE_SET);
    const c = sessionCookie(SESSIONID, T0);
    tracker.apply(set(c, T0));
    tracker.apply(removed(c, c.expiresAt ?? T0, 'expired'));
    const [site] = annotateCapture(tracker.report((c.expiresAt ?? T0) + MIN), [], (c.expiresAt ?? T0) + MIN);
    expect(site?.sessions[0]?.endReason).toBe('expired');
    expect(site?.sessions[0]?.endUnknown).toBeUndefined();
  });
});
