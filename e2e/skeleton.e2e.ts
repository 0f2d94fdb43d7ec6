// The walking skeleton through every layer, in each browser: a real Django login is recorded by the
// background (cookies API → core → IndexedDB), read back through the message API, and shown by the popup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type DjangoServer, launch, POPUP_PATH, startDjango, waitFor } from './harness';

let server: DjangoServer;
beforeAll(async () => {
  server = await startDjango();
});
afterAll(() => server?.stop());

describe.each(BROWSERS)('walking skeleton in %s', (browserName) => {
  it('records the Django session cookie at login and the popup shows sessionid', async () => {
    const session = await launch(browserName);
    const site = await session.newPage(server.url('/login?user=alice'));
    expect(await site.text('#state')).toBe('logged in as alice');

    const recorded = await waitFor(
      async () => {
        const reply = await session.send({ type: 'state/get' });
        if (!reply.ok) throw new Error(reply.error);
        const s = reply.sites.find((entry) => entry.site === '127.0.0.1');
        return s?.sessions.find((x) => x.cookie.name === 'sessionid');
      },
      { timeout: 15_000, message: 'state/get to list the sessionid session of 127.0.0.1' },
    );
    expect(recorded.cookie.httpOnly).toBe(true);
    expect(recorded.state).toBe('active');

    const popup = await session.newPage(session.extensionUrl(POPUP_PATH));
    await popup.waitForText('body', 'sessionid', 15_000);
    await session.close();
  });
});
