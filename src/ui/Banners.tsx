import type { Status } from '../core/messages';
import { freeBytes, spaceIsLow } from '../core/space';
import { ext as browser } from './ext';
import { t } from './i18n';

/** Without host access no cookie or request of a site is seen; the request must come from a click. */
export function HostAccessBanner({ status, onGranted }: { status: Status | null; onGranted: () => void }) {
  if (!status || status.hostAccess) return null;
  const ask = async () => {
    try {
      if (await browser.permissions.request({ origins: ['<all_urls>'] })) onGranted();
    } catch {
      // The browser refused to show the prompt (not from a user gesture): the banner stays.
    }
  };
  return (
    <div class="banner" role="alert">
      <p style="margin:0 0 6px">{t('host_access_missing')}</p>
      <button type="button" class="primary" onClick={ask}>
        {t('host_access_grant')}
      </button>
    </div>
  );
}

/**
 * Retention or a nearly full disk dropped older events: said plainly, or a shortened timeline reads as the
 * whole story. A nearly full disk is said first: the user can act on it.
 */
export function TrimmedNote({ status }: { status: Status | null }) {
  if (!status) return null;
  const { usedBytes, quotaBytes, trimmedEvents } = status.storage;
  const free = freeBytes(usedBytes, quotaBytes);
  const low = spaceIsLow(usedBytes, quotaBytes);
  if (!low && trimmedEvents <= 0) return null;
  return (
    <div class="stack" role="status">
      {low && free !== null ? (
        <p class="banner space-low-note">{t('space_low_note', [String(Math.floor(free / (1024 * 1024)))])}</p>
      ) : null}
      {trimmedEvents > 0 ? (
        <p class="muted trimmed-note">{t('trimmed_note', [String(trimmedEvents)])}</p>
      ) : null}
    </div>
  );
}
