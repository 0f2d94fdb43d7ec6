/**
 * Message lookup and substitution, kept apart from the browser binding (i18n.ts) so that wording
 * helpers can be tested in node against the real `_locales` file.
 */
export type Translate = (key: string, subs?: ReadonlyArray<string | number>) => string;

/**
 * Fills `$1`…`$9` ourselves: Chrome and Firefox differ on positional substitutions written straight in a
 * message, and a missing key shows as the key itself so that a gap is visible rather than blank.
 */
export function makeTranslate(lookup: (key: string) => string | undefined): Translate {
  return (key, subs) => {
    const message = lookup(key);
    if (!message) return key;
    if (!subs || subs.length === 0) return message;
    return message.replace(/\$(\d)/g, (whole, digit: string) => {
      const value = subs[Number(digit) - 1];
      return value === undefined ? whole : String(value);
    });
  };
}
