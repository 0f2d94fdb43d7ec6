import type { FieldError } from '../core/messages';
import type { Settings } from '../core/settings';
import { errorsFor } from '../ui/field-errors';
import { t } from '../ui/i18n';
import { CheckboxField, ListField, NumberField } from './controls';

type SettingsPatch = Parameters<Props['save']>[0];
interface Props {
  settings: Settings;
  errors: FieldError[];
  save: (patch: Record<string, unknown>, field: string) => Promise<boolean>;
}

/** Retention, what exports carry, private windows and notifications. */
export function DataSection({ settings, errors, save }: Props) {
  const commit = (patch: SettingsPatch, field: string) => void save(patch, field);
  return (
    <section aria-labelledby="data-title" class="stack">
      <h2 id="data-title">{t('opt_data')}</h2>
      <div class="rules-grid">
        <NumberField
          path="retention.maxEventsPerSite"
          label={t('opt_max_events')}
          value={settings.retention.maxEventsPerSite}
          unit="events"
          errors={errorsFor('retention.maxEventsPerSite', errors)}
          onCommit={(v) => commit({ retention: { maxEventsPerSite: v } }, 'retention.maxEventsPerSite')}
        />
        <NumberField
          path="retention.maxAgeDays"
          label={t('opt_max_age')}
          value={settings.retention.maxAgeDays}
          unit="days"
          errors={errorsFor('retention.maxAgeDays', errors)}
          onCommit={(v) => commit({ retention: { maxAgeDays: v } }, 'retention.maxAgeDays')}
        />
      </div>
      <CheckboxField
        path="exportIncludesValues"
        label={t('opt_export_values')}
        hint={t('opt_export_values_hint')}
        checked={settings.exportIncludesValues}
        errors={errorsFor('exportIncludesValues', errors)}
        onCommit={(v) => commit({ exportIncludesValues: v }, 'exportIncludesValues')}
      />
      <CheckboxField
        path="storePrivate"
        label={t('opt_store_private')}
        hint={t('opt_store_private_hint')}
        checked={settings.storePrivate}
        errors={errorsFor('storePrivate', errors)}
        onCommit={(v) => commit({ storePrivate: v }, 'storePrivate')}
      />
      <ListField
        path="notifySites"
        label={t('opt_notify_sites')}
        value={settings.notifySites}
        hint={t('opt_notify_sites_hint')}
        errors={errorsFor('notifySites', errors)}
        onCommit={(v) => commit({ notifySites: v }, 'notifySites')}
      />
    </section>
  );
}
