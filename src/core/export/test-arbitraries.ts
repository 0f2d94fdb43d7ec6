/** fast-check generators of valid v1 documents, for the export and import properties. */
import fc from 'fast-check';
import { END_REASONS, type ExportSite, FRAMEWORKS, REQUIRED_SESSION_KEYS, SESSION_STATES } from '../contract';
import type { ExportMeta } from './json';

export const FC_RUNS = Number(process.env.FC_RUNS ?? 10_000);
/** Property tests run FC_RUNS cases: give them room on a busy CI machine. */
export const PROPERTY_TIMEOUT = 600_000;

const BASE = Date.parse('2026-11-25T00:00:00.000Z');
/** Times within a month of BASE, in whole milliseconds. */
export const millis = fc.integer({ min: BASE - 15 * 86_400_000, max: BASE + 15 * 86_400_000 });
const isoTime = millis.map((ms) => new Date(ms).toISOString());

/** Keys the importer drops on purpose (docs/export-format.md), so a round trip cannot keep them. */
const DROPPED_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Keys a website or a classifier might produce, without those the importer drops on purpose. */
const key = fc.string({ maxLength: 12 }).filter((k) => !DROPPED_KEYS.includes(k));

/** The same value without dropped keys at any depth (fc.jsonValue nests objects with any key). */
function withoutDroppedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDroppedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !DROPPED_KEYS.includes(k))
      .map(([k, v]) => [k, withoutDroppedKeys(v)]),
  );
}

const jsonValue = fc
  .jsonValue({ maxDepth: 2 })
  .map((v) => withoutDroppedKeys(JSON.parse(JSON.stringify(v))) as unknown);
const dict = fc.dictionary(key, jsonValue, { maxKeys: 3, noNullPrototype: true });

const event = fc
  .record({
    at: isoTime,
    type: fc.constantFrom(
      'started',
      'updated',
      'activity',
      'idle',
      'active',
      'ended',
      'rotated',
      'restart-survived',
      'clear-site-data',
      'x',
    ),
  })
  .chain((base) =>
    dict.map((extra) => ({
      ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'at' && k !== 'type')),
      ...base,
    })),
  );

const cookie = fc.record(
  {
    name: fc.string({ maxLength: 20 }),
    domain: fc.string({ maxLength: 20 }),
    path: fc.string({ maxLength: 10 }),
    storeId: fc.constantFrom('0', '1', 'firefox-default', 'firefox-container-1'),
    partitionKey: fc.option(fc.string({ maxLength: 20 })),
    session: fc.boolean(),
    expiresAt: fc.option(isoTime),
    httpOnly: fc.boolean(),
    secure: fc.boolean(),
    sameSite: fc.constantFrom('no_restriction', 'lax', 'strict', 'unspecified'),
    valueHash: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 8, maxLength: 8 }),
    value: fc.string({ maxLength: 30 }),
  },
  {
    noNullPrototype: true,
    requiredKeys: [
      'name',
      'domain',
      'path',
      'storeId',
      'partitionKey',
      'session',
      'expiresAt',
      'httpOnly',
      'secure',
      'sameSite',
      'valueHash',
    ],
  },
);

const session = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 16 }),
    cookie,
    framework: fc.option(fc.constantFrom(...FRAMEWORKS)),
    decoded: fc.option(dict),
    state: fc.constantFrom(...SESSION_STATES),
    endReason: fc.option(fc.constantFrom(...END_REASONS)),
    startedAt: isoTime,
    lastActivityAt: isoTime,
    endedAt: fc.option(isoTime),
    replaces: fc.option(fc.string({ maxLength: 16 })),
    replacedBy: fc.option(fc.string({ maxLength: 16 })),
    restartsSurvived: fc.nat({ max: 50 }),
    restoredByBrowser: fc.boolean(),
    events: fc.array(event, { maxLength: 4 }),
    recognition: fc.record(
      {
        confidence: fc.double({ min: 0, max: 1, noNaN: true }),
        evidence: fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
        pinned: fc.boolean(),
      },
      { noNullPrototype: true },
    ),
    endInferred: fc.boolean(),
    idleAt: fc.option(isoTime),
    storeKind: fc.constantFrom('default', 'private', 'container'),
  },
  {
    noNullPrototype: true,
    requiredKeys: [...REQUIRED_SESSION_KEYS],
  },
);

export const siteArb: fc.Arbitrary<ExportSite> = fc.record(
  {
    site: fc.string({ minLength: 1, maxLength: 20 }),
    sessions: fc.array(session, { maxLength: 3 }),
    inferences: fc.array(
      fc.record(
        {
          kind: fc.string({ maxLength: 10 }),
          value: jsonValue,
          evidence: fc.array(jsonValue, { maxLength: 3 }),
        },
        { noNullPrototype: true },
      ),
      { maxLength: 2 },
    ),
    lastActivityAt: fc.option(isoTime),
  },
  { noNullPrototype: true, requiredKeys: ['site', 'sessions', 'inferences'] },
) as fc.Arbitrary<ExportSite>;

const rulesArb = fc.record(
  {
    idleAfterSeconds: fc.nat({ max: 86_400 }),
    idleTimeoutSeconds: fc.option(fc.nat({ max: 86_400 })),
    maxLifetimeSeconds: fc.option(fc.nat({ max: 86_400 })),
    activity: fc.constantFrom('any-request' as const, 'navigation' as const),
    pinned: fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
    excluded: fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
  },
  { noNullPrototype: true },
);

export const metaArb: fc.Arbitrary<ExportMeta> = fc.record(
  {
    now: millis,
    browser: fc.record(
      {
        name: fc.constantFrom('chrome' as const, 'firefox' as const),
        version: fc.string({ maxLength: 12 }),
      },
      { noNullPrototype: true },
    ),
    rules: fc.record(
      {
        defaults: rulesArb,
        sites: fc.dictionary(
          key,
          rulesArb.map((r) => ({ idleAfterSeconds: r.idleAfterSeconds })),
          { maxKeys: 2, noNullPrototype: true },
        ),
      },
      { noNullPrototype: true },
    ),
    restarts: fc.array(millis, { maxLength: 3 }),
    includeValues: fc.boolean(),
  },
  { noNullPrototype: true },
);

export const inputArb = fc.tuple(fc.array(siteArb, { maxLength: 2 }), metaArb);
