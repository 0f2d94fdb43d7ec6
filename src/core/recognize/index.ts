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

function context(input: RecognizeInput): RecognizeContext {
  const name = String(input.name ?? '');
  const base = name.replace(PREFIX, '');
  let value = String(input.value ?? '');
  if (value.length > MAX_VALUE) value = '';
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  const siblings = new Set<string>();
  for (const s of input.siblings ?? []) {
    if (typeof s !== 'string') continue;
    siblings.add(s);
    siblings.add(s.replace(PREFIX, ''));
  }
  return { name, base, lower: base.toLowerCase(), value, siblings };
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

export function recognize(input: RecognizeInput): Recognition {
  try {
    return recognizeUnsafe(input);
  } catch (e) {
    return {
      ...NOTHING,
      session: false,
      pinned: false,
      evidence: [`could not be recognized (${e instanceof Error ? e.message : String(e)})`],
    };
  }
}

function recognizeUnsafe(input: RecognizeInput): Recognition {
  const ctx = context(input);
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
