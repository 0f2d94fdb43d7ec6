/**
 * Why a session counts as having survived a browser restart, or as found new when the browser started:
 * the browser-level signals its latest startup event rests on (src/core/startup-reconcile.ts). An
 * extension reload is not a restart; the signals are what told them apart.
 */
import type { ExportSession } from '../core/contract';
import { evidenceOf } from './event-evidence';

export interface StartupEvidence {
  type: 'restart-survived' | 'seen-at-startup';
  at: string;
  /** True when the browser restored a session cookie (a restart-survived event says so). */
  restored: boolean;
  signals: string[];
}

export function startupEvidenceOf(s: ExportSession): StartupEvidence | null {
  for (let i = s.events.length - 1; i >= 0; i--) {
    const e = s.events[i]!;
    if (e.type !== 'restart-survived' && e.type !== 'seen-at-startup') continue;
    const signals = evidenceOf(e)?.startup ?? [];
    return { type: e.type, at: e.at, restored: e.restored === true, signals };
  }
  return null;
}
