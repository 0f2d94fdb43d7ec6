// Gzipped size of what each extension page and the worker load: the entry chunk, every chunk it
// imports (shared ones included) and its stylesheets, as the built manifest and HTML point to them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { jsClosure, readManifest } from './extensions.mjs';

function htmlAssets(dist, htmlPath) {
  const html = readFileSync(join(dist, htmlPath), 'utf8');
  const refs = [];
  for (const m of html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"/g)) {
    if (/^(https?:)?\/\//.test(m[1])) continue;
    refs.push(m[1].startsWith('/') ? m[1].slice(1) : join(htmlPath, '..', m[1]));
  }
  return refs;
}

function measure(dist, files) {
  const rows = [];
  for (const f of [...new Set(files)].sort()) {
    if (!existsSync(join(dist, f))) continue;
    const buf = readFileSync(join(dist, f));
    rows.push({ file: f, bytes: buf.length, gzipBytes: gzipSync(buf, { level: 9 }).length });
  }
  return {
    files: rows,
    bytes: rows.reduce((n, r) => n + r.bytes, 0),
    gzipBytes: rows.reduce((n, r) => n + r.gzipBytes, 0),
  };
}

function pageFiles(dist, htmlPath) {
  const files = [htmlPath];
  for (const ref of htmlAssets(dist, htmlPath))
    files.push(...(ref.endsWith('.js') ? jsClosure(dist, ref) : [ref]));
  return files;
}

export function bundleSizes(dist) {
  const m = readManifest(dist);
  const out = {};
  if (m.action?.default_popup) out.popup = measure(dist, pageFiles(dist, m.action.default_popup));
  const options = m.options_ui?.page ?? m.options_page;
  if (options) out.options = measure(dist, pageFiles(dist, options));
  if (m.background?.service_worker)
    out.background = measure(dist, jsClosure(dist, m.background.service_worker));
  return out;
}
