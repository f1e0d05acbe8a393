import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { classifyFailure } from '../../../src/triage/classifier';
import { MAX_EVIDENCE, type EvidenceLine, type FailureReason } from '../../../src/triage/failureReason';
import { summarizeAcrossChroots } from '../../../src/triage/summary';
import { specMarks } from '../../../src/triage/specMapping';
import { readLog } from './fixtures';

const RUNS = Number(process.env.FUZZ_RUNS) || 200;
const CATEGORIES = ['missing-deps', 'section-failed', 'spec-error', 'unpackaged-files', 'missing-files', 'source-error', 'infrastructure', 'unknown'];

const SAMPLES = [
  'missing-deps-dnf5.builder-live.log',
  'missing-deps-dnf4.root.log',
  'missing-deps-rpmbuild.build.log',
  'gcc-build-error.builder-live.log',
  'pytest-check-failure.build.log',
  'unpackaged-files.build.log',
  'file-not-found.build.log',
  'spec-error.srpm-builder-live.log',
  'no-space.builder-live.log',
  'timeout.builder-live.log',
  'lost-builder.backend.log',
  'unknown.builder-live.log',
  'download-metadata.builder-live.log',
  'mock-generic.builder-live.log',
  'srpm-rpkg-source-404.srpm-builder-live.log',
  'srpm-make-no-makefile.srpm-builder-live.log',
  'srpm-git-unreachable.srpm-builder-live.log',
  'spec-error-file-line.build.log',
  'disk-full-dnf.root.log',
  'missing-deps-buildroot.builder-live.log',
];
const REAL_LINES = [...new Set(SAMPLES.flatMap((name) => readLog(name).split('\n')))];

function assertWellFormed(reason: FailureReason, lines: Record<string, number>): void {
  assert.ok(CATEGORIES.includes(reason.category));
  assert.equal(typeof reason.summary, 'string');
  assert.ok(reason.summary.length > 0);
  assert.equal(reason.notYourPackage, reason.category === 'infrastructure');
  assert.ok(reason.evidence.length <= MAX_EVIDENCE);
  for (const e of reason.evidence) {
    assert.ok(Number.isInteger(e.line) && e.line >= 1 && e.line <= (lines[e.log] ?? 0), `line ${e.line} of ${e.log}`);
  }
}

function lineCounts(logs: { builderLive?: string; build?: string; root?: string; backend?: string }): Record<string, number> {
  const count = (t?: string) => (t ? t.split('\n').length : 0);
  return { 'builder-live': count(logs.builderLive), build: count(logs.build), root: count(logs.root), backend: count(logs.backend) };
}

const anyText = fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: 'grapheme', maxLength: 200 }));
const realLine = fc.constantFrom(...REAL_LINES);
/** Real log lines interleaved with noise, cut and glued in odd places. */
const mixedLog = fc
  .array(fc.oneof({ weight: 4, arbitrary: realLine }, { weight: 1, arbitrary: anyText }, { weight: 1, arbitrary: realLine.map((l) => l.slice(0, Math.ceil(l.length / 2))) }), { maxLength: 120 })
  .chain((lines) => fc.constantFrom('\n', '\r\n', '\r').map((eol) => lines.join(eol)));
const logs = fc.record(
  { builderLive: fc.oneof(mixedLog, anyText), build: fc.oneof(mixedLog, anyText), root: mixedLog, backend: mixedLog },
  { requiredKeys: [] },
);

describe('triage properties', () => {
  it('never throws on arbitrary text and always gives a well-formed reason', () => {
    fc.assert(
      fc.property(logs, (input) => {
        const reason = classifyFailure(input);
        assertWellFormed(reason, lineCounts(input));
      }),
      { seed: 42, numRuns: RUNS },
    );
  });

  it('never throws on interleavings of real log lines', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(REAL_LINES), fc.shuffledSubarray(REAL_LINES), (a, b) => {
        const input = { builderLive: a.join('\n'), build: b.join('\n') };
        assertWellFormed(classifyFailure(input), lineCounts(input));
      }),
      { seed: 7, numRuns: RUNS },
    );
  });

  it('survives inputs that are not what the types say', () => {
    const odd = [null, undefined, 42, {}, [], { builderLive: 5 }, { build: null }, { root: ['a'] }, { backend: { toString: () => 'x' } }];
    for (const input of odd) {
      const reason = classifyFailure(input as never);
      assert.equal(reason.category, 'unknown');
    }
  });

  it('classifies a real failure the same with noise around it', () => {
    const gcc = readLog('gcc-build-error.builder-live.log');
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 80 }).filter((s) => !/[Ee]rror|space|timeout|Executing|FAIL/i.test(s)), { maxLength: 30 }), (noise) => {
        const reason = classifyFailure({ builderLive: `${noise.join('\n')}\n${gcc}` });
        assert.equal(reason.category, 'section-failed');
        assert.equal(reason.section, '%build');
      }),
      { seed: 3, numRuns: Math.min(RUNS, 100) },
    );
  });

  it('summarizes and maps any reasons without throwing', () => {
    const reason: fc.Arbitrary<FailureReason> = fc.record({
      category: fc.constantFrom(...CATEGORIES) as fc.Arbitrary<FailureReason['category']>,
      summary: fc.string({ maxLength: 40 }),
      notYourPackage: fc.boolean(),
      packages: fc.option(fc.array(fc.string({ maxLength: 20 }), { maxLength: 4 }), { nil: undefined }),
      files: fc.option(fc.array(fc.string({ maxLength: 20 }), { maxLength: 4 }), { nil: undefined }),
      section: fc.option(fc.constantFrom('%build', '%check', '%prep', '', '%'), { nil: undefined }),
      specLine: fc.option(fc.integer({ min: -5, max: 200 }), { nil: undefined }),
      evidence: fc.constant<EvidenceLine[]>([]),
    });
    const chroot = fc.constantFrom('fedora-rawhide-x86_64', 'fedora-42-aarch64', 'epel-9-ppc64le', 'centos-stream-10-s390x', 'x', '-', 'a-');
    fc.assert(
      fc.property(fc.array(fc.record({ chroot, reason }), { maxLength: 8 }), fc.string({ maxLength: 300 }), (items, spec) => {
        const summary = summarizeAcrossChroots(items);
        assert.equal(summary.lines.length, summary.groups.length);
        const grouped = new Set(summary.groups.flatMap((g) => g.chroots));
        assert.deepEqual([...grouped].sort(), [...new Set(items.map((i) => i.chroot))].sort(), 'every failed chroot is in a group');
        const specLineCount = spec.split(/\r?\n/).length;
        for (const item of items) {
          for (const mark of specMarks(spec, item.reason)) {
            assert.ok(Number.isInteger(mark.line) && mark.line >= 0 && mark.line < specLineCount, `mark at ${mark.line}`);
          }
        }
      }),
      { seed: 11, numRuns: RUNS },
    );
  });
});
