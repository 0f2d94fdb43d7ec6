import type { FieldError } from '../core/messages';

/**
 * The messages a reply's `errors[]` holds for one form field. A path names the field exactly
 * (`defaults.idleAfterSeconds`) or an item inside it (`headerCapture.sites[2]`, `sites.x.pinned.0`).
 */
export function errorsFor(field: string, errors: readonly FieldError[] | undefined): string[] {
  if (!errors) return [];
  return errors
    .filter((e) => {
      const path = e.path.replace(/\[(\d+)\]/g, '.$1');
      return (
        path === field ||
        (path.startsWith(`${field}.`) && /^\d+$/.test(path.slice(field.length + 1).split('.')[0]!))
      );
    })
    .map((e) => e.message);
}

/** Errors that belong to none of the given fields, to show at the top of the form instead of losing them. */
export function unplacedErrors(
  fields: readonly string[],
  errors: readonly FieldError[] | undefined,
): FieldError[] {
  if (!errors) return [];
  return errors.filter((e) => !fields.some((f) => errorsFor(f, [e]).length > 0));
}

/**
 * What a seconds box holds: a whole number, `null` when left empty (never, or "as the defaults"),
 * or the text itself when it is not a number, so the background's validation names the problem.
 */
export function parseSecondsInput(text: string): number | null | string {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

/** A list typed one per line or separated by commas: "sessionid, auth\nsid" → ["sessionid", "auth", "sid"]. */
export function parseList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
