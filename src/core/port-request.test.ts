import { describe, expect, it } from 'vitest';
import { checkPortRequest } from './port-request';

describe('what a view may send over the subscription port', () => {
  it('takes a tab, a site or the list, with an optional store and shown flag', () => {
    expect(checkPortRequest({ type: 'subscribe', target: { tabId: 7 } })).toEqual({
      type: 'subscribe',
      target: { tabId: 7 },
    });
    expect(
      checkPortRequest({ type: 'subscribe', target: { site: 'shop.example', storeId: '1' }, shown: false }),
    ).toEqual({ type: 'subscribe', target: { site: 'shop.example', storeId: '1' }, shown: false });
    expect(checkPortRequest({ type: 'subscribe', target: { all: true } })).toEqual({
      type: 'subscribe',
      target: { all: true },
    });
    expect(checkPortRequest({ type: 'hidden' })).toEqual({ type: 'hidden' });
    expect(checkPortRequest({ type: 'shown', extra: 1 })).toEqual({ type: 'shown' });
  });

  it('answers anything else with a sentence that names the problem', () => {
    expect(checkPortRequest(null)).toMatch(/must be an object/);
    expect(checkPortRequest({ type: 'subscrbe' })).toMatch(/Unknown port message type "subscrbe"/);
    expect(checkPortRequest({ type: 'subscribe' })).toMatch(/needs a "target"/);
    expect(checkPortRequest({ type: 'subscribe', target: { tabId: -1 } })).toMatch(/needs a "target"/);
    expect(checkPortRequest({ type: 'subscribe', target: { site: '  ' } })).toMatch(/needs a "target"/);
    expect(checkPortRequest({ type: 'subscribe', target: { all: true, storeId: 5 } })).toMatch(/storeId/);
  });
});
