/**
 * A build step for the public suffix list that tldts ships (`tldts/dist/es6/src/data/trie.js`), which
 * the background worker loads at every wake: Chrome's extension service workers cannot load code later
 * (`import()` is refused there), so its size is paid on every cookie change that wakes a stopped worker.
 *
 * - Its four typed arrays are written as number literals (~50 KB of source, ~22,000 numbers to parse);
 *   they become base64 strings decoded at load, which the parser only scans.
 * - Its label text (68 KB) is one string constant that the minifier copied into each of its two uses;
 *   `String(…)` keeps it a single constant.
 * The data is unchanged: scripts/compact-psl.test.ts checks every array and the text against the original.
 * Typed arrays take the platform's byte order; every browser Sessionscope runs in is little-endian, like
 * the build machines, and the test compares the arrays as decoded on the machine that built them.
 */
import type { Plugin } from 'vite';

const TRIE = /[\\/]tldts[\\/]dist[\\/]es6[\\/]src[\\/]data[\\/]trie\.js$/;
const ARRAY = /new (Uint8Array|Uint16Array|Uint32Array|Int32Array)\(\[([\d,\s]*)\]\)/g;
const LABEL_TEXT = /export const labelText = ("[^"\\]*");/;

const CONSTRUCTORS = { Uint8Array, Uint16Array, Uint32Array, Int32Array } as const;
type ArrayName = keyof typeof CONSTRUCTORS;

// Decodes at load: a few milliseconds at most for ~45 KB, and nothing newer than atob.
const DECODE = `
function __pslDecode(T, base64) {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return new T(bytes.buffer);
}
`;

/** The trie module's source with its arrays as base64 and its label text kept as one constant. */
export function compactTrieSource(code: string): string {
  let arrays = 0;
  let out = code.replace(ARRAY, (_match, name: ArrayName, list: string) => {
    arrays++;
    const values = list
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '')
      .map(Number);
    const typed = new CONSTRUCTORS[name](values);
    const base64 = Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength).toString('base64');
    return `__pslDecode(${name}, "${base64}")`;
  });
  if (arrays === 0 || !LABEL_TEXT.test(out))
    throw new Error('tldts changed the layout of its suffix data: review scripts/compact-psl.ts');
  out = out.replace(LABEL_TEXT, 'export const labelText = /*#__PURE__*/ String($1);');
  return `${out}\n${DECODE}`;
}

export function compactPsl(): Plugin {
  let transformed = false;
  return {
    name: 'sessionscope:compact-psl',
    enforce: 'pre',
    transform(code, id) {
      if (!TRIE.test(id)) return null;
      transformed = true;
      return { code: compactTrieSource(code), map: null };
    },
    buildEnd() {
      // The pages do not load tldts; the build that holds the worker must have found its data.
      if (!transformed && this.getModuleIds) {
        for (const id of this.getModuleIds()) {
          if (/[\\/]tldts[\\/]/.test(id))
            this.error('tldts is bundled but its suffix data was not compacted');
        }
      }
    },
  };
}
