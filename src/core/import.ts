/**
 * Reading a timeline back (docs/export-format.md, "Import"). The input is hostile until proven
 * otherwise: a shared file, or anything a page posts to the options page. So, before the schema ever
 * sees it, one iterative pass copies it into plain JSON data, refusing what is too deep, cyclic or not
 * JSON, and dropping keys that could reach a prototype. Nothing here throws.
 */
import type { ExportDocument } from './contract';
import { EXPORT_FORMAT, EXPORT_VERSION } from './contract';
import { exportDocumentSchema } from './export-schema';
import { MAX_IMPORT_BYTES, MAX_IMPORT_DEPTH } from './import-limits';
import type { FieldError } from './messages';

export type ImportResult =
  | { ok: true; doc: ExportDocument; warnings: string[] }
  | { ok: false; error: string; errors?: FieldError[] };

export { MAX_IMPORT_BYTES, MAX_IMPORT_DEPTH };

/** Keys that reach an object's prototype when assigned: never copied. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_FIELD_ERRORS = 50;

export function parseImportText(text: string, maxBytes = MAX_IMPORT_BYTES): ImportResult {
  if (typeof text !== 'string') return { ok: false, error: 'The timeline must be given as text.' };
  const bytes = utf8Length(text, maxBytes);
  if (bytes > maxBytes) {
    return {
      ok: false,
      error: `The file is too large to import: Sessionscope imports timelines of up to ${formatBytes(maxBytes)}.`,
    };
  }
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') return { ok: false, error: 'The file is empty.' };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `The file is not valid JSON: ${detail}` };
  }
  return parseImport(value);
}

export function parseImport(input: unknown): ImportResult {
  try {
    return parseImportUnsafe(input);
  } catch (error) {
    // A getter that throws or a Proxy: the input cannot be read, which is still just bad input.
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `The timeline could not be read: ${detail}` };
  }
}

function parseImportUnsafe(input: unknown): ImportResult {
  const copied = toPlainData(input);
  if (!copied.ok) return copied;
  const data = copied.value;
  const header = checkHeader(data);
  if (header) return header;
  const parsed = exportDocumentSchema().safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const errors = parsed.error.issues.slice(0, MAX_FIELD_ERRORS).map(fieldErrorOf);
    const count = parsed.error.issues.length;
    const first = errors[0];
    const firstText = first ? `${first.path || 'the document'}: ${first.message}` : 'invalid';
    return {
      ok: false,
      error: `This timeline has ${count} problem${count === 1 ? '' : 's'}. ${firstText}${count > 1 ? ` (and ${count - 1} more)` : ''}.`,
      errors,
    };
  }
  const warnings =
    copied.dropped > 0
      ? [
          `Ignored ${copied.dropped} key${copied.dropped === 1 ? '' : 's'} named __proto__, constructor or prototype.`,
        ]
      : [];
  return { ok: true, doc: parsed.data as ExportDocument, warnings };
}

function checkHeader(data: unknown): ImportResult | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      ok: false,
      error: `This is not a Sessionscope timeline: expected a JSON object with "format": "${EXPORT_FORMAT}".`,
    };
  }
  const { format, version } = data as Record<string, unknown>;
  if (format !== EXPORT_FORMAT) {
    const message =
      format === undefined
        ? `This is not a Sessionscope timeline: it has no "format" field.`
        : `This is not a Sessionscope timeline: its format is ${describe(format)}, expected "${EXPORT_FORMAT}".`;
    return { ok: false, error: message, errors: [{ path: 'format', message: `must be "${EXPORT_FORMAT}"` }] };
  }
  if (version !== EXPORT_VERSION) {
    const newer = typeof version === 'number' && Number.isInteger(version) && version > EXPORT_VERSION;
    const message = newer
      ? `This timeline is version ${version}: version ${version} is newer than this Sessionscope understands (it reads version ${EXPORT_VERSION}). Update Sessionscope to import it.`
      : version === undefined
        ? `This timeline has no "version" field: this Sessionscope reads version ${EXPORT_VERSION}.`
        : `This timeline's version ${describe(version)} is not supported: this Sessionscope reads version ${EXPORT_VERSION}.`;
    return { ok: false, error: message, errors: [{ path: 'version', message: `must be ${EXPORT_VERSION}` }] };
  }
  return null;
}

type Container = Record<string, unknown> | unknown[];

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | null;
  key: string | number | null;
  target: Container | null;
}

type Copied =
  | { ok: true; value: unknown; dropped: number }
  | { ok: false; error: string; errors: FieldError[] };

/**
 * A copy of `input` as plain JSON data, built with an explicit stack so that no nesting, however deep,
 * can overflow the call stack. JSON.stringify's rules apply to `undefined` (dropped from objects, null in
 * arrays); what JSON cannot hold is refused with its path.
 */
function toPlainData(input: unknown): Copied {
  const seen = new Set<object>();
  let root: unknown;
  let dropped = 0;
  const stack: Frame[] = [{ value: input, depth: 0, parent: null, key: null, target: null }];
  const fail = (frame: Frame, message: string): Copied => {
    const path = pathOf(frame);
    return {
      ok: false,
      error: `The timeline is not valid: ${path ? `${path}: ` : ''}${message}.`,
      errors: [{ path, message }],
    };
  };
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { value } = frame;
    let copy: unknown;
    if (value === null || typeof value === 'string' || typeof value === 'boolean') {
      copy = value;
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) return fail(frame, `${value} is not a finite number`);
      copy = value;
    } else if (value === undefined) {
      if (!Array.isArray(frame.target)) continue;
      copy = null;
    } else if (typeof value === 'object') {
      if (frame.depth >= MAX_IMPORT_DEPTH) {
        return fail(frame, `nested more than ${MAX_IMPORT_DEPTH} levels deep`);
      }
      if (seen.has(value)) return fail(frame, 'contains a repeated or circular reference');
      seen.add(value);
      if (Array.isArray(value)) {
        const out: unknown[] = new Array(value.length);
        for (let i = value.length - 1; i >= 0; i--) {
          stack.push({ value: value[i], depth: frame.depth + 1, parent: frame, key: i, target: out });
        }
        copy = out;
      } else {
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) return fail(frame, 'is not plain JSON data');
        const out: Record<string, unknown> = {};
        const record = value as Record<string, unknown>;
        const keys = Object.keys(record);
        for (let i = keys.length - 1; i >= 0; i--) {
          const key = keys[i]!;
          if (PROTOTYPE_KEYS.has(key)) {
            dropped += 1;
            continue;
          }
          stack.push({ value: record[key], depth: frame.depth + 1, parent: frame, key, target: out });
        }
        copy = out;
      }
    } else {
      return fail(frame, `a ${typeof value} is not JSON data`);
    }
    if (frame.target === null) root = copy;
    else if (Array.isArray(frame.target)) frame.target[frame.key as number] = copy;
    // Safe: prototype keys never get here.
    else frame.target[frame.key as string] = copy;
  }
  return { ok: true, value: root, dropped };
}

function pathOf(frame: Frame): string {
  const keys: (string | number)[] = [];
  for (let f: Frame | null = frame; f && f.key !== null; f = f.parent) keys.push(f.key);
  return formatPath(keys.reverse());
}

/** `sites[0].sessions[2].cookie.name`: how a user (and a form) names a field. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  input?: unknown;
  expected?: string;
  values?: unknown[];
  minimum?: unknown;
  maximum?: unknown;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'a list',
  null: 'null',
};

function fieldErrorOf(issue: Issue): FieldError {
  const path = formatPath(issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return { path, message: 'is missing' };
      const expected = EXPECTED[issue.expected ?? ''] ?? issue.expected ?? 'another type';
      return { path, message: `must be ${expected}, not ${describe(issue.input)}` };
    }
    case 'invalid_value':
      return {
        path,
        message: `must be one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(', ')}, not ${describe(issue.input)}`,
      };
    case 'too_small':
      return {
        path,
        message: typeof issue.input === 'string' ? 'must not be empty' : `must be at least ${issue.minimum}`,
      };
    case 'too_big':
      return { path, message: `must be at most ${issue.maximum}` };
    default:
      return { path, message: issue.message };
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/** UTF-8 length without allocating the encoded copy; stops counting once past `limit`. */
function utf8Length(text: string, limit: number): number {
  if (text.length > limit) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= limit; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}
