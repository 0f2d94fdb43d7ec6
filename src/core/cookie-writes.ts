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
import type { EventEvidence } from './evidence';
import { noteMaxAgeHeader, noteWrite } from './expiry';
import { valueHash } from './hash';
import type { CookieSnapshot, Millis } from './observation';
import { changedKeys, recordPayload, type SubjectChange, subjectChange, subjectIn } from './payload';
import { resumePredicted } from './predictions';
import type { Recognition } from './recognize';
import { noteWriteForRefusals } from './refusals';
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
  noteWriteForRefusals(rec, c, t);
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
  const resumed = resumePredicted(fold, rec, key, c.name, vh, t);
  if (resumed) {
    onWrite(fold, resumed, c, vh, r, t, rec);
    return;
  }
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
  const write = judgeWrite(s, r, c.value);
  if (write.inPlace) {
    // A write of the same session: evidence for sliding expiry like a re-send of the same value.
    noteWrite(s, c, t, rec);
    recordPayload(s, write.decoded, t);
    s.cookie = c;
    s.valueHash = vh;
    s.decoded = write.decoded;
    if (write.decoded !== null) s.subject = subjectOf(write.decoded);
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
  const change = write.change;
  // The payload before and after: what shows a login, a logout or a switch of user.
  const evidence: EventEvidence | null = change
    ? { payload: { before: s.decoded, after: write.decoded, changed: changedKeys(s.decoded, write.decoded) } }
    : null;
  const nextRecognition = r.session ? r : recognitionOf(s);
  if (change === 'logout') {
    // The user left; the cookie stays, carrying an anonymous session: a logout, then a new session.
    fold.end(s, t, 'logout', { detail: { change, evidence } });
    const next = fold.start(c, nextRecognition, t, rec, null, { change, after: s.id });
    noteMaxAgeHeader(next, rec);
    return;
  }
  fold.end(s, t, 'rotated', { detail: { replacedBy: null, ...(change ? { change, evidence } : {}) } });
  const next = fold.start(c, nextRecognition, t, rec, s.id, change ? { change } : {});
  s.replacedBy = next.id;
  noteMaxAgeHeader(next, rec);
  linkRotation(s, next);
}

/**
 * Same session, a new value (signed client-side data, an encrypted cookie, a token), unless its payload
 * names another logged-in user than before: a login, a logout or a switch of user ends the session. A
 * value that cannot be decoded shows no change of user.
 */
function judgeWrite(
  s: SessionRecord,
  r: Recognition,
  value: string,
): { inPlace: boolean; decoded: Record<string, unknown> | null; change: SubjectChange | null } {
  const kind = r.session ? r.valueKind : s.valueKind;
  if (kind === 'encrypted-data') return { inPlace: true, decoded: null, change: null };
  if (kind !== 'signed-data' && kind !== 'token') return { inPlace: false, decoded: null, change: null };
  const decoded = decodeData(r.decoder ? r : { ...r, decoder: s.decoder }, value);
  // Nothing readable: no evidence of another user (a token that was not readable rotates, as before).
  if (decoded === null)
    return { inPlace: kind === 'signed-data' || s.subject === null, decoded, change: null };
  const change = subjectChange(s.subject, subjectOf(decoded));
  return { inPlace: change === null, decoded, change };
}

/** Same session, a new value: a write that `judgeWrite` keeps in place. */
function updatesInPlace(s: SessionRecord, r: Recognition, value: string): boolean {
  return judgeWrite(s, r, value).inPlace;
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

/** Who is logged in, as the decoded payload says (payload.ts): a JWT `sub`, Django `_auth_user_id`… */
export function subjectOf(decoded: Record<string, unknown> | null): string | null {
  return subjectIn(decoded).value;
}
