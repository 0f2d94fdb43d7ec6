import type { ExportSite } from '../core/contract';
import { formatDuration, parseTime } from './format';
import { storeLabel } from './store';
import { endsText } from './summary';
import type { Translate } from './translate';
import { valueText } from './values';

/**
 * A plain-text account of a site's sessions to paste into a bug report: states, times, what ends each
 * session and the inferences with their evidence. No cookie values: only the short hashes.
 */
export function reportText(
  site: ExportSite,
  now: number,
  t: Translate,
  meta: { browser?: string; restarts?: number[] } = {},
): string {
  const lines: string[] = [];
  lines.push(t('report_title', [site.site, new Date(now).toISOString()]));
  if (meta.browser) lines.push(t('report_browser', [meta.browser]));
  if (meta.restarts && meta.restarts.length > 0) {
    lines.push(t('report_restarts', [meta.restarts.map((at) => new Date(at).toISOString()).join(', ')]));
  }
  for (const s of site.sessions) {
    const store = storeLabel(s, t);
    lines.push('');
    lines.push(
      t('report_session', [
        s.cookie.name,
        s.framework ?? t('framework_unknown'),
        t(`state_${s.state}`),
        store || t('store_default'),
      ]),
    );
    lines.push(`  ${t('report_started', [s.startedAt])}`);
    lines.push(`  ${t('report_last_activity', [s.lastActivityAt])}`);
    if (s.endedAt) lines.push(`  ${t('report_ended', [s.endedAt])}`);
    const lastActivity = parseTime(s.lastActivityAt);
    if (lastActivity !== null && s.state !== 'ended') {
      lines.push(`  ${t('report_quiet_for', [formatDuration(now - lastActivity, t)])}`);
    }
    lines.push(`  ${endsText(s, now, t)}`);
    lines.push(
      `  ${t('report_cookie', [
        s.cookie.domain,
        s.cookie.path,
        s.cookie.session ? t('report_session_cookie') : (s.cookie.expiresAt ?? ''),
        s.cookie.httpOnly ? 'HttpOnly' : '-',
        s.cookie.secure ? 'Secure' : '-',
        s.cookie.sameSite,
        s.cookie.valueHash,
      ])}`,
    );
    if (s.restartsSurvived > 0) lines.push(`  ${restartsText(s.restartsSurvived, s.restoredByBrowser, t)}`);
    if (s.replaces) lines.push(`  ${t('report_replaces', [s.replaces])}`);
    if (s.replacedBy) lines.push(`  ${t('report_replaced_by', [s.replacedBy])}`);
  }
  if (site.inferences.length > 0) {
    lines.push('');
    lines.push(t('report_inferences'));
    for (const inf of site.inferences) {
      lines.push(`- ${inf.kind}: ${valueText(inf.value)}`);
      for (const e of inf.evidence) lines.push(`    · ${valueText(e)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** "Survived 2 browser restarts (restored by the browser)". */
export function restartsText(n: number, restored: boolean, t: Translate): string {
  const base = n === 1 ? t('restarts_one') : t('restarts_n', [n]);
  return restored ? `${base} ${t('restarts_restored')}` : base;
}
