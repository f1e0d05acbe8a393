import * as assert from 'node:assert/strict';
import { classifyFailure, classifyLogs } from '../../../src/triage/classifier';
import { MAX_EVIDENCE } from '../../../src/triage/failureReason';
import { readLog } from './fixtures';

describe('classifyFailure', () => {
  describe('on realistic logs', () => {
    it('reads missing BuildRequires from dnf5 in builder-live.log', () => {
      const reason = classifyFailure({ builderLive: readLog('missing-deps-dnf5.builder-live.log') });
      assert.equal(reason.category, 'missing-deps');
      assert.deepEqual(reason.packages, ['python3-flit-core >= 3.9', 'python3dist(hatch-vcs)']);
      assert.equal(reason.summary, 'missing BuildRequires: python3-flit-core >= 3.9, python3dist(hatch-vcs)');
      assert.equal(reason.notYourPackage, false);
      assert.equal(reason.source, 'builder-live');
      assert.ok(reason.evidence.some((e) => e.line === 87 && e.text === 'No match for argument: python3-flit-core >= 3.9'));
    });

    it('reads missing BuildRequires from dnf4 in root.log, without the logger prefix', () => {
      const reason = classifyFailure({ root: readLog('missing-deps-dnf4.root.log') });
      assert.equal(reason.category, 'missing-deps');
      assert.deepEqual(reason.packages, ['python3-flit-core >= 3.9', 'python3dist(pytest-asyncio)']);
      assert.deepEqual(
        reason.evidence.map((e) => e.text),
        [
          "No matching package to install: 'python3-flit-core >= 3.9'",
          "No matching package to install: 'python3dist(pytest-asyncio)'",
          'Not all dependencies satisfied',
          'Error: Some packages could not be found.',
        ],
      );
    });

    it("reads rpmbuild's 'Failed build dependencies' (dynamic BuildRequires) in build.log", () => {
      const reason = classifyFailure({ build: readLog('missing-deps-rpmbuild.build.log') });
      assert.equal(reason.category, 'missing-deps');
      assert.deepEqual(reason.packages, ['python3dist(hatchling)', 'python3dist(hatch-vcs) >= 0.3']);
      assert.equal(reason.evidence[0].text, 'error: Failed build dependencies:');
      assert.equal(reason.evidence[0].line, 54);
    });

    it('names the failing %build and keeps the compiler errors before "Bad exit status"', () => {
      const reason = classifyFailure({ builderLive: readLog('gcc-build-error.builder-live.log') });
      assert.equal(reason.category, 'section-failed');
      assert.equal(reason.section, '%build');
      assert.equal(reason.summary, '%build failed');
      assert.match(reason.detail ?? '', /^src\/parser\.c:212:17: error: implicit declaration of function 'strlcpy'/);
      const texts = reason.evidence.map((e) => e.text);
      assert.ok(texts[0].startsWith('src/parser.c:212:17: error:'));
      assert.ok(texts.includes('make: *** [Makefile:40: all] Error 2'));
      assert.equal(texts[texts.length - 1], 'error: Bad exit status from /var/tmp/rpm-tmp.Zr81bA (%build)');
      assert.ok(!texts.some((t) => t.includes('warning: unused variable')), 'warnings are not evidence');
    });

    it('names the failing %check with the pytest summary, ignoring network errors inside the tests', () => {
      const reason = classifyFailure({ build: readLog('pytest-check-failure.build.log') });
      assert.equal(reason.category, 'section-failed');
      assert.equal(reason.section, '%check');
      assert.equal(reason.notYourPackage, false);
      assert.equal(reason.detail, '2 failed, 311 passed in 41.20s');
      const texts = reason.evidence.map((e) => e.text);
      assert.ok(texts.includes('FAILED tests/test_io.py::test_roundtrip - AssertionError: assert {\'a\': \'1\'} == {\'a\': 1}'));
      assert.ok(texts.some((t) => t.startsWith('E       AssertionError')));
    });

    it('lists installed but unpackaged files once', () => {
      const reason = classifyFailure({ build: readLog('unpackaged-files.build.log') });
      assert.equal(reason.category, 'unpackaged-files');
      assert.deepEqual(reason.files, ['/usr/bin/foo-cli', '/usr/lib/python3.14/site-packages/foo/py.typed']);
      assert.equal(reason.summary, 'unpackaged files: /usr/bin/foo-cli (+1 more)');
      assert.equal(reason.evidence.length, 3, 'the repeat under "RPM build errors:" is not evidence twice');
    });

    it('lists files not found, without the buildroot prefix', () => {
      const reason = classifyFailure({ build: readLog('file-not-found.build.log') });
      assert.equal(reason.category, 'missing-files');
      assert.deepEqual(reason.files, ['/usr/bin/foo', '/usr/share/man/man1/foo.1*']);
      assert.equal(reason.summary, 'File not found: /usr/bin/foo (+1 more)');
    });

    it('reads a spec error and its line', () => {
      const reason = classifyFailure({ builderLive: readLog('spec-error.srpm-builder-live.log') });
      assert.equal(reason.category, 'spec-error');
      assert.equal(reason.specLine, 14);
      assert.equal(reason.summary, 'spec error at line 14: Unknown tag: Recommend: python3-bar');
    });

    it('blames the builder for "No space left on device", although %build failed too', () => {
      const reason = classifyFailure({ builderLive: readLog('no-space.builder-live.log') });
      assert.equal(reason.category, 'infrastructure');
      assert.equal(reason.notYourPackage, true);
      assert.equal(reason.summary, 'infrastructure: No space left on device');
    });

    it('recognizes a build killed at its timeout', () => {
      const reason = classifyFailure({ builderLive: readLog('timeout.builder-live.log') });
      assert.equal(reason.category, 'infrastructure');
      assert.equal(reason.summary, 'infrastructure: build timeout');
      assert.equal(reason.evidence[0].text, '!! Copr timeout => sending INT');
    });

    it('recognizes a lost builder in backend.log when builder-live.log just stops', () => {
      const reason = classifyFailure({
        builderLive: readLog('lost-builder.builder-live.log'),
        backend: readLog('lost-builder.backend.log'),
      });
      assert.equal(reason.category, 'infrastructure');
      assert.equal(reason.notYourPackage, true);
      assert.equal(reason.source, 'backend');
      assert.match(reason.summary, /^infrastructure: lost the builder/);
      assert.ok(reason.evidence.some((e) => e.text.startsWith('Backend process error')));
    });

    it('recognizes failed repository metadata downloads', () => {
      const reason = classifyFailure({ builderLive: readLog('download-metadata.builder-live.log') });
      assert.equal(reason.category, 'infrastructure');
      assert.equal(reason.summary, "infrastructure: cannot download metadata for repository 'copr_base'");
    });

    it("does not call mock's ERROR without any rpmbuild error infrastructure: no evidence of it, so unknown", () => {
      const reason = classifyFailure({ builderLive: readLog('mock-generic.builder-live.log') });
      assert.equal(reason.category, 'unknown');
      assert.equal(reason.notYourPackage, false);
      assert.equal(reason.summary, 'unknown failure: mock failed without an rpmbuild error');
      assert.ok(reason.evidence.some((e) => e.text.startsWith('ERROR: Exception(')));
    });

    it('says "unknown" honestly, with the unexplained rpm error as evidence', () => {
      const reason = classifyFailure({ builderLive: readLog('unknown.builder-live.log') });
      assert.equal(reason.category, 'unknown');
      assert.equal(reason.notYourPackage, false);
      assert.match(reason.summary, /^unknown failure: error: Could not open/);
      assert.equal(reason.evidence[0].line, 20);
    });
  });

  describe('search order and specificity', () => {
    const genericMock = 'Start: run\nERROR: Exception(/x.src.rpm) Config(fedora-rawhide-x86_64) 1 minutes 2 seconds\nCopr build error: Build failed\n';

    it("falls back to build.log when builder-live.log only has mock's generic ERROR", () => {
      const result = classifyLogs({ builderLive: genericMock, build: readLog('gcc-build-error.builder-live.log') });
      assert.equal(result.reason.category, 'section-failed');
      assert.equal(result.reason.source, 'build');
      assert.equal(result.decisive, true);
    });

    it('falls back to root.log for missing dependencies', () => {
      const reason = classifyFailure({ builderLive: genericMock, build: 'Mock Version: 6.3\n', root: readLog('missing-deps-dnf4.root.log') });
      assert.equal(reason.category, 'missing-deps');
      assert.equal(reason.source, 'root');
    });

    it('marks a generic mock error as not decisive, so more logs are worth fetching', () => {
      assert.equal(classifyLogs({ builderLive: genericMock }).decisive, false);
      assert.equal(classifyLogs({ builderLive: readLog('unknown.builder-live.log') }).decisive, false);
    });

    it('prefers the package cause in builder-live.log over a connection complaint in backend.log', () => {
      const reason = classifyFailure({
        builderLive: readLog('gcc-build-error.builder-live.log'),
        backend: readLog('lost-builder.backend.log'),
      });
      assert.equal(reason.category, 'section-failed');
    });

    it('prefers missing dependencies over the section they made fail', () => {
      const log = [
        'Executing(%generate_buildrequires): /bin/sh -e /var/tmp/rpm-tmp.aaaa',
        'error: Failed build dependencies:',
        '\tpython3dist(tomli) is needed by python-foo-1.2-3.fc44.noarch',
        'error: Bad exit status from /var/tmp/rpm-tmp.aaaa (%generate_buildrequires)',
      ].join('\n');
      const reason = classifyFailure({ build: log });
      assert.equal(reason.category, 'missing-deps');
      assert.deepEqual(reason.packages, ['python3dist(tomli)']);
    });

    it('prefers the failing section over a transient download error that was retried', () => {
      const log = [
        'Curl error (28): Timeout was reached for https://mirror.example/repomd.xml',
        'Executing(%check): /bin/sh -e /var/tmp/rpm-tmp.bbbb',
        'FAILED tests/test_a.py::test_x - ValueError: boom',
        '=========== 1 failed, 9 passed in 1.00s ===========',
        'error: Bad exit status from /var/tmp/rpm-tmp.bbbb (%check)',
      ].join('\n');
      const reason = classifyFailure({ builderLive: log });
      assert.equal(reason.category, 'section-failed');
      assert.equal(reason.section, '%check');
    });
  });

  describe('individual rules', () => {
    it('reads "nothing provides" and "none of the providers" problems', () => {
      const log = [
        'Failed to resolve the transaction:',
        'Problem: conflicting requests',
        '  - nothing provides libfoo.so.3()(64bit) needed by bar-devel-2.0-1.fc44.x86_64 from copr_base',
        '  - package baz-1.0-1.fc44.noarch from fedora requires python3-qux >= 2, but none of the providers can be installed',
      ].join('\n');
      const reason = classifyFailure({ root: log });
      assert.equal(reason.category, 'missing-deps');
      assert.deepEqual(reason.packages, ['libfoo.so.3()(64bit)', 'python3-qux >= 2']);
    });

    it('reads dnf4 "Unable to find a match"', () => {
      const reason = classifyFailure({ root: 'DEBUG util.py:459:  Error: Unable to find a match: python3-nope golang-x-y' });
      assert.equal(reason.category, 'missing-deps');
      assert.deepEqual(reason.packages, ['python3-nope golang-x-y']);
    });

    it('reads a spec error given as file:line', () => {
      const reason = classifyFailure({ build: 'error: /builddir/build/SPECS/foo.spec:23: bad %if condition: 0%{?fedora} >' });
      assert.equal(reason.category, 'spec-error');
      assert.equal(reason.specLine, 23);
    });

    it('reads spec errors without a line', () => {
      for (const line of [
        'error: Bad source: /builddir/build/SOURCES/foo-1.2.tar.gz: No such file or directory',
        'error: %changelog not in descending chronological order',
        'error: Arch dependent binaries in noarch package',
        'error: parse error in expression',
      ]) {
        const reason = classifyFailure({ builderLive: `Start: rpmbuild -bs\n${line}\nFinish: rpmbuild -bs` });
        assert.equal(reason.category, 'spec-error', line);
        assert.equal(reason.specLine, undefined);
        assert.match(reason.summary, /^(?:spec error: |missing Source\/Patch file: foo-1\.2\.tar\.gz$)/, reason.summary);
      }
    });

    it('strips the rpm 4.20 buildroot prefix from missing files', () => {
      const reason = classifyFailure({
        build: 'error: File not found: /builddir/build/BUILD/foo-1.2-build/BUILDROOT/usr/lib64/libfoo.so.1',
      });
      assert.deepEqual(reason.files, ['/usr/lib64/libfoo.so.1']);
    });

    it('reads a failed patch in %prep', () => {
      const log = [
        'Executing(%prep): /bin/sh -e /var/tmp/rpm-tmp.cccc',
        'Patch #1 (0001-fix-build.patch):',
        '+ /usr/bin/patch -p1 -s --fuzz=0 --no-backup-if-mismatch -f',
        '1 out of 2 hunks FAILED -- saving rejects to file src/main.c.rej',
        'Hunk #2 FAILED at 88.',
        'error: Bad exit status from /var/tmp/rpm-tmp.cccc (%prep)',
      ].join('\n');
      const reason = classifyFailure({ builderLive: log });
      assert.equal(reason.section, '%prep');
      assert.ok(reason.evidence.some((e) => e.text === 'Hunk #2 FAILED at 88.'));
    });

    it('keeps the last lines of a section when nothing in it looks like an error', () => {
      const log = ['Executing(%install): /bin/sh -e /var/tmp/rpm-tmp.dddd', '+ cp foo /nowhere', 'error: Bad exit status from /var/tmp/rpm-tmp.dddd (%install)'].join('\n');
      const reason = classifyFailure({ builderLive: log });
      assert.equal(reason.section, '%install');
      assert.deepEqual(reason.evidence.map((e) => e.text), ['+ cp foo /nowhere', 'error: Bad exit status from /var/tmp/rpm-tmp.dddd (%install)']);
    });

    it('keeps the first compiler error even after a long cascade', () => {
      const lines = ['Executing(%build): /bin/sh -e /var/tmp/rpm-tmp.eeee', 'a.c:1:1: error: first'];
      for (let i = 2; i < 40; i++) {
        lines.push(`a.c:${i}:1: error: cascade ${i}`);
      }
      lines.push('error: Bad exit status from /var/tmp/rpm-tmp.eeee (%build)');
      const reason = classifyFailure({ builderLive: lines.join('\n') });
      assert.equal(reason.detail, 'a.c:1:1: error: first');
      assert.equal(reason.evidence[0].text, 'a.c:1:1: error: first');
      assert.ok(reason.evidence.length <= MAX_EVIDENCE);
    });

    it('recognizes timeouts and out-of-memory in backend.log', () => {
      assert.equal(classifyFailure({ backend: '[2025-08-12 10:00:00,000][ERROR][PID:1] Build timeout after 18000 seconds' }).summary, 'infrastructure: build timeout');
      assert.equal(classifyFailure({ backend: 'the build was killed after 18000 seconds' }).summary, 'infrastructure: build timeout');
      assert.equal(classifyFailure({ builderLive: 'fork: Cannot allocate memory' }).summary, 'infrastructure: out of memory');
    });

    it('does not take a test saying "killed after 5 seconds" for the build timeout', () => {
      const log = [
        'Executing(%check): /bin/sh -e /var/tmp/rpm-tmp.ffff',
        'worker killed after 5 seconds',
        'FAIL: test_worker',
        'error: Bad exit status from /var/tmp/rpm-tmp.ffff (%check)',
      ].join('\n');
      assert.equal(classifyFailure({ builderLive: log }).category, 'section-failed');
    });

    it('handles CRLF line ends, colour codes and mock logger prefixes', () => {
      const log = '\x1b[1mDEBUG util.py:459:  \x1b[0mNo matching package to install: \'foo-devel\'\r\nDEBUG util.py:459:  Not all dependencies satisfied\r\n';
      const reason = classifyFailure({ root: log });
      assert.deepEqual(reason.packages, ['foo-devel']);
      assert.equal(reason.evidence[1].text, 'Not all dependencies satisfied');
    });

    it('says unknown, with the last lines, when nothing looks like an error', () => {
      const reason = classifyFailure({ builderLive: 'Start: run\nsomething happened\nthe end\n' });
      assert.equal(reason.category, 'unknown');
      assert.equal(reason.summary, 'unknown failure');
      assert.deepEqual(reason.evidence.map((e) => e.line), [1, 2, 3]);
    });

    it('says unknown when there is no log at all', () => {
      for (const logs of [{}, { builderLive: '' }, { build: undefined }]) {
        const reason = classifyFailure(logs);
        assert.equal(reason.category, 'unknown');
        assert.deepEqual(reason.evidence, []);
      }
    });

    it('bounds evidence, packages and files however long the lists', () => {
      const lines = ['error: Failed build dependencies:'];
      for (let i = 0; i < 500; i++) {
        lines.push(`\tpython3dist(dep${i}) is needed by foo-1-1.noarch`);
      }
      const reason = classifyFailure({ build: lines.join('\n') });
      assert.ok(reason.evidence.length <= MAX_EVIDENCE);
      assert.ok((reason.packages ?? []).length <= 50);
      assert.match(reason.summary, /^missing BuildRequires: python3dist\(dep0\), python3dist\(dep1\), python3dist\(dep2\) \(\+47 more\)$/);
    });

    it('cuts very long lines instead of choking on them', () => {
      const reason = classifyFailure({ builderLive: `No space left on device ${'x'.repeat(5_000_000)}` });
      assert.equal(reason.category, 'infrastructure');
      assert.ok(reason.evidence[0].text.length <= 401);
    });
  });
  describe('infrastructure only on evidence', () => {
    it('an unexplained failure that ends with mock\'s closing errors is unknown, with the best error line named', () => {
      const log = ['Start: rpmbuild foo.src.rpm', 'foo-helper: fatal: cannot read config /etc/foo.conf', 'ERROR: Exception(foo.src.rpm) Config(fedora-rawhide-x86_64) 1 minutes 2 seconds', 'ERROR: Command failed:', 'Copr build error: Build failed'].join('\n');
      const reason = classifyFailure({ builderLive: log });
      assert.equal(reason.category, 'unknown');
      assert.equal(reason.notYourPackage, false);
      assert.equal(reason.summary, 'unknown failure: foo-helper: fatal: cannot read config /etc/foo.conf');
      assert.equal(reason.evidence[0].text, 'foo-helper: fatal: cannot read config /etc/foo.conf');
    });

    it("reads a full disk in rpm's transaction check (dnf 4/5: 'needs NMB more space on the / filesystem')", () => {
      const reason = classifyFailure({ root: readLog('disk-full-dnf.root.log') });
      assert.equal(reason.category, 'infrastructure');
      assert.equal(reason.notYourPackage, true);
      assert.match(reason.evidence[0].text, /needs 1382MB more space on the \/ filesystem/);
    });

    for (const line of [
      'installing package foo-1.0-1.fc42.x86_64 needs 12MB on the / filesystem',
      '  At least 120MB more space needed on the / filesystem.',
      'OSError: [Errno 28] No space left on device',
      'Not enough free space in /var/cache/dnf',
    ]) {
      it(`reads a full disk in this wording: ${line.trim().slice(0, 50)}`, () => {
        const reason = classifyFailure({ builderLive: `Start: chroot init\n${line}\nERROR: Command failed:\n` });
        assert.equal(reason.category, 'infrastructure');
        assert.match(reason.summary, /No space left on device/);
      });
    }

    for (const line of [
      "fatal: unable to access 'https://github.com/jdoe/foo.git/': Could not resolve host: github.com",
      'curl: (7) Failed to connect to example.org port 443 after 2 ms: Connection refused',
      'curl: (28) Connection timed out after 30001 milliseconds',
      "fatal: unable to access 'https://src.example.org/foo.git/': The requested URL returned error: 502",
      'Failed to download from lookaside cache: 503 Service Unavailable',
      'Copr build error: Requests get status "503" for "https://example.org/foo-1.0-1.src.rpm"',
      'fatal: the remote end hung up unexpectedly',
    ]) {
      it(`calls a network or dist-git failure infrastructure: ${line.slice(0, 50)}`, () => {
        const reason = classifyFailure({ builderLive: `Running: git clone x\n${line}\n\nCopr build error: ${line}\n` });
        assert.equal(reason.category, 'infrastructure', reason.summary);
        assert.equal(reason.notYourPackage, true);
        assert.ok(reason.evidence.some((e) => e.text === line));
      });
    }

    it('calls a cloned repository that cannot be reached infrastructure (SRPM stage)', () => {
      const reason = classifyFailure({ builderLive: readLog('srpm-git-unreachable.srpm-builder-live.log') });
      assert.equal(reason.category, 'infrastructure');
      assert.match(reason.evidence[0].text, /Connection refused$/);
    });
  });

  describe("the SRPM stage's own failures", () => {
    it('a Source URL that answers 404 is the sources\' fault, not the network\'s', () => {
      const reason = classifyFailure({ builderLive: readLog('srpm-rpkg-source-404.srpm-builder-live.log') });
      assert.equal(reason.category, 'source-error');
      assert.equal(reason.notYourPackage, false);
      assert.equal(reason.summary, 'sources: cannot download https://example.org/releases/hello-2.13.tar.gz (HTTP 404)');
      assert.deepEqual(reason.evidence.map((e) => e.line), [39, 41]);
    });

    it('a missing .copr/Makefile (make srpm)', () => {
      const reason = classifyFailure({ builderLive: readLog('srpm-make-no-makefile.srpm-builder-live.log') });
      assert.equal(reason.category, 'source-error');
      assert.equal(reason.summary, 'sources: .copr/Makefile not found in the repository');
      assert.equal(reason.evidence[0].text, 'make: /mnt/workdir/tool/.copr/Makefile: No such file or directory');
    });

    const cases: Array<[string, string]> = [
      ["fatal: repository 'https://github.com/jdoe/nope.git/' not found", 'sources: git repository not found: https://github.com/jdoe/nope.git/'],
      ['fatal: Remote branch v9.9 not found in upstream origin', 'sources: branch v9.9 not found in the repository'],
      ["error: pathspec 'devel' did not match any file(s) known to git", 'sources: committish devel not found in the repository'],
      ["make: *** No rule to make target 'srpm'.  Stop.", "sources: .copr/Makefile has no 'srpm' target"],
      ['ERROR: No matching distribution found for foo-bar==9.9', 'sources: PyPI has no matching distribution for foo-bar==9.9'],
      ["ERROR:  Could not find a valid gem 'no-such-gem' (>= 0) in any repository", 'sources: RubyGems has no gem no-such-gem'],
      ["Copr build error: The user-defined SCM subdirectory `pkg/rpm' doesn't exist within this repository https://example.org/x.git", 'sources: subdirectory pkg/rpm not found in the repository'],
      ['Copr build error: Requests get status "404" for "https://example.org/foo.spec"', 'sources: cannot download https://example.org/foo.spec (HTTP 404)'],
      ['Copr build error: Url is not a path to .spec nor .src.rpm file', 'sources: the URL is neither a .spec nor a .src.rpm file'],
      ['Copr build error: Empty tag: License', 'sources: the gem declares no license (gem2rpm: Empty tag: License)'],
    ];
    for (const [line, summary] of cases) {
      it(`reads "${line.slice(0, 40)}…"`, () => {
        const reason = classifyFailure({ builderLive: `Running: something\n${line}\n\nCopr build error: Build failed\n` });
        assert.equal(reason.category, 'source-error');
        assert.equal(reason.summary, summary);
      });
    }
  });

  it('does not take a %check test that clones a missing repository for a source failure', () => {
    const log = ['Executing(%check): /bin/sh -e /var/tmp/rpm-tmp.abc', "fatal: repository 'https://example.org/none.git/' not found", 'FAILED tests/test_git.py::test_clone', 'error: Bad exit status from /var/tmp/rpm-tmp.abc (%check)'].join('\n');
    const reason = classifyFailure({ build: log });
    assert.equal(reason.category, 'section-failed');
    assert.equal(reason.section, '%check');
  });

  describe("rpm's own forms", () => {
    it("reads rpm 4.19+'s 'error: <file>.spec: line N: <message>' as a spec error at that line", () => {
      const reason = classifyFailure({ build: readLog('spec-error-file-line.build.log') });
      assert.equal(reason.category, 'spec-error');
      assert.equal(reason.specLine, 3);
      assert.equal(reason.summary, "spec error at line 3: Illegal char '-' (0x2d) in: Version: 2.13-rc1");
      assert.equal(reason.evidence[0].line, 6);
    });

    for (const [line, specLine, message] of [
      ['error: line 12: Unknown tag: Recommend: python3-bar', 12, 'Unknown tag: Recommend: python3-bar'],
      ["error: line 7: Illegal char '/' (0x2f) in: Release: 1/2", 7, "Illegal char '/' (0x2f) in: Release: 1/2"],
      ['error: /builddir/build/SPECS/foo.spec: line 88: bad date in %changelog: Mon Feb 30 2025 J. Doe <jdoe@example.org> - 1.0-1', 88, 'bad date in %changelog: Mon Feb 30 2025 J. Doe <jdoe@example.org> - 1.0-1'],
    ] as const) {
      it(`reads ${line.slice(0, 45)}…`, () => {
        const reason = classifyFailure({ build: `Building target platforms: x86_64\n${line}\n` });
        assert.equal(reason.category, 'spec-error');
        assert.equal(reason.specLine, specLine);
        assert.equal(reason.summary, `spec error at line ${specLine}: ${message.length > 80 ? `${message.slice(0, 79)}…` : message}`);
      });
    }

    it('names a missing Source or Patch file ("Bad file:", "Bad source:")', () => {
      for (const line of [
        'error: Bad file: /builddir/build/SOURCES/foo-fix-build.patch: No such file or directory',
        'error: Bad source: /builddir/build/SOURCES/foo-1.2.tar.gz: No such file or directory',
        'error: File /builddir/build/SOURCES/foo-1.2.tar.gz: No such file or directory',
      ]) {
        const reason = classifyFailure({ builderLive: `Start: rpmbuild -bs\nRPM build errors:\n${line}\nERROR: Command failed:\n` });
        assert.equal(reason.category, 'spec-error', line);
        assert.equal(reason.summary, `missing Source/Patch file: ${line.includes('patch') ? 'foo-fix-build.patch' : 'foo-1.2.tar.gz'}`);
      }
    });

    it('names rich dependencies in full in "missing BuildRequires"', () => {
      const log = [
        'Failed to resolve the transaction:',
        'Problem: nothing provides requested (python3dist(botocore) < 1.38~~ with python3dist(botocore) >= 1.37.14)',
        ' - nothing provides (foo-devel if bar) needed by pkg-1.0-1.fc42.src',
        ' - package x-1-1.noarch requires (libfoo or libbar), but none of the providers can be installed',
      ].join('\n');
      const reason = classifyFailure({ root: log });
      assert.equal(reason.category, 'missing-deps');
      assert.deepEqual(reason.packages, ['(python3dist(botocore) < 1.38~~ with python3dist(botocore) >= 1.37.14)', '(foo-devel if bar)', '(libfoo or libbar)']);
      assert.match(reason.summary, /^missing BuildRequires: \(python3dist\(botocore\) < 1\.38~~ with python3dist\(botocore\) >= 1\.37\.14\), /);
    });

    it("says when a missing package comes from the project's buildroot settings, not the spec", () => {
      const reason = classifyFailure({ builderLive: readLog('missing-deps-buildroot.builder-live.log') });
      assert.equal(reason.category, 'missing-deps');
      assert.equal(reason.dependencySource, 'buildroot');
      assert.deepEqual(reason.packages, ['llvm-toolset-19']);
      assert.equal(reason.summary, "missing buildroot packages (the project's buildroot settings, not the spec): llvm-toolset-19");
    });

    it('says a package missing in build setup comes from the spec', () => {
      const log = ['Start: installing minimal buildroot with dnf5', 'Complete!', 'Finish: installing minimal buildroot with dnf5', 'Start: build setup for foo-1-1.src.rpm', 'No match for argument: pkgconfig(libbar) >= 2'].join('\n');
      const reason = classifyFailure({ builderLive: log });
      assert.equal(reason.dependencySource, 'spec');
      assert.equal(reason.summary, 'missing BuildRequires: pkgconfig(libbar) >= 2');
    });

    it('strips old buildroot prefixes (BuildRoot: %{_tmppath}/...-root-user) from file names', () => {
      const reason = classifyFailure({ build: 'Processing files: foo-1-1.x86_64\nerror: File not found: /var/tmp/foo-1.0-1-root-mockbuild/usr/bin/foo\n' });
      assert.equal(reason.category, 'missing-files');
      assert.deepEqual(reason.files, ['/usr/bin/foo']);
    });
  });
});
