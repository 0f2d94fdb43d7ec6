/** JSON parsing that reports failure as null instead of throwing. */
export function parseJson(text: string): { value: unknown } | null {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return null;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decoded content as a record: a session dict stays as is, anything else is wrapped as `{ value }`. */
export function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : { value };
}
