import * as assert from 'node:assert/strict';
import type { FailureReason } from '../../../src/triage/failureReason';
import { splitChroot, summarizeAcrossChroots } from '../../../src/triage/summary';

const missingFoo: FailureReason = {
  category: 'missing-deps',
  summary: 'missing BuildRequires: python3-foo',
  notYourPackage: false,
  packages: ['python3-foo'],
  evidence: [],
};
const checkFailed: FailureReason = { category: 'section-failed', summary: '%check failed', notYourPackage: false, section: '%check', evidence: [] };
const noSpace: FailureReason = { category: 'infrastructure', summary: 'infrastructure: No space left on device', notYourPackage: true, evidence: [] };

describe('summarizeAcrossChroots', () => {
  it('splits chroot names into release and arch', () => {
    assert.deepEqual(splitChroot('fedora-rawhide-x86_64'), { release: 'fedora-rawhide', arch: 'x86_64' });
    assert.deepEqual(splitChroot('centos-stream-10-s390x'), { release: 'centos-stream-10', arch: 's390x' });
    assert.deepEqual(splitChroot('epel-9-ppc64le'), { release: 'epel-9', arch: 'ppc64le' });
  });

  it('says a shared reason once', () => {
    const chroots = ['fedora-rawhide-x86_64', 'fedora-rawhide-aarch64', 'fedora-42-x86_64', 'epel-9-x86_64', 'epel-9-ppc64le'];
    const result = summarizeAcrossChroots(chroots.map((chroot) => ({ chroot, reason: missingFoo })));
    assert.equal(result.text, '5 chroots: missing BuildRequires: python3-foo');
    assert.equal(result.groups.length, 1);
    assert.deepEqual(result.groups[0].scope, { kind: 'all' });
    assert.deepEqual(result.groups[0].chroots, [...chroots].sort());
  });

  it('groups missing dependencies by the set of packages, whatever their order', () => {
    const a = { ...missingFoo, packages: ['a', 'b'], summary: 'missing BuildRequires: a, b' };
    const b = { ...missingFoo, packages: ['b', 'a'], summary: 'missing BuildRequires: b, a' };
    const result = summarizeAcrossChroots([
      { chroot: 'fedora-42-x86_64', reason: a },
      { chroot: 'fedora-43-x86_64', reason: b },
    ]);
    assert.equal(result.groups.length, 1);
  });

  it('says "only s390x" when the failure is confined to one arch', () => {
    const result = summarizeAcrossChroots([
      { chroot: 'fedora-rawhide-s390x', reason: checkFailed },
      { chroot: 'fedora-42-s390x', reason: checkFailed },
      { chroot: 'fedora-rawhide-x86_64', reason: noSpace },
    ]);
    assert.equal(result.lines[0], 'only s390x: %check failed');
    assert.deepEqual(result.groups[0].scope, { kind: 'arch', arch: 's390x' });
  });

  it('says "only epel-9" when the failure is confined to one release', () => {
    const all = ['epel-9-x86_64', 'epel-9-aarch64', 'fedora-42-x86_64', 'fedora-42-aarch64'];
    const result = summarizeAcrossChroots(
      [
        { chroot: 'epel-9-x86_64', reason: missingFoo },
        { chroot: 'epel-9-aarch64', reason: missingFoo },
      ],
      { allChroots: all },
    );
    assert.equal(result.text, 'only epel-9: missing BuildRequires: python3-foo');
    assert.deepEqual(result.groups[0].scope, { kind: 'release', release: 'epel-9' });
  });

  it('uses the full chroot list: one failing arch among succeeded ones', () => {
    const all = ['fedora-rawhide-x86_64', 'fedora-rawhide-aarch64', 'fedora-rawhide-s390x', 'fedora-rawhide-ppc64le'];
    const result = summarizeAcrossChroots([{ chroot: 'fedora-rawhide-s390x', reason: checkFailed }], { allChroots: all });
    assert.equal(result.text, 'only s390x: %check failed');
  });

  it('does not claim an arch when another chroot of that arch succeeded', () => {
    const all = ['fedora-rawhide-s390x', 'fedora-42-s390x', 'fedora-rawhide-x86_64', 'fedora-42-x86_64'];
    const result = summarizeAcrossChroots([{ chroot: 'fedora-rawhide-s390x', reason: checkFailed }], { allChroots: all });
    assert.equal(result.text, 'fedora-rawhide-s390x: %check failed');
  });

  it('lists the exceptions by name and sums up the rest as "others"', () => {
    const items = [
      { chroot: 'fedora-rawhide-s390x', reason: checkFailed },
      { chroot: 'epel-9-ppc64le', reason: checkFailed },
      { chroot: 'fedora-rawhide-x86_64', reason: missingFoo },
      { chroot: 'fedora-42-x86_64', reason: missingFoo },
      { chroot: 'epel-9-x86_64', reason: missingFoo },
      { chroot: 'fedora-42-aarch64', reason: missingFoo },
    ];
    const result = summarizeAcrossChroots(items);
    assert.equal(result.text, 'epel-9-ppc64le, fedora-rawhide-s390x: %check failed; 4 others: missing BuildRequires: python3-foo');
    assert.deepEqual(result.lines, ['epel-9-ppc64le, fedora-rawhide-s390x: %check failed', '4 others: missing BuildRequires: python3-foo']);
  });

  it('names a single failing chroot', () => {
    const result = summarizeAcrossChroots([{ chroot: 'fedora-42-aarch64', reason: noSpace }]);
    assert.equal(result.text, 'fedora-42-aarch64: infrastructure: No space left on device');
    assert.equal(result.groups[0].notYourPackage, true);
  });

  it('returns nothing for no failures', () => {
    const result = summarizeAcrossChroots([]);
    assert.deepEqual(result, { groups: [], lines: [], text: '' });
  });
});
