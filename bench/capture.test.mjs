import { describe, expect, it } from 'vitest';
import { captureStrategy, patternsForHost } from './capture.mjs';

const today = { permissions: ['cookies', 'webRequest', 'storage'] };
const optional = { permissions: ['cookies', 'storage'], optional_permissions: ['webRequest'] };
const testBuild = { permissions: ['cookies', 'webRequest', 'storage'] };

describe('captureStrategy (the switch for the optional webRequest permission)', () => {
  it('uses settings alone while the shipped build still requires webRequest', () => {
    expect(captureStrategy({ manifest: today, testBuildManifest: testBuild }).strategy).toBe('required');
  });

  it('runs the test build once webRequest is optional and a test build requires it', () => {
    expect(captureStrategy({ manifest: optional, testBuildManifest: testBuild }).strategy).toBe('test-build');
  });

  it('grants by a click when webRequest is optional and there is no usable test build', () => {
    expect(captureStrategy({ manifest: optional }).strategy).toBe('grant');
    expect(captureStrategy({ manifest: optional, testBuildManifest: optional }).strategy).toBe('grant');
  });

  it('says so when no site can be captured at all', () => {
    expect(captureStrategy({ manifest: { permissions: ['cookies'] } })).toMatchObject({ strategy: null });
  });

  it('takes a forced choice, and refuses an unknown one', () => {
    expect(
      captureStrategy({ manifest: optional, testBuildManifest: testBuild, forced: 'grant' }).strategy,
    ).toBe('grant');
    expect(() => captureStrategy({ manifest: optional, forced: 'magic' })).toThrow(/BENCH_CAPTURE=magic/);
  });
});

describe('patternsForHost', () => {
  it('matches every port of localhost and an IP, and subdomains of a domain', () => {
    expect(patternsForHost('localhost')).toEqual(['*://localhost/*']);
    expect(patternsForHost('127.0.0.1')).toEqual(['*://127.0.0.1/*']);
    expect(patternsForHost('example.com')).toEqual(['*://example.com/*', '*://*.example.com/*']);
  });
});
