import { ext as browser } from './ext';
import { makeTranslate, type Translate } from './translate';

/**
 * Every visible word goes through here, from `public/_locales/<lang>/messages.json`. The substitutions
 * go to getMessage too: Chrome blanks a `$1` it was given no value for, so filling it afterwards is too late.
 */
export const t: Translate = (key, subs) => {
  const strings = subs?.map(String);
  const message = browser.i18n.getMessage(key, strings);
  if (!message) return key;
  // Whatever a browser left unreplaced is filled the same way the tests fill it.
  return strings && /\$\d/.test(message) ? makeTranslate(() => message)(key, strings) : message;
};
