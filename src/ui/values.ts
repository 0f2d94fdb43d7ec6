/** Any value a website or the background put in a payload or an inference, as one line of plain text. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Masks a secret-looking value until the user reveals it; the mask does not leak the length. */
export const MASK = '•••';
