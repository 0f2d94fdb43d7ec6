/**
 * Recognition remembered by what it depends on, so that a cookie is recognized once per change: the
 * background asks (relevance.ts) when the change arrives, the tracker asks again when it applies it, and
 * eleven recognizers, with decoders, ran twice per cookie write.
 *
 * A recognition is a pure function of the name, the value, the pinned and excluded lists, and the answers
 * to the sibling names its recognizers asked about (a recognizer sees siblings only by asking for a name,
 * types.ts). The memo keeps those answers and gives the remembered recognition only when the siblings of
 * the new question answer them the same way, so it never changes a result.
 *
 * Recognitions given from here are shared between callers: read them, never change them (they are frozen).
 */
import type { Recognition, RecognizeInput } from './types';

/** Enough for the changes between a cookie event and the tracker's application of it, under a burst. */
const MAX_ENTRIES = 1024;
/** Values near the 4 KB cookie limit are not worth keeping: they would make the memo hold megabytes. */
const MAX_KEY = 2048;
const PREFIX = /^__(?:host|secure)-/i;

interface Entry {
  recognition: Recognition;
  /** Sibling names the recognizers asked about, and whether each was there. */
  asked: readonly string[];
  answers: readonly boolean[];
}

const entries = new Map<string, Entry>();
/** Rules keep their name lists as long as they are in force: their key is computed once per list. */
const listKeys = new WeakMap<readonly string[], string>();

function listKey(list: readonly string[] | undefined): string {
  if (!list || list.length === 0) return '';
  let key = listKeys.get(list);
  if (key === undefined) {
    key = JSON.stringify(list);
    listKeys.set(list, key);
  }
  return key;
}

/** The memo key of an input, or null when it is not worth remembering. */
export function memoKey(input: RecognizeInput): string | null {
  const name = String(input.name ?? '');
  const value = String(input.value ?? '');
  if (name.length + value.length > MAX_KEY) return null;
  return `${name}\u0000${value}\u0000${listKey(input.pinned)}\u0000${listKey(input.excluded)}`;
}

/** Whether `siblings` holds `name`, raw or without a `__Host-`/`__Secure-` prefix (as the context does). */
export function hasSiblingNamed(siblings: readonly string[] | undefined, name: string): boolean {
  if (!siblings) return false;
  for (const s of siblings) {
    if (typeof s !== 'string') continue;
    if (s === name || (PREFIX.test(s) && s.replace(PREFIX, '') === name)) return true;
  }
  return false;
}

export function recall(key: string, siblings: readonly string[] | undefined): Recognition | null {
  const entry = entries.get(key);
  if (!entry) return null;
  for (let i = 0; i < entry.asked.length; i++) {
    if (hasSiblingNamed(siblings, entry.asked[i] as string) !== entry.answers[i]) return null;
  }
  return entry.recognition;
}

export function remember(
  key: string,
  recognition: Recognition,
  asked: readonly string[],
  siblings: readonly string[] | undefined,
): Recognition {
  Object.freeze(recognition.evidence);
  Object.freeze(recognition.hints);
  Object.freeze(recognition);
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  entries.set(key, { recognition, asked, answers: asked.map((name) => hasSiblingNamed(siblings, name)) });
  return recognition;
}
