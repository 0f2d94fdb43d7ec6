/**
 * The export contract, version 1 (docs/export-format.md). `state/get` answers with the same site
 * objects, so views, tests and other tools read one shape. Fields may be added, never removed or renamed.
 * Times are ISO-8601 strings.
 */
import type { SiteCapture } from './capture';
import type { SameSite } from './observation';
import type { ExportPayload } from './payload';
import type { RuleSet } from './rules';
import type { EndsBy } from './summary';

export const EXPORT_FORMAT = 'sessionscope-timeline';
export const EXPORT_VERSION = 1;

export const FRAMEWORKS = [
  'django',
  'flask',
  'express',
  'php',
  'java',
  'rails',
  'laravel',
  'aspnet',
  'spring',
  'jwt',
] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export const SESSION_STATES = ['active', 'idle', 'ended'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

export const END_REASONS = [
  'logout',
  'expired',
  'idle-timeout',
  'max-lifetime',
  'browser-close',
  'rotated',
  'clear-site-data',
  'evicted',
  'removed',
  // Added in 0.2: the server deleted the cookie, and the evidence shows neither a logout nor inactivity.
  'server-ended',
] as const;
export type EndReason = (typeof END_REASONS)[number];

export interface ExportCookie {
  name: string;
  domain: string;
  path: string;
  storeId: string;
  partitionKey: string | null;
  session: boolean;
  expiresAt: string | null;
  httpOnly: boolean;
  secure: boolean;
  sameSite: SameSite;
  /** Short hash of the value: shows rotation without revealing the secret. */
  valueHash: string;
  /** The value itself, only when the user chose to include values. */
  value?: string;
}

export interface ExportEvent {
  at: string;
  /** e.g. started, updated, activity, idle, active, ended, rotated, restart-survived, user-idle… */
  type: string;
  [detail: string]: unknown;
}

export interface ExportSession {
  id: string;
  cookie: ExportCookie;
  framework: Framework | null;
  decoded: Record<string, unknown> | null;
  state: SessionState;
  endReason: EndReason | null;
  startedAt: string;
  lastActivityAt: string;
  endedAt: string | null;
  replaces: string | null;
  replacedBy: string | null;
  restartsSurvived: number;
  restoredByBrowser: boolean;
  events: ExportEvent[];
  // Additions beyond the minimum contract (allowed: fields may be added).
  /** How the cookie was recognized as a session, with the evidence. */
  recognition?: { confidence: number; evidence: string[]; pinned: boolean };
  /**
   * True when the end reason was inferred rather than seen: from a pattern (Clear-Site-Data without
   * headers), from the evidence around a server's deletion (an idle timeout), or predicted by a rule.
   */
  endInferred?: boolean;
  /**
   * True when the end is a prediction by one of your rules (idle-timeout, max-lifetime): the cookie was
   * not seen to go, and the same value written again resumes the session.
   */
  endPredicted?: boolean;
  /** Moments the state will change by itself, for countdowns; null when no rule or expiry applies. */
  idleAt?: string | null;
  idleTimeoutAt?: string | null;
  maxLifetimeAt?: string | null;
  /** `default`, `private` or `container`: a Firefox container or private window is never merged with the default store. */
  storeKind?: 'default' | 'private' | 'container';
  /** What will end the session, or what did, from the evidence (src/core/summary.ts); the view words it. */
  endsBy?: EndsBy;
  /**
   * The payloads `decoded` held over the session's life, oldest first (bounded, identical ones counted),
   * under the same rule as `decoded`; absent when there is none to show.
   */
  decodedHistory?: ExportPayload[];
  /** Why the end reason cannot be told apart (src/core/capture.ts), e.g. the site's requests were not captured. */
  endUnknown?: string;
}

/** The fields every exported session has, in the order exports write them (docs/export-format.md). */
export const REQUIRED_SESSION_KEYS = [
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
] as const satisfies readonly (keyof ExportSession)[];

export interface ExportInference {
  kind: string;
  value: unknown;
  evidence: unknown[];
}

export interface ExportSite {
  site: string;
  sessions: ExportSession[];
  inferences: ExportInference[];
  /** Latest activity of any of its sessions (for sorting). */
  lastActivityAt?: string | null;
  /** Whether its requests are captured now, since when, and what is missing if not (src/core/capture.ts). */
  capture?: SiteCapture;
}

export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  browser: { name: 'chrome' | 'firefox'; version: string };
  rules: RuleSet;
  /** `evidence`: the browser-level signals that showed the restart (added in 0.2; absent before). */
  restarts: { at: string; evidence?: string[] }[];
  sites: ExportSite[];
}
