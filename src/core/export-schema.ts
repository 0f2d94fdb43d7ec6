/**
 * The export contract v1 as a zod schema, for reading timelines back (import.ts). Every object is loose:
 * a newer Sessionscope may add fields within version 1, and an older one must still read the file.
 * Enumerations are closed: a new framework or end reason is a new version.
 *
 * Built on first use: zod builds a schema object by object, which cost the background worker about as much
 * as the rest of its start together, at every wake, while only an import reads it.
 */
import * as z from 'zod';
import { END_REASONS, EXPORT_FORMAT, EXPORT_VERSION, FRAMEWORKS, SESSION_STATES } from './contract';

let built: ReturnType<typeof build> | null = null;

/** The schema of an export document (v1). */
export function exportDocumentSchema(): ReturnType<typeof build> {
  built ??= build();
  return built;
}

function build() {
  const isoTime = z.iso.datetime({
    offset: true,
    error: 'must be an ISO-8601 date and time, like 2026-11-25T14:03:00.000Z',
  });

  const seconds = z.number().nonnegative();

  const rulesSchema = z.looseObject({
    idleAfterSeconds: seconds,
    idleTimeoutSeconds: seconds.nullable(),
    maxLifetimeSeconds: seconds.nullable(),
    activity: z.enum(['any-request', 'navigation']),
    pinned: z.array(z.string()),
    excluded: z.array(z.string()),
  });

  const ruleSetSchema = z.looseObject({
    defaults: rulesSchema,
    sites: z.record(z.string(), rulesSchema.partial()),
  });

  const cookieSchema = z.looseObject({
    name: z.string(),
    domain: z.string(),
    path: z.string(),
    storeId: z.string(),
    partitionKey: z.string().nullable(),
    session: z.boolean(),
    expiresAt: isoTime.nullable(),
    httpOnly: z.boolean(),
    secure: z.boolean(),
    sameSite: z.enum(['no_restriction', 'lax', 'strict', 'unspecified']),
    valueHash: z.string(),
    value: z.string().optional(),
  });

  const eventSchema = z.looseObject({
    at: isoTime,
    type: z.string().min(1),
  });

  const sessionSchema = z.looseObject({
    id: z.string().min(1),
    cookie: cookieSchema,
    framework: z.enum(FRAMEWORKS).nullable(),
    decoded: z.record(z.string(), z.unknown()).nullable(),
    state: z.enum(SESSION_STATES),
    endReason: z.enum(END_REASONS).nullable(),
    startedAt: isoTime,
    lastActivityAt: isoTime,
    endedAt: isoTime.nullable(),
    replaces: z.string().nullable(),
    replacedBy: z.string().nullable(),
    restartsSurvived: z.int().nonnegative(),
    restoredByBrowser: z.boolean(),
    events: z.array(eventSchema),
    recognition: z
      .looseObject({ confidence: z.number(), evidence: z.array(z.string()), pinned: z.boolean() })
      .optional(),
    endInferred: z.boolean().optional(),
    endPredicted: z.boolean().optional(),
    idleAt: isoTime.nullable().optional(),
    idleTimeoutAt: isoTime.nullable().optional(),
    maxLifetimeAt: isoTime.nullable().optional(),
    storeKind: z.enum(['default', 'private', 'container']).optional(),
    decodedHistory: z
      .array(
        z.looseObject({
          at: isoTime,
          lastAt: isoTime,
          count: z.int().positive(),
          decoded: z.record(z.string(), z.unknown()).nullable(),
          changed: z.array(z.string()),
        }),
      )
      .optional(),
  });

  const inferenceSchema = z.looseObject({
    kind: z.string(),
    // JSON has no `undefined`: an inference whose value was undefined arrives without the key.
    value: z.unknown().optional(),
    evidence: z.array(z.unknown()),
  });

  const siteSchema = z.looseObject({
    site: z.string().min(1),
    sessions: z.array(sessionSchema),
    inferences: z.array(inferenceSchema),
    lastActivityAt: isoTime.nullable().optional(),
  });

  return z.looseObject({
    format: z.literal(EXPORT_FORMAT),
    version: z.literal(EXPORT_VERSION),
    exportedAt: isoTime,
    browser: z.looseObject({ name: z.enum(['chrome', 'firefox']), version: z.string() }),
    rules: ruleSetSchema,
    restarts: z.array(z.looseObject({ at: isoTime })),
    sites: z.array(siteSchema),
  });
}
