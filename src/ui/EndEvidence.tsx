import type { ExportSession } from '../core/contract';
import { EvidenceFacts } from './EvidenceFacts';
import { endKindText, endView, listedEvidence, resumesOf, resumeText } from './end-evidence';
import { t } from './i18n';

/**
 * On a session card: what its end rests on (observed, inferred or only predicted by a rule, with the
 * request, header and reasoning), "unknown" with why where the evidence does not decide, and each
 * predicted end the server contradicted.
 */
export function EndEvidence({ session: s, now }: { session: ExportSession; now: number }) {
  const end = endView(s);
  const resumes = resumesOf(s);
  const listed = end ? listedEvidence(end) : null;
  if (!end && resumes.length === 0) return null;
  return (
    <div class="end-evidence stack" data-testid="end-evidence">
      {end ? (
        <>
          <h3 class="detail-heading">{t('end_rests_on')}</h3>
          <p data-end-kind={end.kind}>{endKindText(end, t)}</p>
          {end.unknown ? (
            <p class="wrap" data-testid="end-unknown">
              {t('end_cause_unknown', [end.unknown])}
            </p>
          ) : null}
          {listed ? (
            <EvidenceFacts evidence={listed} now={now} />
          ) : end.unknown ? null : (
            <p class="muted">{t('end_no_evidence')}</p>
          )}
        </>
      ) : null}
      {resumes.map((r) => (
        <div key={r.at} class="stack" data-testid="resumed">
          <p class="wrap">{resumeText(r, now, t)}</p>
          {r.evidence ? <EvidenceFacts evidence={r.evidence} now={now} /> : null}
        </div>
      ))}
    </div>
  );
}
