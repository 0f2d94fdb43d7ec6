import type { Reply, Request, RequestOf } from '../core/messages';
import { ext as browser } from './ext';
import { t } from './i18n';

/**
 * The one way views talk to the background. A dead or missing background becomes a Failure reply,
 * so a view shows an error instead of hanging on a rejected promise.
 */
export async function send<T extends Request['type']>(req: RequestOf<T>): Promise<Reply<T>> {
  try {
    const reply = (await browser.runtime.sendMessage(req)) as Reply<T> | undefined;
    if (reply && typeof reply === 'object' && 'ok' in reply) return reply;
    return { ok: false, error: t('err_no_answer') };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
