import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExportDocument } from './contract';
import { toExportDocument } from './export/json';
import { FC_RUNS, inputArb, PROPERTY_TIMEOUT } from './export/test-arbitraries';
import { djangoSite, flaskSite, meta } from './export/test-fixtures';
import { MAX_IMPORT_DEPTH, parseImport, parseImportText } from './import';

const valid = (): ExportDocument => toExportDocument([djangoSite, flaskSite], meta);
/** A fresh, mutable copy of a valid document as plain JSON data. */
const validData = () => JSON.parse(JSON.stringify(valid()));

function expectError(result: ReturnType<typeof parseImport>): {
  error: string;
  errors?: { path: string; message: string }[];
} {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected an error');
  return result;
}

describe('parseImport: valid documents', () => {
  it('reads back an export exactly', () => {
    const doc = valid();
    const result = parseImportText(JSON.stringify(doc, null, 2));
    expect(result).toEqual({ ok: true, doc, warnings: [] });
  });

  it('keeps fields it does not know (a newer Sessionscope may add fields within version 1)', () => {
    const data = validData();
    data.generator = { name: 'sessionscope', build: 7 };
    data.sites[0].sessions[0].cookie.priority = 'High';
    data.sites[0].sessions[0].futureField = [1, 2];
    const result = parseImport(data);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect((result.doc as unknown as Record<string, unknown>).generator).toEqual({
      name: 'sessionscope',
      build: 7,
    });
    expect(result.doc.sites[0]?.sessions[0]?.cookie).toHaveProperty('priority', 'High');
  });

  it('reads a session’s payload history back, and names a damaged entry', () => {
    const data = validData();
    const entry = { at: '2026-11-25T10:00:00.000Z', lastAt: '2026-11-25T10:00:05.000Z', count: 2 };
    data.sites[0].sessions[0].decodedHistory = [{ ...entry, decoded: { _auth_user_id: '1' }, changed: [] }];
    const result = parseImport(data);
    expect(result.ok && result.doc.sites[0]?.sessions[0]?.decodedHistory?.[0]?.count).toBe(2);
    data.sites[0].sessions[0].decodedHistory = [{ ...entry, count: 0, decoded: null, changed: [] }];
    expect(expectError(parseImport(data)).errors?.[0]?.path).toBe(
      'sites[0].sessions[0].decodedHistory[0].count',
    );
  });

  it('accepts a byte-order mark, as some editors save one', () => {
    expect(parseImportText(`\uFEFF${JSON.stringify(valid())}`).ok).toBe(true);
  });
});

describe('parseImport: wrong files', () => {
  it('says when the file is not a Sessionscope timeline', () => {
    expect(expectError(parseImport({ traceEvents: [] })).error).toMatch(
      /not a Sessionscope timeline.*no "format"/,
    );
    expect(expectError(parseImport({ ...validData(), format: 'har' })).error).toMatch(
      /not a Sessionscope timeline: its format is "har"/,
    );
    expect(expectError(parseImport([1, 2])).error).toMatch(/not a Sessionscope timeline/);
    expect(expectError(parseImport('hello')).error).toMatch(/not a Sessionscope timeline/);
    expect(expectError(parseImport(null)).error).toMatch(/not a Sessionscope timeline/);
  });

  it('says when the version is newer than it understands, or not a version at all', () => {
    const newer = expectError(parseImport({ ...validData(), version: 2 }));
    expect(newer.error).toContain('version 2 is newer than this Sessionscope understands');
    expect(newer.errors).toEqual([{ path: 'version', message: 'must be 1' }]);
    expect(expectError(parseImport({ ...validData(), version: '1' })).error).toMatch(
      /version "1" is not supported/,
    );
    expect(expectError(parseImport({ ...validData(), version: 0 })).error).toMatch(
      /version 0 is not supported/,
    );
  });

  it('names the path and the expected type of each wrong field', () => {
    const data = validData();
    data.sites[0].sessions[1].cookie.secure = 'yes';
    data.sites[1].sessions[0].state = 'sleeping';
    data.sites[0].sessions[0].events[2].at = 'yesterday';
    delete data.sites[1].sessions[0].startedAt;
    data.restarts[0].at = 1234;
    const result = expectError(parseImport(data));
    expect(result.error).toMatch(/^This timeline has 5 problems\. .+ \(and 4 more\)\.$/);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { path: 'sites[0].sessions[1].cookie.secure', message: 'must be true or false, not "yes"' },
        {
          path: 'sites[1].sessions[0].state',
          message: 'must be one of "active", "idle", "ended", not "sleeping"',
        },
        {
          path: 'sites[0].sessions[0].events[2].at',
          message: 'must be an ISO-8601 date and time, like 2026-11-25T14:03:00.000Z',
        },
        { path: 'sites[1].sessions[0].startedAt', message: 'is missing' },
        { path: 'restarts[0].at', message: 'must be text, not 1234' },
      ]),
    );
    expect(result.errors).toHaveLength(5);
  });

  it('caps the list of field errors so a huge bad file gives a readable answer', () => {
    const data = validData();
    data.restarts = Array.from({ length: 500 }, () => ({ at: 0 }));
    const result = expectError(parseImport(data));
    expect(result.errors).toHaveLength(50);
    expect(result.error).toMatch(/500 problems/);
  });
});

describe('parseImport: hostile input', () => {
  it('drops __proto__, constructor and prototype keys and leaves Object.prototype untouched', () => {
    const text = JSON.stringify(valid()).replace(
      '"decoded":{"user_id":42',
      '"decoded":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"user_id":42',
    );
    const hostile = `{"__proto__":{"polluted":"yes","isAdmin":true},${text.slice(1)}`;
    expect(hostile).toContain('"__proto__":{"polluted":"yes"}');
    const result = parseImportText(hostile);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual(['Ignored 3 keys named __proto__, constructor or prototype.']);
    const decoded = result.doc.sites[1]?.sessions[0]?.decoded as Record<string, unknown>;
    expect(Object.keys(decoded)).toEqual(['user_id', '_fresh']);
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(result.doc)).toBe(Object.prototype);
    expect(Object.hasOwn(result.doc, '__proto__')).toBe(false);
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
  });

  it('still rejects a hostile file whose version only exists under __proto__', () => {
    const data = validData();
    delete data.version;
    const text = `{"__proto__":{"version":1},${JSON.stringify(data).slice(1)}`;
    expect(expectError(parseImportText(text)).error).toMatch(/^This timeline has no "version" field/);
  });

  it('refuses 10,000 levels of nesting with a clear error instead of overflowing the stack', () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const text = JSON.stringify(valid()).replace(
      '"decoded":{"user_id":42',
      `"decoded":{"deep":${deep},"user_id":42`,
    );
    const result = expectError(parseImportText(text));
    expect(result.error).toMatch(
      new RegExp(
        `^The timeline is not valid: sites\\[1\\]\\.sessions\\[0\\]\\.decoded\\.deep(\\[0\\])+: nested more than ${MAX_IMPORT_DEPTH} levels deep\\.$`,
      ),
    );

    // The same as objects built in memory, and a million levels as text.
    let nested: unknown = {};
    for (let i = 0; i < 10_000; i++) nested = { a: nested };
    expect(expectError(parseImport(nested)).error).toMatch(/nested more than 128 levels deep/);
    const million = `${'{"a":'.repeat(1_000_000)}1${'}'.repeat(1_000_000)}`;
    expect(expectError(parseImportText(million)).error).toMatch(/nested more than 128 levels deep/);
  });

  it('refuses input larger than the limit before parsing it', () => {
    const fiftyMegabytes = 'x'.repeat(50 * 1024 * 1024);
    const result = expectError(parseImportText(fiftyMegabytes));
    expect(result.error).toBe(
      'The file is too large to import: Sessionscope imports timelines of up to 20 MB.',
    );
    // Bytes, not characters: 600 two-byte characters are 1,200 bytes.
    expect(expectError(parseImportText(`"${'é'.repeat(600)}"`, 1000)).error).toMatch(/up to 1000 bytes/);
    expect(expectError(parseImportText(`"${'e'.repeat(600)}"`, 1000)).error).toMatch(
      /not a Sessionscope timeline/,
    );
  });

  it('turns unreadable text into a clear message', () => {
    expect(expectError(parseImportText('')).error).toBe('The file is empty.');
    expect(expectError(parseImportText('  \n')).error).toBe('The file is empty.');
    expect(expectError(parseImportText('{"format": "sessionscope-timeline",')).error).toMatch(
      /^The file is not valid JSON: /,
    );
    expect(expectError(parseImportText(42 as unknown as string)).error).toBe(
      'The timeline must be given as text.',
    );
  });

  it('refuses what JSON cannot hold, with its path, and never throws on odd objects', () => {
    const withValue = (value: unknown) => {
      const data = validData();
      data.sites[0].sessions[0].decoded = { x: value };
      return parseImport(data);
    };
    expect(expectError(withValue(() => 1)).error).toBe(
      'The timeline is not valid: sites[0].sessions[0].decoded.x: a function is not JSON data.',
    );
    expect(expectError(withValue(10n)).error).toMatch(/a bigint is not JSON data/);
    expect(expectError(withValue(Symbol('s'))).error).toMatch(/a symbol is not JSON data/);
    expect(expectError(withValue(Number.NaN)).error).toMatch(/NaN is not a finite number/);
    expect(expectError(withValue(new Date(0))).error).toMatch(/is not plain JSON data/);
    expect(expectError(withValue(new Map())).error).toMatch(/is not plain JSON data/);

    const cyclic = validData();
    cyclic.sites[0].sessions[0].decoded = { self: cyclic };
    expect(expectError(parseImport(cyclic)).error).toMatch(/repeated or circular reference/);

    const trap = validData();
    Object.defineProperty(trap.sites[0], 'site', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(expectError(parseImport(trap)).error).toBe('The timeline could not be read: boom');

    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys for you');
        },
      },
    );
    expect(expectError(parseImport(proxy)).error).toMatch(/could not be read: no keys for you/);
  });
});

describe('parseImport: properties', () => {
  const never = (run: () => unknown) => {
    try {
      run();
      return true;
    } catch {
      return false;
    }
  };

  it(
    'never throws on anything',
    () => {
      fc.assert(
        fc.property(
          fc.anything({
            withBigInt: true,
            withMap: true,
            withSet: true,
            withDate: true,
            withTypedArray: true,
            withSparseArray: true,
            withNullPrototype: true,
            withObjectString: true,
          }),
          (value) => {
            const result = parseImport(value);
            expect(typeof result.ok).toBe('boolean');
          },
        ),
        { numRuns: FC_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'never throws on any JSON text, nor on any text at all',
    () => {
      fc.assert(
        fc.property(fc.oneof(fc.json(), fc.string()), (text) => never(() => parseImportText(text))),
        { numRuns: FC_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'never throws on a mutated valid document, and rejects or accepts it without touching Object.prototype',
    () => {
      const paths = (value: unknown, prefix: (string | number)[] = []): (string | number)[][] => {
        if (value === null || typeof value !== 'object') return [prefix];
        const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
        return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
      };
      const base = validData();
      const baseText = JSON.stringify(base);
      const allPaths = paths(base).filter((p) => p.length > 0);
      const mutation = fc.record({
        path: fc.constantFrom(...allPaths),
        action: fc.constantFrom('replace', 'delete', 'proto'),
        value: fc.anything(),
      });
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
          const data = JSON.parse(baseText);
          for (const { path, action, value } of mutations) {
            let parent = data;
            for (const key of path.slice(0, -1)) {
              if (parent === null || typeof parent !== 'object') break;
              parent = parent[key];
            }
            if (parent === null || typeof parent !== 'object') continue;
            const last = path[path.length - 1]!;
            if (action === 'delete') delete parent[last];
            else if (action === 'replace') parent[last] = value;
            else
              Object.defineProperty(parent, '__proto__', {
                value: { polluted: value },
                enumerable: true,
                configurable: true,
                writable: true,
              });
          }
          const result = parseImportText(JSON.stringify(data) ?? '');
          expect(typeof result.ok).toBe('boolean');
          expect(parseImport(data).ok).toBe(result.ok);
          expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
        }),
        { numRuns: FC_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'reads back every export: toExportDocument → JSON text → parseImportText is the identity',
    () => {
      fc.assert(
        fc.property(inputArb, ([sites, m]) => {
          const doc = toExportDocument(sites, m);
          const result = parseImportText(JSON.stringify(doc));
          if (!result.ok) throw new Error(`${result.error} ${JSON.stringify(result.errors)}`);
          // Strict: same prototypes, no key gained or lost, not even one holding undefined.
          if (!isDeepStrictEqual(result.doc, doc)) expect(result.doc).toEqual(doc);
        }),
        { numRuns: FC_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('docs/export-format.md', () => {
  it('has an example that the importer accepts', () => {
    const markdown = readFileSync(resolve(process.cwd(), 'docs/export-format.md'), 'utf8');
    const example = /## Example\n\n```json\n([\s\S]+?)\n```/.exec(markdown)?.[1];
    expect(example).toBeDefined();
    const result = parseImportText(example!);
    if (!result.ok) throw new Error(`${result.error} ${JSON.stringify(result.errors)}`);
    expect(result.doc.sites[0]?.sessions[0]?.endReason).toBe('logout');
  });
});
