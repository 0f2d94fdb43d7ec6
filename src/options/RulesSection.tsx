import { useState } from 'preact/hooks';
import type { FieldError } from '../core/messages';
import type { RuleSet, Rules } from '../core/rules';
import { Field, fieldIds } from '../ui/Field';
import { errorsFor } from '../ui/field-errors';
import { t } from '../ui/i18n';
import { idOf, ListField, NumberField } from './controls';

export type RulesPatch = { defaults?: Partial<Rules>; sites?: Record<string, Partial<Rules> | null> };

interface Props {
  rules: RuleSet;
  errors: FieldError[];
  save: (patch: RulesPatch, field: string) => Promise<boolean>;
  /** Clears one field of a site's overrides (the message API merges, so this rewrites the overrides). */
  clearSiteField: (site: string, key: keyof Rules) => Promise<boolean>;
}

function RulesFields({
  prefix,
  values,
  inherit,
  errors,
  commit,
}: {
  prefix: string;
  values: Partial<Rules>;
  /** For a site: the defaults an empty field falls back to. */
  inherit: Rules | null;
  errors: FieldError[];
  commit: <K extends keyof Rules>(key: K, value: Rules[K] | null | string) => void;
}) {
  const p = (key: keyof Rules) => `${prefix}.${key}`;
  const emptyFor = (key: 'idleTimeoutSeconds' | 'maxLifetimeSeconds' | 'idleAfterSeconds') =>
    inherit
      ? t('empty_inherit', [inherit[key] == null ? t('never') : String(inherit[key])])
      : key === 'idleAfterSeconds'
        ? undefined
        : t('never');
  const activityId = idOf(p('activity'));
  const activityErrors = errorsFor(p('activity'), errors);
  return (
    <div class="rules-grid">
      <NumberField
        path={p('idleAfterSeconds')}
        label={t('rule_idle_after')}
        value={values.idleAfterSeconds}
        {...(emptyFor('idleAfterSeconds') ? { empty: emptyFor('idleAfterSeconds') } : {})}
        errors={errorsFor(p('idleAfterSeconds'), errors)}
        onCommit={(v) => commit('idleAfterSeconds', v as number)}
      />
      <NumberField
        path={p('idleTimeoutSeconds')}
        label={t('rule_idle_timeout')}
        value={values.idleTimeoutSeconds}
        empty={emptyFor('idleTimeoutSeconds')}
        errors={errorsFor(p('idleTimeoutSeconds'), errors)}
        onCommit={(v) => commit('idleTimeoutSeconds', v as number | null)}
      />
      <NumberField
        path={p('maxLifetimeSeconds')}
        label={t('rule_max_lifetime')}
        value={values.maxLifetimeSeconds}
        empty={emptyFor('maxLifetimeSeconds')}
        errors={errorsFor(p('maxLifetimeSeconds'), errors)}
        onCommit={(v) => commit('maxLifetimeSeconds', v as number | null)}
      />
      <Field
        id={activityId}
        label={t('rule_activity')}
        hint={t('rule_activity_hint')}
        errors={activityErrors}
      >
        <select
          {...fieldIds(activityId, activityErrors.length > 0)}
          value={values.activity ?? ''}
          onChange={(e) => {
            const v = (e.currentTarget as HTMLSelectElement).value;
            commit('activity', v === '' ? null : (v as Rules['activity']));
          }}
        >
          {inherit ? <option value="">{t('as_defaults')}</option> : null}
          <option value="any-request">{t('activity_any_request')}</option>
          <option value="navigation">{t('activity_navigation')}</option>
        </select>
      </Field>
      <ListField
        path={p('pinned')}
        label={t('rule_pinned')}
        value={values.pinned}
        hint={t('rule_pinned_hint')}
        errors={errorsFor(p('pinned'), errors)}
        onCommit={(v) => commit('pinned', inherit && v.length === 0 ? null : v)}
      />
      <ListField
        path={p('excluded')}
        label={t('rule_excluded')}
        value={values.excluded}
        hint={t('rule_excluded_hint')}
        errors={errorsFor(p('excluded'), errors)}
        onCommit={(v) => commit('excluded', inherit && v.length === 0 ? null : v)}
      />
    </div>
  );
}

export function RulesSection({ rules, errors, save, clearSiteField }: Props) {
  const [newSite, setNewSite] = useState('');
  const sites = Object.keys(rules.sites).sort();
  const addId = 'f-new-site';
  const typed = newSite.trim().toLowerCase();
  const add = async (e: Event) => {
    e.preventDefault();
    if (typed === '') return;
    if (await save({ sites: { [typed]: {} } }, `sites.${typed}`)) setNewSite('');
  };
  const siteErrorsOutsideFields = (site: string) =>
    errors.filter((e) => e.path === `sites.${site}`).map((e) => e.message);
  return (
    <section aria-labelledby="rules-title" class="stack">
      <h2 id="rules-title">{t('opt_rules')}</h2>
      <p class="muted">{t('opt_rules_intro')}</p>
      <fieldset>
        <legend>{t('opt_defaults')}</legend>
        <RulesFields
          prefix="defaults"
          values={rules.defaults}
          inherit={null}
          errors={errors}
          commit={(key, value) =>
            void save({ defaults: { [key]: value } as Partial<Rules> }, `defaults.${key}`)
          }
        />
      </fieldset>
      {sites.map((site) => (
        <fieldset key={site} data-site={site}>
          <legend>{t('opt_site_override', [site])}</legend>
          {siteErrorsOutsideFields(site).length > 0 ? (
            <p class="error" role="alert">
              {siteErrorsOutsideFields(site).join(' · ')}
            </p>
          ) : null}
          <RulesFields
            prefix={`sites.${site}`}
            values={rules.sites[site] ?? {}}
            inherit={rules.defaults}
            errors={errors}
            commit={(key, value) => {
              if (value === null || value === '') void clearSiteField(site, key);
              else
                void save({ sites: { [site]: { [key]: value } as Partial<Rules> } }, `sites.${site}.${key}`);
            }}
          />
          <button
            type="button"
            class="danger"
            onClick={() => void save({ sites: { [site]: null } }, `sites.${site}`)}
          >
            {t('opt_remove_override', [site])}
          </button>
        </fieldset>
      ))}
      <form class="row" onSubmit={add}>
        <Field
          id={addId}
          label={t('opt_add_site')}
          hint={t('opt_add_site_hint')}
          errors={
            typed !== '' && !rules.sites[typed]
              ? errors.filter((e) => e.path === `sites.${typed}`).map((e) => e.message)
              : []
          }
        >
          <input
            {...fieldIds(
              addId,
              errors.some((e) => e.path === `sites.${typed}`),
            )}
            type="text"
            value={newSite}
            placeholder="example.com"
            onInput={(e) => setNewSite((e.currentTarget as HTMLInputElement).value)}
          />
        </Field>
        <button type="submit">{t('opt_add_override')}</button>
      </form>
    </section>
  );
}
