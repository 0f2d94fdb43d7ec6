// The YAML a GitHub Actions workflow uses, parsed without a dependency: block mappings and sequences by
// indentation, `key: value`, `- item`, `[a, b]` flow lists, quoted scalars, `|` block text and comments.
// Anything else (anchors, multi-document streams, `{}` flow maps) is refused, not guessed.

export type Yaml = string | Yaml[] | { [key: string]: Yaml };

interface Line {
  indent: number;
  text: string;
}

function lines(source: string): Line[] {
  return source
    .split('\n')
    .map((raw) => ({ indent: raw.length - raw.trimStart().length, text: raw.trim(), raw }))
    .filter((line) => line.text !== '' && !line.text.startsWith('#'))
    .map(({ indent, text }) => ({ indent, text: stripComment(text) }));
}

function stripComment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || text[i - 1] === ' ')) return text.slice(0, i).trimEnd();
  }
  return text;
}

function scalar(text: string): Yaml {
  if (/^[&*!]|^\{/.test(text)) throw new Error(`unsupported YAML: ${text}`);
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) throw new Error(`unterminated flow list: ${text}`);
    const inner = text.slice(1, -1).trim();
    return inner === '' ? [] : inner.split(',').map((item) => scalar(item.trim()));
  }
  if (/^".*"$/.test(text)) return JSON.parse(text) as string;
  if (/^'.*'$/.test(text)) return text.slice(1, -1).replaceAll("''", "'");
  return text;
}

/** `key: rest` (a key never starts with a quote or dash here); null when the text is not a pair. */
function pair(text: string): [string, string] | null {
  const m = /^([A-Za-z0-9_$./-]+):(?:\s+(.*))?$/.exec(text);
  return m ? [m[1]!, m[2] ?? ''] : null;
}

export function parseYaml(source: string): Yaml {
  if (/^---\s*$/m.test(source.replace(/^---\s*\n/, ''))) throw new Error('one document only');
  const all = lines(source.replace(/^---\s*\n/, ''));
  let i = 0;

  function block(indent: number): Yaml {
    const first = all[i];
    if (!first || first.indent < indent) return '';
    return first.text.startsWith('- ') || first.text === '-' ? sequence(first.indent) : mapping(first.indent);
  }

  function value(rest: string, parentIndent: number): Yaml {
    if (rest === '|' || rest === '|-' || rest === '>') {
      const text: string[] = [];
      // Block text: its lines, trimmed (a line starting with # was dropped as a comment: enough for a check).
      while (i < all.length && all[i]!.indent > parentIndent) {
        text.push(all[i]!.text);
        i++;
      }
      return text.join('\n');
    }
    if (rest !== '') return scalar(rest);
    return block(parentIndent + 1);
  }

  function mapping(indent: number): Yaml {
    const out: Record<string, Yaml> = {};
    while (i < all.length && all[i]!.indent === indent) {
      const line = all[i]!;
      const kv = pair(line.text);
      if (!kv) throw new Error(`expected "key: value" at "${line.text}"`);
      if (kv[0] in out) throw new Error(`duplicate key ${kv[0]}`);
      i++;
      out[kv[0]] = value(kv[1], indent);
    }
    if (i < all.length && all[i]!.indent > indent) throw new Error(`bad indentation at "${all[i]!.text}"`);
    return out;
  }

  function sequence(indent: number): Yaml {
    const out: Yaml[] = [];
    while (i < all.length && all[i]!.indent === indent && all[i]!.text.startsWith('-')) {
      const line = all[i]!;
      const rest = line.text.replace(/^-\s*/, '');
      const itemIndent = indent + (line.text.length - rest.length);
      if (rest === '') {
        i++;
        out.push(block(indent + 1));
      } else if (pair(rest)) {
        // `- key: value` starts a mapping whose keys line up with `key`.
        all[i] = { indent: itemIndent, text: rest };
        out.push(mapping(itemIndent));
      } else {
        i++;
        out.push(scalar(rest));
      }
    }
    return out;
  }

  const result = block(0);
  if (i < all.length) throw new Error(`unexpected "${all[i]!.text}"`);
  return result;
}
