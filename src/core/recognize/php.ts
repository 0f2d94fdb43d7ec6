import { type Candidate, candidate, type RecognizeContext } from './types';

export function recognizePhp(ctx: RecognizeContext): Candidate | null {
  if (ctx.lower !== 'phpsessid') return null;
  const { value } = ctx;
  const evidence = ["named PHPSESSID, PHP's default session.name"];
  const hints: Record<string, string> = {};
  if (value === 'deleted') {
    evidence.push('the value "deleted": how PHP deletes its session cookie');
  } else if (/^[0-9a-v]{26}$/.test(value)) {
    evidence.push('26 characters [0-9a-v]: sid_length 26, 5 bits per character (Debian/Ubuntu php.ini)');
    hints.sidBitsPerCharacter = '5';
  } else if (/^[0-9a-f]{32}$/.test(value)) {
    evidence.push("32 hex characters: PHP's compiled-in default (sid_length 32, 4 bits per character)");
    hints.sidBitsPerCharacter = '4';
  } else if (/^[\w,-]{22,256}$/.test(value)) {
    evidence.push('a random session id; the data stays on the server');
  }
  return candidate({
    role: 'session',
    framework: 'php',
    valueKind: 'opaque-id',
    confidence: 0.97,
    evidence,
    hints,
  });
}
