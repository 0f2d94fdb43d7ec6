import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { END_REASONS, SESSION_STATES } from '../core/contract';
import { englishMessages } from './test-translate';

const ROOTS = ['src/ui', 'src/popup', 'src/options'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.ts$/.test(name) && name !== 'fixtures.ts' ? [path] : [];
  });
}

/** Keys built from a template (`state_${s}`) expand over the values they are built from. */
const TEMPLATE_KEYS = [
  ...SESSION_STATES.map((s) => `state_${s}`),
  ...END_REASONS.map((r) => `ended_${r.replace(/-/g, '_')}`),
  ...['all', 'sites', 'off'].flatMap((m) => [`capture_cost_${m}`, `opt_capture_${m}`]),
  ...['json', 'csv', 'trace'].map((f) => `export_${f}`),
  ...['default', 'private', 'container'].map((s) => `store_${s}`),
  ...['seconds', 'days', 'events'].map((u) => `unit_word_${u}`),
  ...['cd_idle', 'cd_idle_timeout', 'cd_expiry', 'cd_max_lifetime', 'unit_d', 'unit_h', 'unit_min', 'unit_s'],
];

describe('every visible word comes from _locales', () => {
  const used = new Set<string>(TEMPLATE_KEYS);
  for (const file of ROOTS.flatMap(sources)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bt\('([A-Za-z0-9_]+)'/g)) used.add(m[1]!);
  }

  it('has an English message for each key the views use', () => {
    const missing = [...used].filter((k) => !englishMessages[k]);
    expect(missing).toEqual([]);
  });

  it('uses only key names both browsers accept', () => {
    for (const key of Object.keys(englishMessages)) expect(key).toMatch(/^[A-Za-z0-9_@]+$/);
  });
});
