// The README shows the example and the workflow that the tests run and check, word for word.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const PKG = join(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(PKG, path), 'utf8');
const readme = read('README.md');

describe('packages/testing/README.md', () => {
  it('holds examples/django-sessions.test.ts verbatim', () => {
    expect(readme).toContain(`\`\`\`ts\n${read('examples/django-sessions.test.ts')}\`\`\``);
  });

  it('holds examples/github-actions.yml verbatim and says it is not run here', () => {
    expect(readme).toContain(`\`\`\`yaml\n${read('examples/github-actions.yml')}\`\`\``);
    expect(readme).toMatch(/it is not run here/);
  });

  it("names the package's version in its CHANGELOG", () => {
    const { version } = JSON.parse(read('package.json')) as { version: string };
    expect(read('CHANGELOG.md')).toContain(`## ${version}`);
  });
});
