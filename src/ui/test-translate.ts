/** For tests: the real English messages, through the same substitution the extension uses. */
import { readFileSync } from 'node:fs';
import { makeTranslate } from './translate';

const messages = JSON.parse(
  readFileSync(new URL('../../public/_locales/en/messages.json', import.meta.url), 'utf8'),
) as Record<string, { message: string }>;

export const englishMessages = messages;
export const tEn = makeTranslate((key) => messages[key]?.message);
