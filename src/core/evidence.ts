import type { Millis } from './observation';

export interface EventEvidence {
  request?: { method: string | null; url: string; status: number | null; at: Millis };
  header?: { name: 'Set-Cookie' | 'Clear-Site-Data'; value: string };
  cookieChange?: { removed: boolean; cause: string };
  payload?: {
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    changed: string[];
  };
  rule?: { name: string; seconds: number | null; from: 'rules' | 'cookie' };
  unknown?: string;
}
