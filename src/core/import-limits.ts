// The import limits on their own, so the options page can check a file's size before reading it without
// bundling the importer and its schema library.
/** Deeper than any real timeline (a decoded cookie payload included), far below any stack limit. */
export const MAX_IMPORT_DEPTH = 128;
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
