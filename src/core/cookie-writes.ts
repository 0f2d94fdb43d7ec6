/**
 * A cookie written: a new session, the same session re-sent (expiry evidence) or updated in place (signed
 * data, a token for the same subject), or a rotation to a new session. A write that follows a provisional
 * end at once takes that end back (the same session written anew) or makes it a rotation.
 */
import { touch } from './activity';
import { cookieId } from './cookie-id';
import { decode } from './decode';
import { revise } from './end-attribution';
import { RESET_WINDOW_MS } from './end-reasons';
import { noteMaxAgeHeader, noteWrite } from './expiry';
import { valueHash } from './hash';
import type { CookieSnapshot, Millis } from './observation';
import type { Recognition } from './recognize';
import { pushEvent, type SessionRecord } from './session';
import { pushBounded, type SiteRecord } from './site-record';
import type { Fold } from './tracker';

export function onCookieSet(
  fold: Fold,
  c: CookieSnapshot,
  t: Millis,
  startDetail: Record<string, unknown> | null,
): void {
  const site = fold.where.siteOfDomain(c.domain);
  const rec = fold.siteRecord(site);
  const rules = fold.rulesOf(site);
  const key = cookieId(c);
  const vh = valueHash(c.value);
  const r = fold.recognizeIn(rec, c, rules);
  const prev = rec.cookies[key];
  if (r.role === 'companion' && prev && prev.valueHash !== vh)
    pushBounded(rec.companionRotations, { at: t, name: c.name });
  rec.cookies[key] = { name: c.name, valueHash: vh, role: r.role };

  const live = fold.live(key);
  if (live) {
    onWrite(fold, live, c, vh, r, t, rec);
    return;
  }
  if (c.expiresAt !== null && c.expiresAt <= t) return;
  const lastId = rec.lastByKey[key];
  const last = lastId ? fold.sessions.get(lastId) : undefined;
  if (last?.provisional && last.endedAt !== null && t - last.endedAt <= RESET_WINDOW_MS) {
    // Removed and set again at once: the same session written anew, or a rotation.
    if (vh === last.valueHash || updatesInPlace(last, r, c.value)) {
      fold.reopen(last);
      onWrite(fold, last, c, vh, r, t, rec);
      fold.noteDeadline(last);
      return;
    }
    revise(last, 'rotated', { detail: { replacedBy: null } });
    const next = fold.start(c, r.session ? r : recognitionOf(last), t, rec, last.id, startDetail ?? {});
    last.replacedBy = next.id;
    noteMaxAgeHeader(next, rec);
    linkRotation(last, next);
    return;
  }
  if (!r.session) return;
  noteMaxAgeHeader(fold.start(c, r, t, rec, null, startDetail ?? {}), rec);
}

function linkRotation(old: SessionRecord, next: SessionRecord): void {
  for (let i = old.events.length - 1; i >= 0; i--) {
    const e = old.events[i];
    if (e?.type === 'ended') {
      e.replacedBy = next.id;
      break;
    }
  }
}

function onWrite(
  fold: Fold,
  s: SessionRecord,
  c: CookieSnapshot,
  vh: string,
  r: Recognition,
  t: Millis,
  rec: SiteRecord,
): void {
  const before = s.cookie.expiresAt;
  if (vh === s.valueHash) {
    noteWrite(s, c, t, rec);
    s.cookie = c;
    const last = s.events[s.events.length - 1];
    if (last && last.type === 'updated' && last.what === 'resent') {
      last.count = (last.count as number) + 1;
      last.lastAt = t;
      last.expiresAt = c.expiresAt;
    } else
      pushEvent(s, { at: t, type: 'updated', what: 'resent', count: 1, lastAt: t, expiresAt: c.expiresAt });
    touch(fold, s, t, 1);
    if (c.expiresAt !== before) fold.noteDeadline(s);
    return;
  }
  if (updatesInPlace(s, r, c.value)) {
    const rr = r.session ? r : recognitionOf(s);
    // A write of the same session: evidence for sliding expiry like a re-send of the same value.
    noteWrite(s, c, t, rec);
    s.cookie = c;
    s.valueHash = vh;
    s.decoded = decodeData(rr, c.value);
    s.subject = subjectOf(s.decoded) ?? s.subject;
    // Coalesced: Laravel and signed cookies change value on every response.
    const last = s.events[s.events.length - 1];
    if (last && last.type === 'updated' && last.what === 'value') {
      last.count = (last.count as number) + 1;
      last.lastAt = t;
      last.valueHash = vh;
    } else pushEvent(s, { at: t, type: 'updated', what: 'value', valueHash: vh, count: 1, lastAt: t });
    touch(fold, s, t, 1);
    fold.noteDeadline(s);
    return;
  }
  fold.end(s, t, 'rotated', { detail: { replacedBy: null } });
  const next = fold.start(c, r.session ? r : recognitionOf(s), t, rec, s.id, {});
  s.replacedBy = next.id;
  noteMaxAgeHeader(next, rec);
  linkRotation(s, next);
}

/** Same session, a new value: signed client-side data, or a token for the same subject. */
function updatesInPlace(s: SessionRecord, r: Recognition, value: string): boolean {
  const kind = r.session ? r.valueKind : s.valueKind;
  if (kind === 'signed-data' || kind === 'encrypted-data') return true;
  if (kind === 'token')
    return subjectOf(decodeData(r.decoder ? r : { ...r, decoder: s.decoder }, value)) === s.subject;
  return false;
}

/** A session's own recognition, for a new value the recognizers no longer call a session. */
function recognitionOf(s: SessionRecord): Recognition {
  return {
    session: true,
    role: 'session',
    framework: s.framework,
    valueKind: s.valueKind,
    decoder: s.decoder,
    confidence: s.recognition.confidence,
    evidence: s.recognition.evidence,
    pinned: s.recognition.pinned,
    hints: {},
  };
}

export function decodeData(r: Pick<Recognition, 'decoder'>, value: string): Record<string, unknown> | null {
  if (!r.decoder) return null;
  try {
    const d = decode(r.decoder, value);
    return d.ok ? d.data : null;
  } catch {
    return null;
  }
}

/** The JWT subject, when the decoded value is a token with claims. */
export function subjectOf(decoded: Record<string, unknown> | null): string | null {
  const claims = decoded?.claims;
  if (claims && typeof claims === 'object') {
    const sub = (claims as Record<string, unknown>).sub;
    if (typeof sub === 'string' || typeof sub === 'number') return String(sub);
  }
  return null;
}
