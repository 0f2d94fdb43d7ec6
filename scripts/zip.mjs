// Store-ready zips with fflate (already a dependency for zlib payloads), so packing needs no system `zip`.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Zips the contents of `dir` (manifest.json at the zip's root, as both stores require). */
export function zipDirectory(dir, zipPath) {
  const entries = {};
  for (const file of filesUnder(dir).sort()) {
    // A fixed date keeps the zip identical for identical sources.
    entries[relative(dir, file).split('\\').join('/')] = [
      readFileSync(file),
      { mtime: new Date('2026-01-01') },
    ];
  }
  writeFileSync(zipPath, zipSync(entries, { level: 9 }));
}
