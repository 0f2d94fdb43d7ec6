import type { ExportFormat } from '../core/messages';
import { send } from './client';
import { downloadText } from './download';

const EXT: Record<ExportFormat, [string, string]> = {
  json: ['json', 'application/json'],
  csv: ['csv', 'text/csv'],
  trace: ['trace.json', 'application/json'],
};

/** Asks the background for an export and saves it as a file; returns an error message or null. */
export async function exportToFile(
  format: ExportFormat,
  site: string | null,
  now: number,
): Promise<string | null> {
  const reply = await send({ type: 'export', format, ...(site ? { site } : {}) });
  if (!reply.ok) return reply.error;
  const text = typeof reply.data === 'string' ? reply.data : JSON.stringify(reply.data, null, 2);
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const [ext, mime] = EXT[format];
  downloadText(`sessionscope-${site ?? 'all-sites'}-${stamp}.${ext}`, text, mime);
  return null;
}
