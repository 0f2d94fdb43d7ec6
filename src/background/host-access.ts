/**
 * Whether Sessionscope may read cookies and requests: Firefox can withhold host access (MV3 host
 * permissions are optional there) and any user can revoke it. Only a click in an extension page can ask
 * for it again (`permissions.request`), so the popup does the asking; this only tells.
 */
import browser from 'webextension-polyfill';

export async function hasHostAccess(url?: string): Promise<boolean> {
  let origins = ['<all_urls>'];
  if (url) {
    try {
      const u = new URL(url);
      if (u.protocol === 'http:' || u.protocol === 'https:') origins = [`${u.protocol}//${u.hostname}/*`];
    } catch {
      // Not a URL: answer for all sites.
    }
  }
  try {
    return await browser.permissions.contains({ origins });
  } catch {
    return false;
  }
}
