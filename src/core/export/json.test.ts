import { describe, expect, it } from 'vitest';
import { maskDocument, toExportDocument } from './json';
import { djangoSite, flaskSite, meta, T0 } from './test-fixtures';

describe('toExportDocument', () => {
  it('writes the v1 header, the export time and restarts as ISO, the rules and the sites', () => {
    const doc = toExportDocument([djangoSite, flaskSite], meta);
    expect(doc.format).toBe('sessionscope-timeline');
    expect(doc.version).toBe(1);
    expect(doc.exportedAt).toBe('2026-11-25T11:00:00.000Z');
    expect(doc.restarts).toEqual([{ at: '2026-11-25T10:30:00.000Z' }]);
    expect(doc.browser).toEqual({ name: 'chrome', version: '142.0.7444.59' });
    expect(doc.rules.sites['example.com']?.idleTimeoutSeconds).toBe(1800);
    expect(doc.sites.map((s) => s.site)).toEqual(['example.com', 'localhost']);
    expect(doc.sites[0]?.sessions[1]?.replaces).toBe('sess-anon-0001');
  });

  it('writes keys in contract order whatever order the report used, so exports diff cleanly', () => {
    const shuffled = JSON.parse(JSON.stringify(djangoSite), (_key, value) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).reverse())
        : value,
    );
    const a = JSON.stringify(toExportDocument([djangoSite], meta));
    const b = JSON.stringify(toExportDocument([shuffled], meta));
    expect(b).toBe(a);
    const doc = toExportDocument([shuffled], meta);
    expect(Object.keys(doc)).toEqual([
      'format',
      'version',
      'exportedAt',
      'browser',
      'rules',
      'restarts',
      'sites',
    ]);
    const session = doc.sites[0]!.sessions[0]!;
    // Written out, not imported from contract.ts: this is the order docs/export-format.md promises readers.
    expect(Object.keys(session).slice(0, 14)).toEqual([
      'id',
      'cookie',
      'framework',
      'decoded',
      'state',
      'endReason',
      'startedAt',
      'lastActivityAt',
      'endedAt',
      'replaces',
      'replacedBy',
      'restartsSurvived',
      'restoredByBrowser',
      'events',
    ]);
    expect(Object.keys(session.cookie).slice(0, 3)).toEqual(['name', 'domain', 'path']);
    expect(Object.keys(session.events[3]!)).toEqual(['at', 'type', 'to']);
  });

  it('sorts restarts oldest first', () => {
    const doc = toExportDocument([], { ...meta, restarts: [T0 + 2000, T0 + 1000] });
    expect(doc.restarts.map((r) => r.at)).toEqual(['2026-11-25T10:00:01.000Z', '2026-11-25T10:00:02.000Z']);
  });

  it('leaves cookie values out unless the user chose to include them', () => {
    const masked = JSON.stringify(toExportDocument([djangoSite], meta));
    expect(masked).not.toContain('anonsecretvalue0001');
    expect(masked).not.toContain('loginsecretvalue0002');
    // The hash stays, so a rotation is still visible.
    expect(masked).toContain('aaaa1111');
    expect(masked).toContain('bbbb2222');

    const withValues = toExportDocument([djangoSite], { ...meta, includeValues: true });
    expect(withValues.sites[0]?.sessions[0]?.cookie.value).toBe('anonsecretvalue0001');
    expect(withValues.sites[0]?.sessions[1]?.events[0]).toMatchObject({
      cookie: { value: 'loginsecretvalue0002' },
    });
  });

  it('does not let a report key named __proto__ replace an object prototype', () => {
    const hostile = JSON.parse(
      `{"at":"2026-11-25T10:00:00.000Z","type":"updated","__proto__":{"polluted":true}}`,
    );
    const site = { ...djangoSite, sessions: [{ ...djangoSite.sessions[0]!, events: [hostile] }] };
    const event = toExportDocument([site], meta).sites[0]!.sessions[0]!.events[0]!;
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
    expect(Object.hasOwn(event, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses an invalid export time with a clear error', () => {
    expect(() => toExportDocument([], { ...meta, now: Number.NaN })).toThrow(/meta.now is not a valid time/);
  });
});

describe('maskDocument', () => {
  it('strips every cookie value, in sessions and in events, and keeps the hashes', () => {
    const doc = toExportDocument([djangoSite, flaskSite], { ...meta, includeValues: true });
    expect(JSON.stringify(doc)).toContain('loginsecretvalue0002');
    const masked = maskDocument(doc);
    const text = JSON.stringify(masked);
    expect(text).not.toContain('anonsecretvalue0001');
    expect(text).not.toContain('loginsecretvalue0002');
    expect(masked.sites[0]?.sessions[0]?.cookie).not.toHaveProperty('value');
    expect(masked.sites[0]?.sessions[0]?.cookie.valueHash).toBe('aaaa1111');
    expect(masked.sites[0]?.sessions[1]?.events[0]).toEqual({
      at: '2026-11-25T10:10:00.000Z',
      type: 'started',
      cookie: { name: 'sessionid' },
    });
    // Everything else is untouched.
    expect(masked.sites[1]).toEqual(doc.sites[1]);
    // The input is not modified.
    expect(doc.sites[0]?.sessions[0]?.cookie.value).toBe('anonsecretvalue0001');
  });
});
