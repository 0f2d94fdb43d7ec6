import { useEffect, useState } from 'preact/hooks';
import type { Status, SubscriptionTarget } from '../core/messages';
import { AllSites } from '../ui/AllSites';
import { HostAccessBanner, TrimmedNote } from '../ui/Banners';
import { send } from '../ui/client';
import { t } from '../ui/i18n';
import { type LiveSubscription, useLive } from '../ui/live';
import { useSiteView } from './site-view-chunk';

/** Names a moment once (the first time) for performance measurements; later calls do nothing. */
function mark(name: string): void {
  if (performance.getEntriesByName(name).length === 0) performance.mark(name);
}

/**
 * The popup: the site of the active tab (or the one forced by `?site=`/`?all=1`, see main.tsx), as the
 * background resolves it and pushes it over the subscription; the all-sites list when the tab shows no
 * website. Nothing here polls.
 */
export function Popup({ live, statusUrl }: { live: LiveSubscription; statusUrl: () => string | undefined }) {
  const { state, error } = useLive(live);
  const siteMode = state?.target.mode === 'site';
  const SiteView = useSiteView(siteMode);
  const [status, setStatus] = useState<Status | null>(null);
  const [notifySites, setNotifySites] = useState<string[]>([]);
  const [actionError, setActionError] = useState<string | null>(null);

  const loadStatus = async () => {
    const url = statusUrl();
    const reply = await send({ type: 'status/get', ...(url ? { url } : {}) });
    if (reply.ok) setStatus(reply.status);
  };

  // After the first state: neither holds up the first render, nor competes with it in the background.
  const firstState = state !== null;
  useEffect(() => {
    if (!firstState) return;
    void loadStatus();
    void send({ type: 'settings/get' }).then((settings) => {
      if (settings.ok) setNotifySites(settings.settings.notifySites);
    });
  }, [firstState]);

  // For the benchmark: when the first state arrived, and when the list it drew was first painted.
  useEffect(() => {
    if (state === null) return;
    mark('sessionscope:state-received');
    if (state.target.mode === 'all') mark('sessionscope:all-sites-rendered');
  }, [state]);

  const changeNotify = async (next: string[]) => {
    setNotifySites(next);
    const reply = await send({ type: 'settings/set', settings: { notifySites: next } });
    if (reply.ok) setNotifySites(reply.settings.notifySites);
    else setActionError(reply.error);
  };
  const follow = (target: SubscriptionTarget) => live.subscribe(target);
  // A private window or container keeps to its own store; a normal window's list shows every store.
  const kind = state?.target.storeKind;
  const storeId = (kind === 'private' || kind === 'container' ? state?.target.storeId : null) ?? undefined;
  const shownError = error ?? actionError;

  return (
    <div class="popup stack">
      <HostAccessBanner status={status} onGranted={() => void loadStatus()} />
      {shownError && state === null ? (
        <p class="error" role="alert">
          {t('load_failed', [shownError])}
        </p>
      ) : null}
      {state === null || (siteMode && SiteView === null) ? (
        <p class="muted" role="status">
          {t('loading')}
        </p>
      ) : state.target.mode === 'site' && state.target.site !== null && SiteView !== null ? (
        <SiteView
          key={state.target.site}
          site={state.target.site}
          sites={state.sites}
          restarts={state.restarts}
          offset={state.offset}
          loaded
          store={state.target.storeKind}
          status={status}
          notifySites={notifySites}
          onNotifyChange={changeNotify}
          onAllSites={() => follow({ all: true, ...(storeId ? { storeId } : {}) })}
          error={shownError}
        />
      ) : (
        <AllSites
          sites={state.list}
          offset={state.offset}
          onOpen={(site) => follow({ site, ...(storeId ? { storeId } : {}) })}
        />
      )}
      <TrimmedNote status={status} />
    </div>
  );
}
