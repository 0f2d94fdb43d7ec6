/**
 * Which cookies are sessions: every framework recognizer gives its opinion with a confidence, the
 * strongest wins, and the user's pinned/excluded names override them all.
 */
import { recognizeAspnet } from './aspnet';
import { recognizeDjango } from './django';
import { recognizeExpress } from './express';
import { recognizeFlask } from './flask';
import { recognizeGeneric } from './generic';
import { recognizeJava } from './java';
import { recognizeJwt } from './jwt';
import { recognizeLaravel } from './laravel';
import { memoKey, recall, remember } from './memo';
import { recognizePhp } from './php';
import { recognizeRails } from './rails';
import { recognizeSpring } from './spring';
import type { Candidate, Recognition, RecognizeContext, RecognizeInput, Recognizer } from './types';

export type { DecoderName, Recognition, RecognizeInput, ValueKind } from './types';

/** Order only breaks ties: specific frameworks first, generic names last. */
const RECOGNIZERS: Recognizer[] = [
  recognizeDjango,
  recognizeFlask,
  recognizeExpress,
  recognizePhp,
  recognizeJava,
  recognizeRails,
  recognizeLaravel,
  recognizeAspnet,
  recognizeSpring,
  recognizeJwt,
  recognizeGeneric,
];

const PREFIX = /^__(?:host|secure)-/i;
/** Browsers cap a cookie near 4 KB; shape tests on anything larger would only cost time. */
const MAX_VALUE = 8192;

const NOTHING: Candidate = {
  role: 'other',
  framework: null,
  valueKind: 'unknown',
  decoder: null,
  confidence: 0,
  evidence: [],
  hints: {},
};

/** Exact names, or simple `*` wildcards (`sb-*-auth-token`), as the user typed them. */
export function nameMatches(patterns: readonly string[] | undefined, ...names: string[]): boolean {
  if (!patterns || patterns.length === 0) return false;
  for (const pattern of patterns) {
    if (typeof pattern !== 'string') continue;
    if (!pattern.includes('*')) {
      if (names.includes(pattern)) return true;
      continue;
    }
    const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
    if (names.some((n) => re.test(n))) return true;
  }
  return false;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `asked` collects the sibling names the recognizers ask about. */
function context(input: RecognizeInput, asked: string[]): RecognizeContext {
  const name = String(input.name ?? '');
  const base = name.replace(PREFIX, '');
  let value = String(input.value ?? '');
  if (value.length > MAX_VALUE) value = '';
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  let siblings: Set<string> | null = null;
  const sibling = (wanted: string): boolean => {
    if (!asked.includes(wanted)) asked.push(wanted);
    if (siblings === null) {
      siblings = new Set<string>();
      for (const s of input.siblings ?? []) {
        if (typeof s !== 'string') continue;
        siblings.add(s);
        siblings.add(s.replace(PREFIX, ''));
      }
    }
    return siblings.has(wanted);
  };
  return { name, base, lower: base.toLowerCase(), value, sibling };
}

/** The strongest opinion of all recognizers (ties go to the earlier, more specific one). */
export function bestCandidate(ctx: RecognizeContext): Candidate {
  let best = NOTHING;
  for (const recognizer of RECOGNIZERS) {
    const c = recognizer(ctx);
    if (c && c.confidence > best.confidence) best = c;
  }
  return best;
}

/**
 * How a cookie reads: a session, a companion of one, or other, with the evidence. Remembered (memo.ts):
 * the same question gets the same, shared and frozen, answer.
 */
export function recognize(input: RecognizeInput): Recognition {
  const key = memoKey(input);
  if (key === null) return recognizeUncached(input, []);
  const known = recall(key, input.siblings);
  if (known !== null) return known;
  const asked: string[] = [];
  return remember(key, recognizeUncached(input, asked), asked, input.siblings);
}

/** The same as `recognize`, computed afresh (for tests that check the memo changes nothing). */
export function recognizeUncached(input: RecognizeInput, asked: string[] = []): Recognition {
  try {
    return recognizeUnsafe(input, asked);
  } catch (e) {
    return {
      ...NOTHING,
      session: false,
      pinned: false,
      evidence: [`could not be recognized (${e instanceof Error ? e.message : String(e)})`],
    };
  }
}

function recognizeUnsafe(input: RecognizeInput, asked: string[]): Recognition {
  const ctx = context(input, asked);
  const best = bestCandidate(ctx);
  const evidence = [...best.evidence];
  if (ctx.base !== ctx.name)
    evidence.push(`the ${ctx.name.slice(0, ctx.name.length - ctx.base.length)} prefix was set aside`);

  const excluded = nameMatches(input.excluded, ctx.name, ctx.base);
  const pinned = nameMatches(input.pinned, ctx.name, ctx.base);
  if (excluded) {
    return {
      ...best,
      session: false,
      role: 'other',
      pinned: false,
      evidence: ['excluded by you: never treated as a session', ...evidence],
    };
  }
  if (pinned) {
    return {
      ...best,
      session: true,
      role: 'session',
      confidence: 1,
      pinned: true,
      evidence: ['pinned by you as a session cookie', ...evidence],
    };
  }
  return { ...best, evidence, session: best.role === 'session', pinned: false };
}
