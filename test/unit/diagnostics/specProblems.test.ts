// Which failures a spec shows and where: the newest finished build per chroot, grouping across chroots, and the
// line each simulator failure kind lands on in the fixture workspace's python-broken.spec.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Build, BuildTask, TaskState } from '../../../src/api/types';
import { currentFailures, problemMessage, specProblems } from '../../../src/diagnostics/specProblems';
import { expandedSpecName, specBaseName, specNames } from '../../../src/diagnostics/specNames';
import { classifyFailure } from '../../../src/triage/classifier';
import { renderLog, FAILURE_KINDS, INFRASTRUCTURE_KINDS, type FailureKind } from '../../copr-sim';

const SPEC = readFileSync(join(__dirname, '../../../../test/fixtures/workspace/python-broken.spec'), 'utf8');
const SPEC_LINES = SPEC.split('\n');
const lineOf = (prefix: string) => SPEC_LINES.findIndex((l) => l.startsWith(prefix));

function build(id: number, state: TaskState, chroots: string[]): Build {
  return {
    id, owner: 'alice', project: 'failures', dirname: 'failures', package_name: 'python-broken', package_version: '1.0-1',
    submitter: 'alice', submitted_on: 1, started_on: 2, ended_on: 3, state, chroots, project_id: null,
  };
}

function task(buildId: number, chroot: string, state: TaskState): BuildTask {
  return {
    chroot_name: chroot, build_id: buildId, state, started_on: 2, ended_on: 3,
    result_dir_url: `https://copr.example/results/alice/failures/${chroot}/0000${buildId}-python-broken/`, git_hash: null,
  };
}

function reasonFor(kind: FailureKind, chroot = 'fedora-rawhide-x86_64') {
  return classifyFailure(
    renderLog(kind, {
      buildId: 42, chroot, owner: 'alice', project: 'failures', dirname: 'failures', package: 'python-broken', version: '1.0-1',
      gitHash: 'a4f9c2e1d3b7f3e7a9d2c5c0b1e6f4a3c2d1e0f9', startedOn: 1755000000, endedOn: 1755000600, frontendUrl: 'https://copr.example',
    }),
  );
}

const X86 = 'fedora-rawhide-x86_64';
const ARM = 'fedora-rawhide-aarch64';
const S390 = 'fedora-rawhide-s390x';

describe('currentFailures', () => {
  it("keeps a failed source (SRPM) stage as the 'srpm-builds' failure until a newer build gets chroots", () => {
    const srpm = { build: build(20, 'failed', []), tasks: [] as BuildTask[] };
    const unloaded = { build: build(21, 'failed', []), tasks: undefined };
    const only = currentFailures([srpm]).failures;
    assert.deepEqual(only.map((f) => `${f.build.id}/${f.task.chroot_name}/${f.task.state}`), ['20/srpm-builds/failed']);
    assert.deepEqual(currentFailures([srpm, unloaded]).failures.map((f) => f.build.id), [21], 'the newest failed stage');
    const fixed = { build: build(22, 'running', [X86]), tasks: [task(22, X86, 'running')] };
    assert.deepEqual(currentFailures([srpm, fixed]).failures, [], 'a newer build whose sources built clears it');
  });

  it("puts a source stage's spec error on the line rpm names", () => {
    const reason = classifyFailure({ builderLive: 'stderr: error: line 3: Illegal char \'-\' (0x2d) in: Version: 1.0-rc1\nCopr build error: Build failed\n' });
    const [problem] = specProblems(SPEC, [{ build: build(20, 'failed', []), task: { ...task(20, 'srpm-builds', 'failed'), result_dir_url: null }, reason }]);
    assert.equal(problem.line, 2);
    assert.equal(problemMessage(problem), "spec error at line 3: Illegal char '-' (0x2d) in: Version: 1.0-rc1 — failed in srpm-builds (Copr build #20)");
  });

  it('keeps a chroot’s failure until a newer build succeeds in it', () => {
    const old = { build: build(10, 'failed', [X86, ARM]), tasks: [task(10, X86, 'failed'), task(10, ARM, 'failed')] };
    const fixedArm = { build: build(11, 'failed', [X86, ARM]), tasks: [task(11, X86, 'failed'), task(11, ARM, 'succeeded')] };
    const { failures } = currentFailures([old, fixedArm]);
    assert.deepEqual(failures.map((f) => `${f.build.id}/${f.task.chroot_name}`), [`11/${X86}`]);
  });

  it('ignores newer chroots that are canceled, skipped or still running', () => {
    const old = { build: build(10, 'failed', [X86, ARM, S390]), tasks: [task(10, X86, 'failed'), task(10, ARM, 'failed'), task(10, S390, 'failed')] };
    const newer = { build: build(12, 'running', [X86, ARM, S390]), tasks: [task(12, X86, 'running'), task(12, ARM, 'canceled'), task(12, S390, 'skipped')] };
    assert.equal(currentFailures([newer, old]).failures.length, 3);
  });

  it('a succeeded build whose chroots are not loaded clears them; a failed one asks for its chroots', () => {
    const old = { build: build(10, 'failed', [X86]), tasks: [task(10, X86, 'failed')] };
    assert.equal(currentFailures([old, { build: build(13, 'succeeded', [X86]), tasks: undefined }]).failures.length, 0);
    const unknown = currentFailures([old, { build: build(14, 'failed', [X86]), tasks: undefined }]);
    assert.deepEqual(unknown.needTasks, [14]);
  });
});

describe('specProblems on python-broken.spec', () => {
  it('puts every simulator failure kind on the line it is about', () => {
    const expectLine: Record<FailureKind, (p: { line: number; message: string }[]) => void> = {
      'missing-buildrequires': (p) => {
        assert.deepEqual(p.map((x) => x.line), [lineOf('BuildRequires:  python3dist(pytest)'), lineOf('%generate_buildrequires')]);
        assert.match(p[0].message, /python3dist\(pytest\) >= 8/);
        assert.match(p[1].message, /python3dist\(hatchling\)/);
      },
      'build-error': (p) => assert.deepEqual(p.map((x) => x.line), [lineOf('%build')]),
      'check-failure': (p) => assert.deepEqual(p.map((x) => x.line), [lineOf('%check')]),
      'unpackaged-files': (p) => assert.deepEqual(p.map((x) => x.line), [lineOf('%files')]),
      'missing-files': (p) => assert.deepEqual(p.map((x) => x.line), [lineOf('%{_bindir}/python-broken-cli')]),
      'spec-error': (p) => assert.equal(p.length, 1),
      'no-space': (p) => assert.deepEqual(p.map((x) => x.line), [lineOf('Name:')]),
      'builder-lost': (p) => assert.deepEqual(p.map((x) => x.line), [lineOf('Name:')]),
      'build-timeout': (p) => assert.deepEqual(p.map((x) => x.line), [lineOf('Name:')]),
    };
    for (const kind of FAILURE_KINDS) {
      const b = build(20, 'failed', [X86]);
      const reason = reasonFor(kind);
      const problems = specProblems(SPEC, [{ build: b, task: task(20, X86, 'failed'), reason }]);
      expectLine[kind](problems);
      for (const p of problems) {
        assert.equal(p.severity, INFRASTRUCTURE_KINDS.includes(kind) ? 'warning' : 'error', kind);
        assert.deepEqual(p.chroots, [X86]);
        assert.match(p.logUrl ?? '', /^https:\/\/copr\.example\/results\/.*\.log\.gz$/, kind);
      }
      if (kind === 'spec-error') assert.equal(problems[0].line, (reason.specLine ?? 0) - 1);
    }
  });

  it('groups the same reason across the chroots of one build and names them', () => {
    const b = build(21, 'failed', [X86, ARM, S390]);
    const problems = specProblems(SPEC, [
      { build: b, task: task(21, S390, 'failed'), reason: reasonFor('check-failure', S390) },
      { build: b, task: task(21, X86, 'failed'), reason: reasonFor('check-failure', X86) },
      { build: b, task: task(21, ARM, 'failed'), reason: reasonFor('build-error', ARM) },
    ]);
    assert.equal(problems.length, 2);
    const check = problems.find((p) => p.line === lineOf('%check'))!;
    assert.deepEqual(check.chroots, [S390, X86]);
    assert.match(problemMessage(check), /^%check failed.* — failed in fedora-rawhide-s390x, fedora-rawhide-x86_64 \(Copr build #21\)$/);
  });

  it('gives no log link for a result directory that is not http(s)', () => {
    const t = { ...task(22, X86, 'failed'), result_dir_url: 'file:///etc/' };
    const [p] = specProblems(SPEC, [{ build: build(22, 'failed', [X86]), task: t, reason: reasonFor('build-error') }]);
    assert.equal(p.logUrl, undefined);
  });
});

describe('specNames', () => {
  it('answers to the file name and to Name: with the spec’s own macros expanded', () => {
    assert.equal(expandedSpecName(SPEC), 'python-broken');
    assert.deepEqual(specNames('/ws/pkgs/foo.spec', SPEC), ['foo', 'python-broken']);
    assert.deepEqual(specNames('/ws/python-broken.spec', SPEC), ['python-broken']);
    assert.equal(specBaseName('/a/b/c.SPEC'), 'c');
  });

  it('leaves shell and Lua macros unexpanded, and ignores a Name: it cannot resolve', () => {
    const text = '%global n %(echo evil)\n%global m %{lua: print("x")}\nName: %{n}-%{m}\n';
    assert.equal(expandedSpecName(text), '%{n}-%{m}');
    assert.deepEqual(specNames('/x.spec', text), ['x']);
    assert.equal(expandedSpecName('Summary: none\n'), null);
  });

  it('stops on self-referencing macros', () => {
    assert.equal(expandedSpecName('%global a %{a}x\nName: %{a}\n'), '%{a}xxxxx');
  });
});
