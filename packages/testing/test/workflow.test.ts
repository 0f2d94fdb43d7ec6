// The GitHub Actions workflow offered to users (examples/github-actions.yml): valid YAML of the shape
// Actions reads, both browsers from Debian's packages, nothing that downloads a browser, the tests run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml, type Yaml } from './mini-yaml';

const PKG = join(import.meta.dirname, '..');
const source = readFileSync(join(PKG, 'examples/github-actions.yml'), 'utf8');

type Step = { uses?: string; name?: string; run?: string; env?: Record<string, string> };

describe('mini YAML parser', () => {
  it('reads mappings, sequences, flow lists, block text and quotes; refuses what it does not know', () => {
    expect(
      parseYaml(
        "a: 1\nb:\n  - x\n  - k: v\n    j: \"q # r\"\nc: [d, e]\nf: |\n  one\n  two\ng: 'it''s' # note\n",
      ),
    ).toEqual({ a: '1', b: ['x', { k: 'v', j: 'q # r' }], c: ['d', 'e'], f: 'one\ntwo', g: "it's" });
    expect(() => parseYaml('a: &anchor 1')).toThrow(/unsupported/);
    expect(() => parseYaml('a: 1\n  b: 2')).toThrow(/indentation/);
    expect(() => parseYaml('a: 1\na: 2')).toThrow(/duplicate/);
  });
});

describe('examples/github-actions.yml', () => {
  const workflow = parseYaml(source) as Record<string, Yaml>;
  const jobs = workflow.jobs as Record<string, Record<string, Yaml>>;
  const job = jobs.sessions!;
  const steps = job.steps as Step[];

  it('runs on pushes and pull requests, one job per browser', () => {
    expect(Object.keys(workflow.on as object).sort()).toEqual(['pull_request', 'push']);
    expect(job['runs-on']).toMatch(/^ubuntu-/);
    expect((job.strategy as { matrix: { browser: string[] } }).matrix.browser).toEqual([
      'chromium',
      'firefox',
    ]);
  });

  it("installs Debian's chromium and firefox-esr and downloads no browser", () => {
    expect(job.container).toMatch(/bookworm/);
    const install = steps.find((s) => s.run?.includes('apt-get install'));
    expect(install?.run).toMatch(/\bchromium\b/);
    expect(install?.run).toMatch(/\bfirefox-esr\b/);
    expect(source).not.toMatch(/playwright install|puppeteer browsers|@puppeteer\/browsers|npx puppeteer/);
  });

  it('checks out, installs from the lockfile, starts the site, then runs the tests with the matrix browser', () => {
    const order = (pred: (s: Step) => boolean) => steps.findIndex(pred);
    const checkout = order((s) => s.uses?.startsWith('actions/checkout@') === true);
    const ci = order((s) => s.run === 'npm ci');
    const site = order((s) => s.run?.includes('runserver') === true);
    const tests = order((s) => s.run?.includes('vitest run') === true);
    expect([checkout, ci, site, tests].every((i) => i >= 0)).toBe(true);
    expect(checkout < ci && ci < site && site < tests).toBe(true);
    expect(steps[tests]!.env).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an Actions expression, not a template
      BROWSERS: '${{ matrix.browser }}',
      SITE_URL: 'http://127.0.0.1:8000',
    });
  });
});
