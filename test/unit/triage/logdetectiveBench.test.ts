// bench/logdetective.ts on a sample folder of the public benchmark's shape, written here (the real samples are not in
// this repository): its metadata reader, the category a person's words name, and the scoring.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectedCategory, issueTokens, parseSampleMeta, scoreAll } from '../../../bench/logdetective';
import { readLog } from './fixtures';

const META = `source_project_name: hello
source_project_version: 2.13-1
issue: |
    Build failed due to missing dependency \`pkgconfig(libfoo-2.0)\`.
    Make sure it is available.
log_detective_version: 2.0.0
log_files:
    - builder-live.log
    - root.log
notes: |
    A note.
`;

describe('bench/logdetective.ts', () => {
  it('reads sample_metadata.yaml: block scalars and lists', () => {
    const meta = parseSampleMeta(META);
    assert.equal(meta.project, 'hello');
    assert.equal(meta.issue, 'Build failed due to missing dependency `pkgconfig(libfoo-2.0)`.\nMake sure it is available.');
    assert.deepEqual(meta.logFiles, ['builder-live.log', 'root.log']);
  });

  it('names the category a person described, and the names the evidence must show', () => {
    assert.equal(expectedCategory('Build failed due to unavailable dependency `clang = 13.0.0`.'), 'missing-deps');
    assert.equal(expectedCategory('Build failed due to missing patch file `x.patch`.'), 'spec-error');
    assert.equal(expectedCategory('error 404 encountered during download of https://example.org/x.tar.gz .'), 'source-error');
    assert.equal(expectedCategory("Compilation failed due to undefined reference to `f'."), 'section-failed');
    assert.equal(expectedCategory('Error in the %check phase: a test failed.'), 'section-failed');
    assert.equal(expectedCategory('Something odd.'), 'unknown');
    assert.deepEqual(issueTokens("undefined reference to `gf_estimate_kernel' and `estimate_kernel'. See https://example.org/a.tar.bz2 ."), [
      'gf_estimate_kernel',
      'estimate_kernel',
      'https://example.org/a.tar.bz2',
    ]);
  });

  it('scores each sample on category and evidence, and says which logs are missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ld-sample-'));
    try {
      mkdirSync(join(dir, 'data', 'a1'), { recursive: true });
      writeFileSync(join(dir, 'data', 'a1', 'sample_metadata.yaml'), META.replace('pkgconfig(libfoo-2.0)', 'python3-flit-core >= 3.9'));
      writeFileSync(join(dir, 'data', 'a1', 'builder-live.log'), readLog('missing-deps-dnf5.builder-live.log'));
      mkdirSync(join(dir, 'data', 'b2'));
      writeFileSync(join(dir, 'data', 'b2', 'sample_metadata.yaml'), META.replace('missing dependency', 'a failing %check,'));
      writeFileSync(join(dir, 'data', 'b2', 'builder-live.log'), readLog('missing-deps-dnf5.builder-live.log'));
      mkdirSync(join(dir, 'data', 'c3'));
      writeFileSync(join(dir, 'data', 'c3', 'sample_metadata.yaml'), META);
      const [a, b, c] = scoreAll(dir);
      assert.deepEqual([a.categoryRight, a.evidenceRight, a.missingLogs], [true, true, ['root.log']]);
      assert.deepEqual([b.expected, b.categoryRight], ['section-failed', false]);
      assert.equal(c.reason, undefined, 'no log: not scored');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
