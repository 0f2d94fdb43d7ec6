export { CSV_COLUMNS, csvCell, toCsv } from './csv';
export { type ExportMeta, maskDocument, toExportDocument } from './json';
export { segmentsOf, type Trace, type TraceEvent, toTrace } from './trace';
