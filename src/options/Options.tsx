import { useEffect, useState } from 'preact/hooks';
import type { DeepPartial, FieldError } from '../core/messages';
import type { RuleSet, Rules } from '../core/rules';
import type { Settings } from '../core/settings';
import { send } from '../ui/client';
import { unplacedErrors } from '../ui/field-errors';
import { formatMoment } from '../ui/format';
import { t } from '../ui/i18n';
import { CaptureSection } from './CaptureSection';
import { DataSection } from './DataSection';
import { ImportSection } from './ImportSection';
import { type RulesPatch, RulesSection } from './RulesSection';
import type { SaveStatus } from './save-status';

/** Every field path a section shows, so that an error that fits none still shows at the top. */
function knownFields(rules: RuleSet): string[] {
  const keys: (keyof Rules)[] = [
    'idleAfterSeconds',
    'idleTimeoutSeconds',
    'maxLifetimeSeconds',
    'activity',
    'pinned',
    'excluded',
  ];
  const prefixes = ['defaults', ...Object.keys(rules.sites).map((s) => `sites.${s}`)];
  return [
    ...prefixes.flatMap((p) => keys.map((k) => `${p}.${k}`)),
    ...Object.keys(rules.sites).map((s) => `sites.${s}`),
    'headerCapture.mode',
    'headerCapture.sites',
    'retention.maxEventsPerSite',
    'retention.maxAgeDays',
    'exportIncludesValues',
    'storePrivate',
    'notifySites',
  ];
}

export function Options() {
  const [rules, setRules] = useState<RuleSet | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      const [r, s] = await Promise.all([send({ type: 'rules/get' }), send({ type: 'settings/get' })]);
      if (r.ok) setRules(r.rules);
      if (s.ok) setSettings(s.settings);
      if (!r.ok || !s.ok) setLoadError(!r.ok ? r.error : !s.ok ? s.error : '');
    })();
  }, []);

  /** Shows the outcome of a save; a failure without field errors is pinned to the field that was changed. */
  const settle = (
    reply: { ok: true } | { ok: false; error: string; errors?: FieldError[] },
    field: string,
  ) => {
    if (reply.ok) {
      setErrors([]);
      setStatus({ kind: 'saved', at: Date.now() });
      return true;
    }
    setErrors(
      reply.errors && reply.errors.length > 0 ? reply.errors : [{ path: field, message: reply.error }],
    );
    setStatus({ kind: 'error', message: reply.error });
    return false;
  };

  const saveRules = async (patch: RulesPatch, field: string) => {
    setStatus({ kind: 'saving' });
    const reply = await send({ type: 'rules/set', rules: patch });
    if (reply.ok) setRules(reply.rules);
    return settle(reply, field);
  };

  const clearSiteField = async (site: string, key: keyof Rules) => {
    const current = rules?.sites[site];
    if (!current || !(key in current)) return true;
    const { [key]: _dropped, ...rest } = current;
    // The API merges a site's overrides; dropping one field means replacing them: remove, then set the rest.
    setStatus({ kind: 'saving' });
    const removed = await send({ type: 'rules/set', rules: { sites: { [site]: null } } });
    if (!removed.ok) return settle(removed, `sites.${site}.${key}`);
    const reply = await send({ type: 'rules/set', rules: { sites: { [site]: rest } } });
    setRules(reply.ok ? reply.rules : removed.rules);
    return settle(reply, `sites.${site}.${key}`);
  };

  const saveSettings = async (patch: Record<string, unknown>, field: string) => {
    setStatus({ kind: 'saving' });
    const reply = await send({ type: 'settings/set', settings: patch as DeepPartial<Settings> });
    if (reply.ok) setSettings(reply.settings);
    return settle(reply, field);
  };

  const stray = rules ? unplacedErrors(knownFields(rules), errors) : [];
  return (
    <main class="options stack" aria-labelledby="options-title">
      <header class="options-header">
        <h1 id="options-title">{t('opt_title')}</h1>
        <p
          class={`save-status ${status.kind}`}
          role="status"
          aria-live="polite"
          data-save-status={status.kind}
        >
          {status.kind === 'saving'
            ? t('status_saving')
            : status.kind === 'saved'
              ? t('status_saved', [formatMoment(status.at, Date.now())])
              : status.kind === 'error'
                ? t('status_not_saved')
                : t('status_autosave')}
        </p>
      </header>
      {loadError !== null ? (
        <p class="error" role="alert">
          {t('load_failed', [loadError])}
        </p>
      ) : null}
      {stray.length > 0 ? (
        <ul class="error" role="alert">
          {stray.map((e) => (
            <li key={`${e.path}:${e.message}`}>{e.path ? `${e.path}: ${e.message}` : e.message}</li>
          ))}
        </ul>
      ) : null}
      {rules ? (
        <RulesSection rules={rules} errors={errors} save={saveRules} clearSiteField={clearSiteField} />
      ) : null}
      {settings ? <CaptureSection settings={settings} errors={errors} save={saveSettings} /> : null}
      {settings ? <DataSection settings={settings} errors={errors} save={saveSettings} /> : null}
      <ImportSection />
    </main>
  );
}
