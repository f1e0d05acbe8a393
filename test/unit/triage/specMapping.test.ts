import * as assert from 'node:assert/strict';
import type { FailureReason } from '../../../src/triage/failureReason';
import { specMarks, specPackageName } from '../../../src/triage/specMapping';

const SPEC = `%global srcname foo

Name:           python-%{srcname}
Version:        1.2
Release:        3%{?dist}
Summary:        Foo for Python
License:        MIT
URL:            https://github.com/jdoe/foo
Source:         %{pypi_source %{srcname}}

BuildArch:      noarch
BuildRequires:  python3-devel
BuildRequires:  python3-flit-core >= 3.9, python3-pytest
BuildRequires:  %{py3_dist hatch-vcs}

%description
Foo.

%package -n python3-%{srcname}
Summary:        %{summary}

%description -n python3-%{srcname}
Foo.

%prep
%autosetup -n %{srcname}-%{version}

%generate_buildrequires
%pyproject_buildrequires

%build
%pyproject_wheel

%install
%pyproject_install
%pyproject_save_files -l foo

%check
%pytest

%files -n python3-%{srcname} -f %{pyproject_files}
%doc README.md
%{_bindir}/foo
%{_mandir}/man1/foo.1*

%changelog
* Tue Aug 12 2025 J. Doe <jdoe@example.org> - 1.2-3
- Rebuilt
`;

function reason(partial: Partial<FailureReason> & Pick<FailureReason, 'category'>): FailureReason {
  return { summary: 'x', notYourPackage: false, evidence: [], ...partial };
}

const lineOf = (text: string): number => SPEC.split('\n').findIndex((l) => l.startsWith(text));

describe('specMapping', () => {
  it('reads the Name tag, leaving macros as written', () => {
    assert.equal(specPackageName(SPEC), 'python-%{srcname}');
    assert.equal(specPackageName('Summary: x\nname:   libfoo\n'), 'libfoo');
    assert.equal(specPackageName('%description\nno name here\n'), null);
  });

  it('marks a spec error at its line', () => {
    const marks = specMarks(SPEC, reason({ category: 'spec-error', specLine: 11, summary: 'spec error at line 11: bad' }));
    assert.deepEqual(marks, [{ line: 10, message: 'spec error at line 11: bad' }]);
  });

  it('finds an unknown tag by name when rpm gave no line', () => {
    const spec = 'Name: foo\nRecommend: python3-bar\n';
    const marks = specMarks(spec, reason({ category: 'spec-error', summary: 'spec error: Unknown tag: Recommend: python3-bar' }));
    assert.deepEqual(marks, [{ line: 1, message: 'spec error: Unknown tag: Recommend: python3-bar' }]);
  });

  it('marks missing build dependencies on their BuildRequires lines, macros included', () => {
    const marks = specMarks(
      SPEC,
      reason({ category: 'missing-deps', packages: ['python3-flit-core >= 3.9', 'python3-pytest', 'python3dist(hatch-vcs)', 'python3dist(tomli)'] }),
    );
    assert.deepEqual(marks, [
      { line: lineOf('BuildRequires:  python3-flit-core'), message: 'missing build dependency: python3-flit-core >= 3.9, python3-pytest' },
      { line: lineOf('BuildRequires:  %{py3_dist'), message: 'missing build dependency: python3dist(hatch-vcs)' },
      { line: lineOf('%generate_buildrequires'), message: 'missing build dependency: python3dist(tomli)' },
    ]);
  });

  it('marks the Name line for dependencies no line mentions, without %generate_buildrequires', () => {
    const spec = 'Name: foo\nBuildRequires: gcc\n';
    const marks = specMarks(spec, reason({ category: 'missing-deps', packages: ['libbar-devel'] }));
    assert.deepEqual(marks, [{ line: 0, message: 'missing build dependency: libbar-devel' }]);
  });

  it('marks the header of a failing section, with the detail', () => {
    const marks = specMarks(SPEC, reason({ category: 'section-failed', section: '%check', summary: '%check failed', detail: '2 failed' }));
    assert.deepEqual(marks, [{ line: lineOf('%check'), message: '%check failed: 2 failed' }]);
    const build = specMarks(SPEC, reason({ category: 'section-failed', section: '%build', summary: '%build failed' }));
    assert.equal(build[0].line, lineOf('%build'));
  });

  it('marks unpackaged files on the %files line', () => {
    const marks = specMarks(SPEC, reason({ category: 'unpackaged-files', files: ['/usr/bin/foo-cli'] }));
    assert.equal(marks.length, 1);
    assert.equal(marks[0].line, lineOf('%files'));
    assert.match(marks[0].message, /\/usr\/bin\/foo-cli/);
  });

  it('marks a missing file on its own %files entry when the path matches, else on %files', () => {
    const marks = specMarks(SPEC, reason({ category: 'missing-files', files: ['/usr/bin/foo', '/usr/share/man/man1/foo.1*', '/usr/lib/x'] }));
    assert.deepEqual(
      marks.map((m) => m.line),
      [lineOf('%files'), lineOf('%{_bindir}/foo'), lineOf('%{_mandir}')],
    );
    assert.match(marks[0].message, /\/usr\/lib\/x/);
  });

  it('marks nothing for infrastructure and unknown failures', () => {
    assert.deepEqual(specMarks(SPEC, reason({ category: 'infrastructure', notYourPackage: true })), []);
    assert.deepEqual(specMarks(SPEC, reason({ category: 'unknown' })), []);
  });

  it('stays inside the file for an out-of-range spec line', () => {
    const marks = specMarks('Name: foo\n', reason({ category: 'spec-error', specLine: 99, summary: 's' }));
    assert.deepEqual(marks, [{ line: 0, message: 's' }]);
  });
  it('marks the Source or Patch line that names a missing file, else the Name line', () => {
    const spec = `${SPEC.replace('Source:         %{pypi_source %{srcname}}', 'Source0:        https://example.org/foo-%{version}.tar.gz\nPatch1:         foo-fix-build.patch')}`;
    const lines = spec.split('\n');
    const patch = reason({ category: 'spec-error', summary: 'missing Source/Patch file: foo-fix-build.patch' });
    assert.deepEqual(specMarks(spec, patch), [{ line: lines.findIndex((l) => l.startsWith('Patch1:')), message: patch.summary }]);
    const download = reason({ category: 'source-error', summary: 'sources: cannot download https://example.org/foo-1.2.tar.gz (HTTP 404)' });
    assert.deepEqual(specMarks(spec, download), [{ line: lines.findIndex((l) => l.startsWith('Source0:')), message: download.summary }]);
    const makefile = reason({ category: 'source-error', summary: 'sources: .copr/Makefile not found in the repository' });
    assert.deepEqual(specMarks(spec, makefile), [], 'not a spec line: shown on the Name line by the caller');
  });

  it("marks nothing for packages missing from the project's buildroot settings (not the spec's)", () => {
    assert.deepEqual(specMarks(SPEC, reason({ category: 'missing-deps', packages: ['python3-devel'], dependencySource: 'buildroot' })), []);
  });
});
