import { useMemo, useState } from 'preact/hooks';
import { FRAMEWORKS, SESSION_STATES } from '../core/contract';
import type { ListSite } from '../core/list-view';
import { filterRows, NO_FILTER, rowState, type SiteFilter, toRows, type ViewSite } from './all-sites';
import { exportToFile } from './exporting';
import { formatRelative } from './format';
import { t } from './i18n';
import { useProjected } from './live';
import { StateChip } from './StateChip';
import { useNow } from './use-now';

/** Rows drawn at once: enough to fill the popup, few enough that 1,000 sites render at once. */
export const PAGE = 100;

const STORES = ['default', 'private', 'container'] as const;

export function AllSites({
  sites,
  offset,
  onOpen,
}: {
  sites: readonly (ViewSite | ListSite)[];
  offset: number;
  onOpen: (site: string) => void;
}) {
  const [filter, setFilter] = useState<SiteFilter>(NO_FILTER);
  const [shown, setShown] = useState(PAGE);
  const [message, setMessage] = useState('');
  const now = useNow(offset);
  const live = useProjected(sites, now);
  const rows = useMemo(() => toRows(live), [live]);
  const matches = useMemo(() => filterRows(rows, filter), [rows, filter]);
  const update = (patch: Partial<SiteFilter>) => {
    setFilter({ ...filter, ...patch });
    setShown(PAGE);
  };
  const storeName = (kind: string) => t(`store_${kind}`);

  if (rows.length === 0) {
    return (
      <main class="stack" aria-labelledby="all-title">
        <h1 id="all-title">{t('all_sites')}</h1>
        <div class="card empty">
          <p>
            <strong>{t('empty_title')}</strong>
          </p>
          <p>{t('empty_hint')}</p>
        </div>
      </main>
    );
  }
  return (
    <main class="stack" aria-labelledby="all-title">
      <div class="row" style="justify-content:space-between">
        <h1 id="all-title">{t('all_sites')}</h1>
        <button
          type="button"
          onClick={async () => {
            const err = await exportToFile('json', null, now);
            setMessage(err ? t('action_failed', [err]) : t('done_export'));
          }}
        >
          {t('export_all')}
        </button>
      </div>
      <search class="row" aria-label={t('filters')}>
        <input
          type="search"
          aria-label={t('search_label')}
          placeholder={t('search_placeholder')}
          value={filter.query}
          onInput={(e) => update({ query: (e.currentTarget as HTMLInputElement).value })}
        />
        <select
          aria-label={t('filter_state')}
          value={filter.state}
          onChange={(e) =>
            update({ state: (e.currentTarget as HTMLSelectElement).value as SiteFilter['state'] })
          }
        >
          <option value="any">{t('filter_any_state')}</option>
          {SESSION_STATES.map((s) => (
            <option key={s} value={s}>
              {t(`state_${s}`)}
            </option>
          ))}
        </select>
        <select
          aria-label={t('filter_framework')}
          value={filter.framework}
          onChange={(e) =>
            update({ framework: (e.currentTarget as HTMLSelectElement).value as SiteFilter['framework'] })
          }
        >
          <option value="any">{t('filter_any_framework')}</option>
          {FRAMEWORKS.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
        <select
          aria-label={t('filter_store')}
          value={filter.store}
          onChange={(e) =>
            update({ store: (e.currentTarget as HTMLSelectElement).value as SiteFilter['store'] })
          }
        >
          <option value="any">{t('filter_any_store')}</option>
          {STORES.map((s) => (
            <option key={s} value={s}>
              {storeName(s)}
            </option>
          ))}
        </select>
      </search>
      <p class="muted" role="status" aria-live="polite">
        {t('showing_n_of_m', [Math.min(shown, matches.length), matches.length])}
      </p>
      {matches.length === 0 ? <p>{t('no_matches')}</p> : null}
      <ul class="plain site-list" aria-label={t('all_sites')}>
        {matches.slice(0, shown).map((row) => {
          const meta = [
            row.cookieNames.join(', '),
            ...(row.frameworks.length > 0 ? [row.frameworks.join(', ')] : []),
            formatRelative(row.lastActivityMs, now, t),
          ].join(' · ');
          return (
            <li key={row.key}>
              <button type="button" class="site-row" data-site={row.site} onClick={() => onOpen(row.site)}>
                <StateChip state={rowState(row)} />
                <span class="site-name clip" title={row.site}>
                  {row.site}
                </span>
                {row.storeKind !== 'default' ? <span class="badge">{storeName(row.storeKind)}</span> : null}
                {row.imported ? <span class="badge">{t('imported')}</span> : null}
                <span class="muted site-meta clip" title={meta}>
                  {meta}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {matches.length > shown ? (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          {t('show_more', [Math.min(PAGE, matches.length - shown)])}
        </button>
      ) : null}
      <p class="status" role="status" aria-live="polite">
        {message}
      </p>
    </main>
  );
}
