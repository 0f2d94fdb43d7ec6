import { describe, expect, it } from 'vitest';
import { errorsFor, parseList, parseSecondsInput, unplacedErrors } from './field-errors';

describe('placing validation messages beside their field', () => {
  const errors = [
    { path: 'defaults.idleTimeoutSeconds', message: 'must exceed idleAfterSeconds (300)' },
    { path: 'headerCapture.sites[1]', message: '"a b": not a site' },
    { path: 'sites.shop.example.idleAfterSeconds', message: 'must be a whole number of seconds ≥ 1' },
    { path: '', message: 'must be an object' },
  ];

  it('finds the messages for the field itself and for items in a list field', () => {
    expect(errorsFor('defaults.idleTimeoutSeconds', errors)).toEqual(['must exceed idleAfterSeconds (300)']);
    expect(errorsFor('headerCapture.sites', errors)).toEqual(['"a b": not a site']);
    expect(errorsFor('sites.shop.example.idleAfterSeconds', errors)).toHaveLength(1);
  });

  it('does not give one field the messages of a field whose name starts the same', () => {
    expect(errorsFor('defaults.idle', errors)).toEqual([]);
    expect(errorsFor('sites.shop', errors)).toEqual([]);
  });

  it('keeps the messages that fit no field, so none is lost', () => {
    expect(
      unplacedErrors(['defaults.idleTimeoutSeconds', 'headerCapture.sites'], errors).map((e) => e.path),
    ).toEqual(['sites.shop.example.idleAfterSeconds', '']);
  });
});

describe('reading form input', () => {
  it('seconds: a number, empty for none, or the text for the validator to name', () => {
    expect(parseSecondsInput(' 900 ')).toBe(900);
    expect(parseSecondsInput('')).toBeNull();
    expect(parseSecondsInput('15min')).toBe('15min');
  });
  it('lists: one per line or comma separated', () => {
    expect(parseList('sessionid, auth\n\nsid ')).toEqual(['sessionid', 'auth', 'sid']);
  });
});
