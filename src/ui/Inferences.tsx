import type { ExportInference } from '../core/contract';
import { t } from './i18n';
import { evidenceText, inferenceText } from './inference-text';

/** What the extension concluded about a site, each with the evidence behind it, folded by default. */
export function Inferences({ items, title }: { items: ExportInference[]; title: string }) {
  if (items.length === 0) return null;
  return (
    <section aria-label={title} class="inferences">
      <h2>{title}</h2>
      <ul class="plain stack">
        {items.map((inf, i) => (
          <li key={`${inf.kind}-${i}`}>
            <details>
              <summary>{inferenceText(inf, t)}</summary>
              {inf.evidence.length > 0 ? (
                <ul>
                  {inf.evidence.map((e, j) => (
                    <li key={`${j}-${evidenceText(e)}`} class="mono">
                      {evidenceText(e)}
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="muted">{t('inf_no_evidence')}</p>
              )}
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
