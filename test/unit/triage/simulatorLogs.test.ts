import * as assert from 'node:assert/strict';
import { renderLog, type LogContext } from '../../copr-sim/logs';
import { FAILURE_KINDS, INFRASTRUCTURE_KINDS, type FailureKind } from '../../copr-sim/types';
import { classifyFailure } from '../../../src/triage/classifier';
import type { FailureCategory } from '../../../src/triage/failureReason';

const EXPECTED: Record<FailureKind, FailureCategory> = {
  'missing-buildrequires': 'missing-deps',
  'build-error': 'section-failed',
  'check-failure': 'section-failed',
  'unpackaged-files': 'unpackaged-files',
  'missing-files': 'missing-files',
  'spec-error': 'spec-error',
  'no-space': 'infrastructure',
  'builder-lost': 'infrastructure',
  'build-timeout': 'infrastructure',
};

const CHROOTS = ['fedora-rawhide-x86_64', 'fedora-42-aarch64', 'epel-9-s390x', 'centos-stream-10-ppc64le'];

function context(buildId: number, chroot: string): LogContext {
  return {
    buildId,
    chroot,
    owner: 'jdoe',
    project: 'tools',
    dirname: 'tools',
    package: 'python-foo',
    version: '1.2-3',
    gitHash: 'a4f9c2e1d3b7f3e7a9d2c5c0b1e6f4a3c2d1e0f9',
    startedOn: 1755000000,
    endedOn: 1755000600,
    frontendUrl: 'https://copr.example',
  };
}

describe('classifier against the simulator’s logs', () => {
  for (const kind of FAILURE_KINDS) {
    it(`classifies every rendering of "${kind}" as ${EXPECTED[kind]}`, () => {
      for (const chroot of CHROOTS) {
        for (const buildId of [42, 9812345, 10000001]) {
          const reason = classifyFailure(renderLog(kind, context(buildId, chroot)));
          assert.equal(reason.category, EXPECTED[kind], `${kind} in ${chroot} (build ${buildId}): ${reason.summary}`);
          assert.equal(reason.notYourPackage, INFRASTRUCTURE_KINDS.includes(kind), `${kind} notYourPackage`);
          assert.ok(reason.evidence.length > 0, `${kind} has evidence`);
        }
      }
    });
  }

  it('says a chroot that failed because its build was canceled was canceled, not "unknown"', () => {
    const reason = classifyFailure(renderLog('canceled', context(42, 'fedora-rawhide-x86_64')));
    assert.equal(reason.category, 'infrastructure');
    assert.match(reason.summary, /canceled/);
    assert.equal(reason.notYourPackage, true);
    assert.ok(reason.evidence.some((e) => /canceled/i.test(e.text)));
  });

  it('names the section of build and check failures', () => {
    const ctx = context(42, 'fedora-rawhide-x86_64');
    assert.equal(classifyFailure(renderLog('build-error', ctx)).section, '%build');
    assert.equal(classifyFailure(renderLog('check-failure', ctx)).section, '%check');
  });

  it('finds the same cause in builder-live.log alone', () => {
    for (const kind of FAILURE_KINDS.filter((k) => k !== 'builder-lost')) {
      const { builderLive } = renderLog(kind, context(42, 'fedora-42-aarch64'));
      assert.equal(classifyFailure({ builderLive }).category, EXPECTED[kind], kind);
    }
  });
});
