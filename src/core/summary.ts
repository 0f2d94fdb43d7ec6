/**
 * What will end a session (or what did), as structured data the view turns into words: the view
 * decides wording, the core decides meaning.
 */
import type { EndReason } from './contract';
import type { SessionTiming } from './end-reasons';
import { DJANGO_SESSION_COOKIE_AGE, expiryEvidence, expiryReasons, snapAge } from './expiry';
import type { Rules } from './rules';
import { iso, type SessionRecord } from './session';

export type EndsBy =
  | { kind: 'ended'; reason: EndReason | null; at: string | null; inferred: boolean }
  /** A session cookie: gone when the browser closes, unless it restores the session (restoredOnce). */
  | { kind: 'browser-close'; restoredOnce: string | null }
  /** A fixed expiry: nothing the user does moves it. */
  | { kind: 'expires-at'; at: string }
  /**
   * The cookie expires at `at` unless the server writes it again first, and whether it does is not known
   * yet (no re-send, or re-sends too close together to tell). `seconds`: the lifetime a write gives it.
   */
  | {
      kind: 'expiry-unknown';
      at: string;
      seconds: number | null;
      frameworkDefault: 'django' | null;
      evidence: string[];
    }
  /** Each write (sliding-on-write) or each response (sliding-every-response) pushes the expiry. */
  | { kind: 'expires-after-write'; seconds: number; at: string; frameworkDefault: 'django' | null }
  | { kind: 'expires-after-inactivity'; seconds: number; at: string; frameworkDefault: 'django' | null }
  /** A rule comes first: the idle timeout or the maximum lifetime. */
  | { kind: 'idle-timeout'; seconds: number; at: string }
  | { kind: 'max-lifetime'; seconds: number; at: string };

export function summarize(s: SessionRecord, timing: SessionTiming, rules: Rules): EndsBy {
  if (timing.state === 'ended')
    return {
      kind: 'ended',
      reason: timing.endReason,
      at: timing.endedAt === null ? null : iso(timing.endedAt),
      inferred: timing.endInferred,
    };
  const c = s.cookie;
  const cookieEnd = c.expiresAt;
  const idleEnd =
    rules.idleTimeoutSeconds !== null
      ? s.lastActivityAt + rules.idleTimeoutSeconds * 1000
      : Number.POSITIVE_INFINITY;
  const maxEnd =
    rules.maxLifetimeSeconds !== null
      ? s.startedAt + rules.maxLifetimeSeconds * 1000
      : Number.POSITIVE_INFINITY;
  const cookieAt = cookieEnd ?? Number.POSITIVE_INFINITY;
  if (rules.idleTimeoutSeconds !== null && idleEnd <= maxEnd && idleEnd < cookieAt)
    return { kind: 'idle-timeout', seconds: rules.idleTimeoutSeconds, at: iso(idleEnd) };
  if (rules.maxLifetimeSeconds !== null && maxEnd < cookieAt)
    return { kind: 'max-lifetime', seconds: rules.maxLifetimeSeconds, at: iso(maxEnd) };
  if (c.session || cookieEnd === null)
    return {
      kind: 'browser-close',
      restoredOnce: s.firstRestoredAt === null ? null : iso(s.firstRestoredAt),
    };
  const ev = expiryEvidence([s]);
  const seconds = s.maxAgeSeconds === null ? null : snapAge(s.maxAgeSeconds);
  const frameworkDefault =
    s.framework === 'django' && seconds === DJANGO_SESSION_COOKIE_AGE ? 'django' : null;
  if (ev.mode === 'fixed') return { kind: 'expires-at', at: iso(cookieEnd) };
  if (ev.mode === 'unknown' || seconds === null)
    return {
      kind: 'expiry-unknown',
      at: iso(cookieEnd),
      seconds,
      frameworkDefault,
      evidence: [
        ...expiryReasons(ev, c.name),
        ...(frameworkDefault === 'django'
          ? ['Django re-sends the cookie, moving its expiry, whenever the session is modified (its default)']
          : []),
      ],
    };
  return {
    kind: ev.mode === 'sliding-every-response' ? 'expires-after-inactivity' : 'expires-after-write',
    seconds,
    at: iso(cookieEnd),
    frameworkDefault,
  };
}
