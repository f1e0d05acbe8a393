// Deterministic Copr-style logs (copr-rpmbuild + mock + rpmbuild, and the backend worker), one story per outcome.
// Each failure kind leaves the lines a packager (and the triage rules) would recognise; see build-logs.md.

import { int, pick, rngFor, type Rng } from './prng';
import type { FailureKind } from './types';

export type LogOutcome = 'succeeded' | 'canceled' | FailureKind;

export interface LogContext {
  buildId: number;
  chroot: string;
  owner: string;
  project: string;
  dirname: string;
  package: string;
  version: string;
  gitHash: string;
  /** Unix seconds. */
  startedOn: number;
  endedOn: number;
  /** The frontend's base URL (get-build-task URLs in the log). */
  frontendUrl: string;
}

export interface RenderedLogs {
  builderLive: string;
  backend: string;
  build: string;
  root: string;
}

export function distTag(chroot: string): string {
  const m = /^(fedora|epel|centos-stream|rhel)-(\w+)-/.exec(chroot);
  if (!m) return 'fc44';
  const [, os, rel] = m;
  if (os === 'fedora') return rel === 'rawhide' ? 'fc44' : `fc${rel}`;
  return `el${rel}`;
}

export function archOf(chroot: string): string {
  return chroot.slice(chroot.lastIndexOf('-') + 1);
}

function stamp(unix: number, ms: number): string {
  return `${new Date(unix * 1000).toISOString().replace('T', ' ').slice(0, 19)},${String(ms).padStart(3, '0')}`;
}

function tmpName(rng: Rng): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = 'rpm-tmp.';
  for (let i = 0; i < 6; i++) s += chars[Math.floor(rng() * chars.length)];
  return `/var/tmp/${s}`;
}

function minutes(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)} minutes ${s % 60} seconds` : `${s} seconds`;
}

interface Parts {
  rng: Rng;
  nvr: string;
  srpm: string;
  arch: string;
  dist: string;
  spec: string;
  buildDir: string;
  tmp: Record<'prep' | 'build' | 'install' | 'check' | 'clean', string>;
}

function parts(ctx: LogContext, kind: LogOutcome): Parts {
  const rng = rngFor('log', ctx.buildId, ctx.chroot, kind);
  const dist = distTag(ctx.chroot);
  const nvr = `${ctx.package}-${ctx.version}.${dist}`;
  return {
    rng, nvr, dist, arch: archOf(ctx.chroot), srpm: `${nvr}.src.rpm`,
    spec: `/builddir/build/SPECS/${ctx.package}.spec`,
    buildDir: `/builddir/build/BUILD/${ctx.package}-${ctx.version.split('-')[0]}`,
    tmp: { prep: tmpName(rng), build: tmpName(rng), install: tmpName(rng), check: tmpName(rng), clean: tmpName(rng) },
  };
}

function rootLog(ctx: LogContext, p: Parts, kind: LogOutcome): string {
  const root = `/var/lib/mock/${ctx.chroot}-${ctx.buildId}/root/`;
  const lines = [
    'INFO buildroot.py:491:  Mock Version: 6.3',
    `DEBUG util.py:626:  Executing command: ['/usr/bin/dnf5', '--installroot', '${root}', '-y', '--setopt=tsflags=nocontexts', 'install', '@buildsys-build']`,
    "DEBUG util.py:459:  Updating and loading repositories:",
    "DEBUG util.py:459:   Copr repository                        100% |  12.1 KiB/s |   1.5 KiB |  00m00s",
    `DEBUG util.py:459:   ${p.dist.startsWith('fc') ? 'fedora' : 'baseos'}                                 100% |  21.4 MiB/s |  35.2 MiB |  00m02s`,
    'DEBUG util.py:459:  Repositories loaded.',
    'DEBUG util.py:459:  Package                 Arch    Version                 Repository      Size',
    `DEBUG util.py:459:  Installing group/module packages:`,
    `DEBUG util.py:459:   bash                   ${p.arch}  5.2.37-1.${p.dist}       fedora       8.2 MiB`,
    `DEBUG util.py:459:   gcc                    ${p.arch}  15.1.1-2.${p.dist}       fedora     111.4 MiB`,
    `DEBUG util.py:459:   rpm-build              ${p.arch}  4.20.1-1.${p.dist}       fedora     168.0 KiB`,
    'DEBUG util.py:459:  Transaction Summary:',
    `DEBUG util.py:459:   Installing:       ${int(p.rng, 120, 180)} packages`,
    'DEBUG util.py:459:  Complete!',
    `DEBUG util.py:626:  Executing command: ['/usr/bin/dnf5', '--installroot', '${root}', '-y', 'builddep', '${p.spec}']`,
  ];
  if (kind === 'missing-buildrequires') {
    lines.push(
      "DEBUG util.py:459:  No matching package to install: 'python3-flit-core >= 3.9'",
      "DEBUG util.py:459:  No matching package to install: 'pkgconfig(libfoo-2.0)'",
      'DEBUG util.py:459:  Not all dependencies satisfied',
      'DEBUG util.py:459:  Error: Some packages could not be found.',
      `DEBUG util.py:626:  Child return code was: 1`,
      'ERROR: Command failed:',
      ` # /usr/bin/dnf5 --installroot ${root} -y builddep ${p.spec}`,
    );
  } else {
    lines.push(
      `DEBUG util.py:459:   python3-devel          ${p.arch}  3.14.0-1.${p.dist}       fedora       1.2 MiB`,
      `DEBUG util.py:459:   python3-pytest         noarch  8.3.5-1.${p.dist}       fedora      14.1 MiB`,
      'DEBUG util.py:459:  Complete!',
      'DEBUG util.py:626:  Child return code was: 0',
    );
    if (kind === 'no-space') lines.push(`DEBUG util.py:459:  [Errno 28] No space left on device: '${root}var/cache/dnf'`);
  }
  return lines.join('\n') + '\n';
}

/** rpmbuild's output (build.log), failing the way `kind` says. */
function buildLog(ctx: LogContext, p: Parts, kind: LogOutcome): string {
  const r = p.rng;
  const L: string[] = [];
  const badExit = (section: string, tmp: string) => {
    L.push(`error: Bad exit status from ${tmp} (%${section})`, '', 'RPM build errors:', `    Bad exit status from ${tmp} (%${section})`);
  };
  if (kind === 'missing-buildrequires') {
    if (ctx.package.startsWith('python')) {
      L.push(`Executing(%generate_buildrequires): /bin/sh -e ${p.tmp.prep}`, 'Handling runtime dependencies...',
        'error: Failed build dependencies:',
        `\tpython3dist(hatchling) is needed by ${p.nvr}.noarch`, `\tpython3dist(pytest) >= 8 is needed by ${p.nvr}.noarch`);
    }
    return L.join('\n') + '\n';
  }
  L.push(`Building target platforms: ${p.arch}`, `Building for target ${p.arch}`);
  if (kind === 'spec-error') {
    L.push(`error: line ${int(r, 9, 30)}: Unknown tag: Recommend: python3-bar`, `error: query of specfile ${p.spec} failed, can't parse`);
    return L.join('\n') + '\n';
  }
  L.push(`Executing(%prep): /bin/sh -e ${p.tmp.prep}`, `+ umask 022`, `+ cd /builddir/build/BUILD`,
    `+ /usr/lib/rpm/rpmuncompress -x /builddir/build/SOURCES/${ctx.package}-${ctx.version.split('-')[0]}.tar.gz`,
    `+ STATUS=0`, `+ cd ${p.buildDir}`, `+ RPM_EC=0`, `++ jobs -p`, `+ exit 0`);
  L.push(`Executing(%build): /bin/sh -e ${p.tmp.build}`, `+ CFLAGS='-O2 -flto=auto -ffat-lto-objects -fexceptions -g -grecord-gcc-switches -pipe -Wall -Werror=format-security'`,
    '+ /usr/bin/make -O -j4 V=1 VERBOSE=1');
  const objects = ['main', 'util', 'parser', 'io', 'config', 'hash', 'net', 'cli'];
  for (const o of objects.slice(0, int(r, 4, 8))) L.push(`gcc -O2 -g -Wall -fPIC -c src/${o}.c -o src/${o}.o`);
  if (kind === 'build-error') {
    L.push(`src/parser.c:212:17: error: implicit declaration of function 'strlcpy' [-Wimplicit-function-declaration]`,
      `  212 |                 strlcpy(buf, name, sizeof buf);`, `      |                 ^~~~~~~`,
      `make[1]: *** [Makefile:88: src/parser.o] Error 1`, `make: *** [Makefile:40: all] Error 2`);
    badExit('build', p.tmp.build);
    return L.join('\n') + '\n';
  }
  if (kind === 'builder-lost' || kind === 'build-timeout' || kind === 'canceled') {
    // The builder never finished writing: the log stops in the middle of %build.
    return L.join('\n') + '\n';
  }
  L.push(`gcc -O2 -g -o ${ctx.package} src/*.o -lz`, '+ RPM_EC=0', '++ jobs -p', '+ exit 0');
  L.push(`Executing(%install): /bin/sh -e ${p.tmp.install}`, `+ /usr/bin/make install DESTDIR=/builddir/build/BUILD/${ctx.package}-build/BUILDROOT`);
  if (kind === 'no-space') {
    L.push(`cp: error writing '/builddir/build/BUILD/${ctx.package}-build/BUILDROOT/usr/lib64/lib${ctx.package}.so.1.2.0': No space left on device`,
      `make: *** [Makefile:120: install] Error 1`);
    badExit('install', p.tmp.install);
    return L.join('\n') + '\n';
  }
  L.push('+ /usr/lib/rpm/check-buildroot', '+ /usr/lib/rpm/redhat/brp-compress', '+ /usr/lib/rpm/brp-strip /usr/bin/strip');
  L.push(`Executing(%check): /bin/sh -e ${p.tmp.check}`, '+ /usr/bin/pytest -v tests',
    '============================= test session starts ==============================', `platform linux -- Python 3.14.0, pytest-8.3.5, pluggy-1.5.0`);
  const passed = int(r, 80, 400);
  if (kind === 'check-failure') {
    L.push('tests/test_core.py ........................................ [ 40%]', 'tests/test_io.py ......F...F............................... [ 80%]',
      '=================================== FAILURES ===================================',
      '_______________________________ test_roundtrip ________________________________',
      '>       assert decode(encode(value)) == value', 'E       AssertionError: assert 1.0000001 == 1.0',
      '=========================== short test summary info ============================',
      'FAILED tests/test_io.py::test_roundtrip - AssertionError: assert 1.0000001 == 1.0',
      'FAILED tests/test_io.py::test_endianness - AssertionError: byte order mismatch',
      `======================== 2 failed, ${passed} passed in ${int(r, 5, 90)}.${int(r, 0, 9)}s ========================`);
    badExit('check', p.tmp.check);
    return L.join('\n') + '\n';
  }
  L.push(`============================= ${passed} passed in ${int(r, 5, 90)}.${int(r, 0, 9)}s =============================`, '+ RPM_EC=0', '+ exit 0');
  L.push(`Processing files: ${p.nvr}.${p.arch}`, `Provides: ${ctx.package} = ${ctx.version}.${p.dist} ${ctx.package}(${p.arch === 'i386' ? 'x86-32' : p.arch}) = ${ctx.version}.${p.dist}`,
    'Requires(rpmlib): rpmlib(CompressedFileNames) <= 3.0.4-1 rpmlib(FileDigests) <= 4.6.0-1',
    `Checking for unpackaged file(s): /usr/lib/rpm/check-files /builddir/build/BUILD/${ctx.package}-build/BUILDROOT`);
  if (kind === 'unpackaged-files') {
    L.push('error: Installed (but unpackaged) file(s) found:', `   /usr/lib/python3.14/site-packages/${ctx.package}/py.typed`, `   /usr/share/man/man1/${ctx.package}.1.gz`,
      '', 'RPM build errors:', '    Installed (but unpackaged) file(s) found:', `   /usr/lib/python3.14/site-packages/${ctx.package}/py.typed`, `   /usr/share/man/man1/${ctx.package}.1.gz`);
    return L.join('\n') + '\n';
  }
  if (kind === 'missing-files') {
    const missing = `/builddir/build/BUILD/${ctx.package}-build/BUILDROOT/usr/bin/${ctx.package}-cli`;
    L.push(`error: File not found: ${missing}`, '', 'RPM build errors:', `    File not found: ${missing}`);
    return L.join('\n') + '\n';
  }
  L.push(`Wrote: /builddir/build/SRPMS/${p.srpm}`, `Wrote: /builddir/build/RPMS/${p.arch}/${p.nvr}.${p.arch}.rpm`,
    `Wrote: /builddir/build/RPMS/${p.arch}/${ctx.package}-debuginfo-${ctx.version}.${p.dist}.${p.arch}.rpm`,
    `Executing(%clean): /bin/sh -e ${p.tmp.clean}`, '+ umask 022', `+ rm -rf /builddir/build/BUILD/${ctx.package}-build`, '+ RPM_EC=0', '+ exit 0');
  return L.join('\n') + '\n';
}

function builderLive(ctx: LogContext, p: Parts, kind: LogOutcome, build: string, root: string): string {
  const took = minutes(ctx.endedOn - ctx.startedOn);
  const workdir = `/var/lib/copr-rpmbuild/workspace/workdir-${p.rng().toString(36).slice(2, 10)}`;
  const L = [
    `Running: /usr/bin/copr-rpmbuild --verbose --drop-resultdir --task-url ${ctx.frontendUrl}/backend/get-build-task/${ctx.buildId}-${ctx.chroot} --chroot ${ctx.chroot} --detached`,
    '',
    'Version: 1.4',
    `PID: ${int(p.rng, 1000, 99999)}`,
    `Logging PID: ${int(p.rng, 1000, 99999)}`,
    `Task: {'build_id': ${ctx.buildId}, 'chroot': '${ctx.chroot}', 'project_owner': '${ctx.owner}', 'project_name': '${ctx.project}', 'project_dirname': '${ctx.dirname}', 'package_name': '${ctx.package}', 'package_version': '${ctx.version}', 'git_hash': '${ctx.gitHash}', 'timeout': 18000}`,
    `INFO: Reading stdout from command: git clone ${ctx.frontendUrl.replace(/\/$/, '')}/git/${ctx.owner}/${ctx.project}/${ctx.package}.git ${workdir}/${ctx.package} --depth 500 --no-single-branch --recursive`,
    `INFO: Checking out ${ctx.gitHash}`,
    `INFO: Reading stdout from command: copr-distgit-client sources`,
    `Running (timeout=18000): unbuffer mock --spec ${workdir}/${ctx.package}/${ctx.package}.spec --sources ${workdir}/${ctx.package} --resultdir /var/lib/copr-rpmbuild/results --uniqueext ${ctx.startedOn}.${int(p.rng, 100, 999)} -r /var/lib/copr-rpmbuild/results/configs/child.cfg`,
    `INFO: mock.py version 6.3 starting (python version = 3.13.2, NVR = mock-6.3-1.fc42), args: /usr/libexec/mock/mock --spec ${ctx.package}.spec -r child.cfg`,
    'Start: init plugins',
    'INFO: selinux disabled',
    'Finish: init plugins',
    'INFO: Signal handler active',
    'Start: run',
    `Start: chroot init`,
    `INFO: calling preinit hooks`,
    'Start(bootstrap): installing dnf tooling',
    'Finish(bootstrap): installing dnf tooling',
    'Start: installing minimal buildroot with dnf5',
  ];
  if (kind === 'missing-buildrequires' && !ctx.package.startsWith('python')) {
    L.push(...root.split('\n').filter((l) => /No matching|Not all|Error: Some|Command failed| # \/usr/.test(l)));
    L.push('Finish: installing minimal buildroot with dnf5', `ERROR: Exception(${p.srpm}) Config(${ctx.chroot}) ${took}`,
      'INFO: Results and/or logs in: /var/lib/copr-rpmbuild/results', '', 'Copr build error: Build failed');
    return L.join('\n') + '\n';
  }
  L.push('Finish: installing minimal buildroot with dnf5', 'Finish: chroot init', `Start: build phase for ${p.srpm}`, `Start: build setup for ${p.srpm}`,
    `Finish: build setup for ${p.srpm}`, `Start: rpmbuild ${p.srpm}`);
  L.push(...build.trimEnd().split('\n'));
  if (kind === 'builder-lost' || kind === 'canceled') return L.join('\n') + '\n';
  if (kind === 'build-timeout') {
    L.push('Copr timeout => sending INT', 'Build timeout (18000 s) exceeded, the build process was killed', 'Copr build error: Build timeout');
    return L.join('\n') + '\n';
  }
  if (kind === 'succeeded') {
    L.push(`Finish: rpmbuild ${p.srpm}`, `Finish: build phase for ${p.srpm}`, `INFO: Done(${p.srpm}) Config(${ctx.chroot}) ${took}`,
      'INFO: Results and/or logs in: /var/lib/copr-rpmbuild/results', 'Finish: run', 'Running RPMResults tool',
      `Package info: {"packages": [{"name": "${ctx.package}", "epoch": null, "version": "${ctx.version.split('-')[0]}", "release": "${ctx.version.split('-')[1] ?? '1'}.${p.dist}", "arch": "${p.arch}"}]}`,
      'RPMResults finished');
    return L.join('\n') + '\n';
  }
  if (kind === 'no-space') L.push('OSError: [Errno 28] No space left on device');
  L.push(`Finish: rpmbuild ${p.srpm}`, `Finish: build phase for ${p.srpm}`, `ERROR: Exception(${p.srpm}) Config(${ctx.chroot}) ${took}`,
    'INFO: Results and/or logs in: /var/lib/copr-rpmbuild/results', "INFO: Cleaning up build root ('cleanup_on_failure=True')", 'Start: clean chroot', 'Finish: clean chroot',
    'ERROR: Command failed: ', ` # /usr/bin/systemd-nspawn -q -M ${p.rng().toString(16).slice(2, 14)} -D /var/lib/mock/${ctx.chroot}-${ctx.buildId}/root --setenv=HOME=/builddir /usr/bin/bash --login -c /usr/bin/rpmbuild -bb --target ${p.arch} --nodeps ${p.spec}`,
    '', 'Copr build error: Build failed');
  return L.join('\n') + '\n';
}

function backendLog(ctx: LogContext, p: Parts, kind: LogOutcome): string {
  const pid = int(p.rng, 100000, 999999);
  const host = `${pick(p.rng, ['aws', 'ibm-cloud', 'osuosl', 'hv'])}-${p.arch}-${String(int(p.rng, 1, 40)).padStart(2, '0')}-prod-${int(p.rng, 10000000, 99999999)}`;
  const line = (t: number, level: string, msg: string) => `[${stamp(t, int(p.rng, 0, 999))}][${level.padStart(6)}][PID:${pid}] ${msg}`;
  const s = ctx.startedOn;
  const e = ctx.endedOn;
  const resultDir = `/var/lib/copr/public_html/results/${ctx.owner}/${ctx.dirname}/${ctx.chroot}/${String(ctx.buildId).padStart(8, '0')}-${ctx.package}`;
  const L = [
    line(s, 'INFO', `Marking build as starting`),
    line(s, 'INFO', `Trying to allocate VM`),
    line(s + 1, 'INFO', `Allocated host ResallocHost, ticket_id=${int(p.rng, 1000000, 9999999)}, hostname=${host}`),
    line(s + 1, 'INFO', `Allocating ssh connection to builder`),
    line(s + 2, 'INFO', `Checking that builder machine is OK`),
    line(s + 3, 'INFO', `Running remote command: copr-rpmbuild-check`),
    line(s + 4, 'INFO', `Filling build.info file with builder info`),
    line(s + 4, 'INFO', `Sending build state back to frontend: {'build_id': ${ctx.buildId}, 'chroot': '${ctx.chroot}', 'status': 3}`),
    line(s + 5, 'INFO', `Starting remote build: copr-rpmbuild --verbose --drop-resultdir --task-url ${ctx.frontendUrl}/backend/get-build-task/${ctx.buildId}-${ctx.chroot} --chroot ${ctx.chroot} --detached`),
    line(s + 6, 'INFO', `Downloading the builder-live.log file, attempt 1`),
  ];
  if (kind === 'builder-lost') {
    L.push(line(e - 5, 'ERROR', `Connection reset by peer`), line(e - 5, 'WARNING', `Retry #1 of remote command failed: ssh: connect to host ${host} port 22: Connection closed`),
      line(e - 2, 'ERROR', `Backend process error: Connection closed by remote host ${host}`), line(e, 'ERROR', `Builder ${host} lost, giving up on this build`));
  } else if (kind === 'build-timeout') {
    L.push(line(e, 'WARNING', `Build timeout, killing the build process (timeout=18000)`));
  } else if (kind === 'canceled') {
    L.push(line(e, 'WARNING', `Build was canceled, killing the build process`), line(e, 'INFO', `Cancel request succeeded`));
  }
  L.push(line(e, 'INFO', `Downloading results from builder`), line(e, 'INFO', `rsync -rltDvH --chmod=D755,F644 -e 'ssh -o PasswordAuthentication=no' mockbuilder@${host}:/var/lib/copr-rpmbuild/results/ ${resultDir}/`));
  if (kind === 'no-space') L.push(line(e, 'INFO', `builder-live.log shows: No space left on device`));
  const ok = kind === 'succeeded';
  L.push(line(e, 'INFO', `Finished build: id=${ctx.buildId} failed=${ok ? 'False' : 'True'} timeout=18000 destdir=${resultDir.replace(/\/[^/]+\/[^/]+$/, '')} chroot=${ctx.chroot}`),
    line(e, 'INFO', `Worker ${ok ? 'succeeded' : 'failed'} build, took ${(e - s).toFixed(1)}`),
    line(e, 'INFO', `Compressing ${resultDir}/builder-live.log by gzip`),
    line(e, 'INFO', `Sending build state back to frontend: {'build_id': ${ctx.buildId}, 'chroot': '${ctx.chroot}', 'status': ${ok ? 1 : 0}}`),
    line(e, 'INFO', `Finished build: ${ok ? 'succeeded' : 'failed'}`));
  return L.join('\n') + '\n';
}

/** All the logs of one chroot run that ends with `kind`. Deterministic in (kind, ctx). */
export function renderLog(kind: LogOutcome, ctx: LogContext): RenderedLogs {
  const p = parts(ctx, kind);
  const root = rootLog(ctx, p, kind);
  const build = buildLog(ctx, p, kind);
  return { root, build, builderLive: builderLive(ctx, p, kind, build, root), backend: backendLog(ctx, p, kind) };
}
