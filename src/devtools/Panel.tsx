import { useEffect, useState } from 'preact/hooks';
import type { Status, SubscriptionTarget } from '../core/messages';
import { AllSites } from '../ui/AllSites';
import { HostAccessBanner, TrimmedNote } from '../ui/Banners';
import { send } from '../ui/client';
import { t } from '../ui/i18n';
import { type LiveSubscription, useLive } from '../ui/live';
import { SiteView } from '../ui/SiteView';
import { Ticking } from '../ui/use-now';
import type { VisibilityMessage } from './visibility';

/**
 * The Sessions panel: the inspected tab's site in its cookie store, live. It follows the tab as it
 * navigates (the background re-resolves the tab and pushes), shows the all-sites list where the tab has
 * no website, and streams only while shown: hidden, it tells the background and stops its clock.
 */
export function Panel({
  live,
  tabId,
  channel,
}: {
  live: LiveSubscription;
  tabId: number;
  channel: BroadcastChannel;
}) {
  const { state, error, pushes, connected } = useLive(live);
  const [shown, setShown] = useState(true);
  const [following, setFollowing] = useState(true);
  const [status, setStatus] = useState<Status | null>(null);
  const [notifySites, setNotifySites] = useState<string[]>([]);

  useEffect(() => {
    channel.onmessage = (event: MessageEvent<VisibilityMessage>) => {
      const type = event.data?.type;
      if (type === 'shown' || type === 'hidden') {
        setShown(type === 'shown');
        live.setShown(type === 'shown');
      }
    };
    channel.postMessage({ type: 'ask' } satisfies VisibilityMessage);
    return () => {
      channel.onmessage = null;
    };
  }, [channel, live]);

  const firstState = state !== null;
  const site = state?.target.mode === 'site' ? state.target.site : null;
  const loadStatus = async () => {
    const reply = await send({ type: 'status/get', ...(site ? { url: `https://${site}/` } : {}) });
    if (reply.ok) setStatus(reply.status);
  };
  useEffect(() => {
    if (!firstState) return;
    void loadStatus();
    void send({ type: 'settings/get' }).then((r) => {
      if (r.ok) setNotifySites(r.settings.notifySites);
    });
  }, [firstState, site]);

  const follow = (target: SubscriptionTarget) => {
    setFollowing('tabId' in target);
    live.subscribe(target);
  };
  const kind = state?.target.storeKind;
  const storeId = (kind === 'private' || kind === 'container' ? state?.target.storeId : null) ?? undefined;
  const changeNotify = async (next: string[]) => {
    setNotifySites(next);
    const reply = await send({ type: 'settings/set', settings: { notifySites: next } });
    if (reply.ok) setNotifySites(reply.settings.notifySites);
  };

  return (
    <Ticking.Provider value={shown}>
      <div
        class="panel stack"
        data-pushes={pushes}
        data-shown={shown ? 'true' : 'false'}
        data-mode={state?.target.mode ?? 'loading'}
      >
        <HostAccessBanner status={status} onGranted={() => void loadStatus()} />
        {following ? null : (
          <div class="row">
            <button type="button" class="link" onClick={() => follow({ tabId })}>
              {t('panel_follow_tab')}
            </button>
          </div>
        )}
        {!connected && state !== null ? (
          <p class="muted" role="status">
            {t('live_reconnecting')}
          </p>
        ) : null}
        {error && state === null ? (
          <p class="error" role="alert">
            {t('load_failed', [error])}
          </p>
        ) : null}
        {state === null ? (
          <p class="muted" role="status">
            {t('loading')}
          </p>
        ) : state.target.mode === 'site' && state.target.site !== null ? (
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
            error={error}
            wide
            tabId={tabId}
          />
        ) : (
          <AllSites
            sites={state.list}
            offset={state.offset}
            onOpen={(s) => follow({ site: s, ...(storeId ? { storeId } : {}) })}
          />
        )}
        <TrimmedNote status={status} />
      </div>
    </Ticking.Provider>
  );
}
