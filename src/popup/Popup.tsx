import { useCallback, useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { Status } from '../core/messages';
import { AllSites } from '../ui/AllSites';
import type { ViewSite } from '../ui/all-sites';
import { HostAccessBanner, TrimmedNote } from '../ui/Banners';
import { send } from '../ui/client';
import { parseTime } from '../ui/format';
import { t } from '../ui/i18n';
import { SiteView } from '../ui/SiteView';
import { candidateSites, type Target, targetFromQuery, websiteHost } from '../ui/target';
import { usePoll } from '../ui/use-now';

const POLL_MS = 5000;
/** A long list is still costly to fetch and diff (every site and session): refresh it less often. */
const LARGE_LIST = 200;
const LARGE_LIST_POLL_MS = 15_000;

/** Names a moment once (the first time) for performance measurements; later calls do nothing. */
function mark(name: string): void {
  if (performance.getEntriesByName(name).length === 0) performance.mark(name);
}

/** `?site`/`?all` in our URL win; else the active tab's website; else (no website, or our own page) none. */
async function activeHost(): Promise<{ forced: Target | null; host: string | null }> {
  const forced = targetFromQuery(location.search);
  if (forced) return { forced, host: null };
  try {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return { forced: null, host: websiteHost(tab?.url, browser.runtime.getURL('')) };
  } catch {
    return { forced: null, host: null };
  }
}

/**
 * The site the background recorded the host's sessions under: the host or a parent domain (the
 * background names sites by registrable domain). Asks for the few candidates instead of every site.
 */
async function recordedSite(host: string): Promise<string | null> {
  for (const candidate of candidateSites(host)) {
    const reply = await send({ type: 'state/get', site: candidate, events: false });
    if (reply.ok && reply.sites.some((s) => s.site === candidate && s.sessions.length > 0)) return candidate;
  }
  return null;
}

export function Popup() {
  const [target, setTarget] = useState<Target | null>(null);
  /** The tab's host while no site is recorded for it yet: the view shows it and keeps looking. */
  const [pendingHost, setPendingHost] = useState<string | null>(null);
  const [sites, setSites] = useState<ViewSite[] | null>(null);
  const [offset, setOffset] = useState(0);
  const [status, setStatus] = useState<Status | null>(null);
  const [notifySites, setNotifySites] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  const loadStatus = useCallback(async (url?: string) => {
    const reply = await send({ type: 'status/get', ...(url ? { url } : {}) });
    if (reply.ok) setStatus(reply.status);
  }, []);

  useEffect(() => {
    void (async () => {
      const { forced, host } = await activeHost();
      // Neither holds up the first render: the list or the site is asked for as soon as it is known.
      void loadStatus(host ? `https://${host}/` : undefined);
      void send({ type: 'settings/get' }).then((settings) => {
        if (settings.ok) setNotifySites(settings.settings.notifySites);
      });
      if (forced) return setTarget(forced);
      if (!host) return setTarget({ mode: 'all' });
      const site = await recordedSite(host);
      setPendingHost(site ? null : host);
      setTarget({ mode: 'site', site: site ?? host });
    })();
  }, [loadStatus]);

  usePoll(
    async () => {
      if (target?.mode === 'all') {
        // The list shows states, not timelines: without events the reply is a fraction of the size.
        const reply = await send({ type: 'state/get', events: false });
        if (!reply.ok) return setError(reply.error);
        setError(null);
        setOffset((parseTime(reply.now) ?? Date.now()) - Date.now());
        mark('sessionscope:state-received');
        setSites(reply.sites);
      } else if (pendingHost && target?.mode === 'site' && target.site === pendingHost) {
        const site = await recordedSite(pendingHost);
        if (site) {
          setPendingHost(null);
          setTarget({ mode: 'site', site });
        }
      }
    },
    (sites?.length ?? 0) > LARGE_LIST ? LARGE_LIST_POLL_MS : POLL_MS,
    [target, pendingHost],
  );

  // For the benchmark: the first paint of the all-sites list, apart from the time the background took.
  useEffect(() => {
    if (sites !== null) mark('sessionscope:all-sites-rendered');
  }, [sites]);

  const changeNotify = async (next: string[]) => {
    setNotifySites(next);
    const reply = await send({ type: 'settings/set', settings: { notifySites: next } });
    if (reply.ok) setNotifySites(reply.settings.notifySites);
    else setError(reply.error);
  };

  return (
    <div class="popup stack">
      <HostAccessBanner status={status} onGranted={() => void loadStatus()} />
      {error ? (
        <p class="error" role="alert">
          {t('load_failed', [error])}
        </p>
      ) : null}
      {target === null ? (
        <p class="muted" role="status">
          {t('loading')}
        </p>
      ) : target.mode === 'site' ? (
        <SiteView
          key={target.site}
          site={target.site}
          status={status}
          notifySites={notifySites}
          onNotifyChange={changeNotify}
          onAllSites={() => setTarget({ mode: 'all' })}
        />
      ) : sites === null ? (
        <p class="muted" role="status">
          {t('loading')}
        </p>
      ) : (
        <AllSites sites={sites} offset={offset} onOpen={(site) => setTarget({ mode: 'site', site })} />
      )}
      <TrimmedNote status={status} />
    </div>
  );
}
