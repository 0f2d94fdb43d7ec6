/**
 * The CSV export: one row per event, for spreadsheets and grep. RFC 4180 (CRLF, quoted fields). Cookie
 * names and event details come from websites, so a cell that a spreadsheet would run as a formula is
 * defused with a leading apostrophe.
 */
import type { ExportDocument } from '../contract';

export const CSV_COLUMNS = [
  'site',
  'session_id',
  'cookie_name',
  'framework',
  'store_id',
  'event_at',
  'event_type',
  'state',
  'end_reason',
  'detail',
] as const;

export function toCsv(doc: ExportDocument): string {
  const rows: string[] = [CSV_COLUMNS.join(',')];
  for (const site of doc.sites) {
    for (const session of site.sessions) {
      for (const event of session.events) {
        const { at, type, ...detail } = event;
        rows.push(
          [
            site.site,
            session.id,
            session.cookie.name,
            session.framework ?? '',
            session.cookie.storeId,
            at,
            type,
            session.state,
            session.endReason ?? '',
            Object.keys(detail).length > 0 ? jsonOf(detail) : '',
          ]
            .map(csvCell)
            .join(','),
        );
      }
    }
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r\n]/;

export function csvCell(value: unknown): string {
  let text = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function jsonOf(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    // A detail that is not JSON data (a cycle, a BigInt) must not lose the whole export.
    return '"[unserializable]"';
  }
}
