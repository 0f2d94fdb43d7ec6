import { useState } from 'preact/hooks';
import { MAX_IMPORT_BYTES } from '../core/import-limits';
import type { FieldError } from '../core/messages';
import { send } from '../ui/client';
import { t } from '../ui/i18n';

type Result =
  | { ok: true; sites: number; sessions: number }
  | { ok: false; error: string; errors: FieldError[] };

function megabytes(bytes: number): string {
  return (Math.round((bytes / (1024 * 1024)) * 10) / 10).toString();
}

/** Import of an exported timeline; the background validates it and nothing stored changes on bad input. */
export function ImportSection() {
  const [result, setResult] = useState<Result | null>(null);
  const [busy, setBusy] = useState(false);
  const refuse = (error: string) => setResult({ ok: false, error, errors: [] });
  const onFile = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setResult(null);
    // Before reading: a 50 MB file would otherwise be read into the page and copied to the background.
    if (file.size > MAX_IMPORT_BYTES) {
      refuse(t('import_too_large', [megabytes(file.size), megabytes(MAX_IMPORT_BYTES)]));
      input.value = '';
      return;
    }
    setBusy(true);
    try {
      // The text, not a parsed object: the background checks size and depth with the one import parser,
      // and text crosses the message channel where a deeply nested object fails to serialize.
      const data = await file.text();
      const reply = await send({ type: 'import', data });
      setResult(reply.ok ? reply : { ok: false, error: reply.error, errors: reply.errors ?? [] });
    } catch (err) {
      refuse(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
      input.value = '';
    }
  };
  return (
    <section aria-labelledby="import-title" class="stack">
      <h2 id="import-title">{t('opt_import')}</h2>
      <div class="field">
        <label for="import-file">{t('opt_import_label')}</label>
        <input
          id="import-file"
          type="file"
          accept=".json,application/json"
          aria-describedby="import-hint import-result"
          disabled={busy}
          onChange={onFile}
        />
        <div id="import-hint" class="hint muted">
          {t('opt_import_hint')}
        </div>
      </div>
      <div id="import-result" aria-live="polite">
        {result?.ok ? (
          <p class="saved" role="status">
            {t('import_done', [result.sites, result.sessions])}
          </p>
        ) : result ? (
          <div class="error import-error" role="alert">
            <p>{t('import_failed', [result.error])}</p>
            {result.errors.length > 0 ? (
              <ul>
                {result.errors.map((e) => (
                  <li key={`${e.path}:${e.message}`}>
                    <code>{e.path || '/'}</code>: {e.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}
