import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvCell, toCsv } from './csv';
import { toExportDocument } from './json';
import { cookie, djangoSite, flaskSite, iso, meta, session } from './test-fixtures';

/** A strict RFC 4180 reader, to check the CSV as a spreadsheet would read it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        cell += c;
        i++;
      }
    } else if (c === '"' && cell === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 2;
    } else {
      if (c === '"' || c === '\r' || c === '\n') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
      cell += c;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quote');
  if (cell !== '' || row.length > 0) throw new Error('last row not ended by CRLF');
  return rows;
}

describe('toCsv', () => {
  it('writes the header row even when there is nothing to export', () => {
    const text = toCsv(toExportDocument([], meta));
    expect(text).toBe(
      'site,session_id,cookie_name,framework,store_id,event_at,event_type,state,end_reason,detail\r\n',
    );
  });

  it('writes one row per event with the session it belongs to', () => {
    const rows = parseCsv(toCsv(toExportDocument([djangoSite, flaskSite], meta)));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + 5 + 3 + 2);
    const logout = rows.find((r) => r[6] === 'ended' && r[1] === 'sess-login-0002');
    expect(logout).toEqual([
      'example.com',
      'sess-login-0002',
      'sessionid',
      'django',
      '0',
      '2026-11-25T10:20:00.000Z',
      'ended',
      'ended',
      'logout',
      '{"reason":"logout","setCookie":"sessionid=\\"\\"; Max-Age=0; Path=/"}',
    ]);
    const started = rows.find((r) => r[1] === 'sess-flask-0003' && r[6] === 'started');
    expect(started?.[3]).toBe('flask');
    expect(started?.[9]).toBe('');
  });

  it('quotes commas, quotes and line breaks so every row keeps its ten columns', () => {
    const hostile = session({
      id: 'id,with,commas',
      cookie: cookie({ name: 'a"b\r\nc' }),
      events: [{ at: iso(0), type: 'started', note: 'line1\nline2, "quoted"' }],
    });
    const rows = parseCsv(
      toCsv(toExportDocument([{ site: 'x.test', sessions: [hostile], inferences: [] }], meta)),
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]).toHaveLength(10);
    expect(rows[1]?.[1]).toBe('id,with,commas');
    expect(rows[1]?.[2]).toBe('a"b\r\nc');
    expect(JSON.parse(rows[1]![9]!)).toEqual({ note: 'line1\nline2, "quoted"' });
  });

  it('defuses cookie names that a spreadsheet would run as a formula', () => {
    const names = ['=HYPERLINK("http://evil.test","x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx'];
    const sessions = names.map((name, i) =>
      session({ id: `s${i}`, cookie: cookie({ name }), events: [{ at: iso(0), type: 'started' }] }),
    );
    const rows = parseCsv(toCsv(toExportDocument([{ site: 'x.test', sessions, inferences: [] }], meta)));
    const cells = rows.slice(1).map((r) => r[2]);
    expect(cells).toEqual(names.map((n) => `'${n}`));
    // Ordinary names are left alone.
    expect(csvCell('sessionid')).toBe('sessionid');
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('keeps a row for an event whose details cannot be serialized', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const s = session({ events: [{ at: iso(0), type: 'odd', cyclic }] });
    const rows = parseCsv(toCsv(toExportDocument([{ site: 'x.test', sessions: [s], inferences: [] }], meta)));
    expect(rows[1]?.[6]).toBe('odd');
    expect(rows[1]?.[9]).toBe('"[unserializable]"');
  });
});
