import { describe, expect, it } from 'vitest';
import { targetFromQuery } from './target';

describe('which view a page opens on', () => {
  it('our URL can force a site or the list; anything else leaves it to the tab', () => {
    expect(targetFromQuery('?site=shop.example')).toEqual({ mode: 'site', site: 'shop.example' });
    expect(targetFromQuery('?all=1')).toEqual({ mode: 'all' });
    expect(targetFromQuery('')).toBeNull();
    expect(targetFromQuery('?all=0')).toBeNull();
  });
});
