// The source (SRPM) stage's logs: copr-rpmbuild --srpm on a builder, one story per source method and failure.
// Modelled on the layout of real copr-rpmbuild --srpm logs (the task dict, then each command as
// "Running: …" / "cmd:" / "cwd:" / "rc:" / "stdout:" / "stderr:", then "Copr build error:" repeating the failed
// command's output) and on what rpm, rpkg, make, git, pip and gem print. Deterministic in (kind, ctx).

import { int, rngFor } from './prng';
import type { SrpmFailureKind } from './types';

export type SrpmOutcome = 'succeeded' | SrpmFailureKind;

export interface SrpmLogContext {
  buildId: number;
  owner: string;
  project: string;
  dirname: string;
  package: string;
  version: string;
  startedOn: number;
  endedOn: number;
  frontendUrl: string;
}

/** The source method each failure happens with, as Copr's task dict names it. */
const METHOD: Record<SrpmOutcome, 'rpkg' | 'make_srpm' | 'tito' | 'pypi' | 'rubygems'> = {
  succeeded: 'rpkg',
  'spec-parse': 'rpkg',
  'source-404': 'rpkg',
  'missing-patch': 'rpkg',
  'no-makefile': 'make_srpm',
  'makefile-error': 'make_srpm',
  'repo-not-found': 'rpkg',
  network: 'rpkg',
  pypi: 'pypi',
  rubygems: 'rubygems',
};

function command(cmd: string[], cwd: string, rc: number, stdout: string, stderr: string): string[] {
  return [`Running: ${cmd.join(' ')}`, '', `cmd: [${cmd.map((c) => `'${c}'`).join(', ')}]`, `cwd: ${cwd}`, `rc: ${rc}`, `stdout: ${stdout}`, `stderr: ${stderr}`, ''];
}

function stamp(unix: number): string {
  return `${new Date(unix * 1000).toISOString().replace('T', ' ').slice(0, 19)},${String(unix % 1000).padStart(3, '0')}`;
}

export function renderSrpmLogs(kind: SrpmOutcome, ctx: SrpmLogContext): { builderLive: string; backend: string } {
  const rng = rngFor('srpm-log', ctx.buildId, kind);
  const method = METHOD[kind];
  const workdir = `/var/lib/copr-rpmbuild/workspace/workdir-${rng().toString(36).slice(2, 10)}`;
  const repo = `https://src.example/${ctx.owner.replace(/^@/, '')}/${ctx.package}.git`;
  const checkout = `${workdir}/${ctx.package}`;
  const spec = `${checkout}/${ctx.package}.spec`;
  const upstream = ctx.version.split('-')[0];
  const L: string[] = [
    `Warning: Permanently added '198.51.100.${int(rng, 2, 250)}' (ED25519) to the list of known hosts.`,
    '',
    'You can reproduce this build on your computer by running:',
    '',
    '  sudo dnf install copr-rpmbuild',
    `  /usr/bin/copr-rpmbuild --verbose --drop-resultdir --srpm --task-url ${ctx.frontendUrl}/backend/get-srpm-build-task/${ctx.buildId}`,
    '',
    '',
    'Version: 1.4',
    `PID: ${int(rng, 1000, 99999)}`,
    `Logging PID: ${int(rng, 1000, 99999)}`,
    'Task:',
    `{'build_id': ${ctx.buildId},`,
    " 'chroot': None,",
    ` 'package_name': '${ctx.package}',`,
    ` 'project_dirname': '${ctx.dirname}',`,
    ` 'project_name': '${ctx.project}',`,
    ` 'project_owner': '${ctx.owner}',`,
    method === 'pypi'
      ? ` 'source_json': {'pypi_package_name': '${ctx.package.replace(/^python-/, '')}', 'pypi_package_version': '${upstream}', 'spec_generator': 'pyp2spec'},`
      : method === 'rubygems'
        ? ` 'source_json': {'gem_name': '${ctx.package.replace(/^rubygem-/, '')}'},`
        : ` 'source_json': {'clone_url': '${repo}', 'committish': '', 'spec': '${ctx.package}.spec', 'srpm_build_method': '${method}', 'type': 'git'},`,
    ` 'task_id': '${ctx.buildId}'}`,
    '',
  ];
  const fail = (...lines: string[]) => {
    L.push(...lines);
    return finish(false);
  };
  const finish = (ok: boolean) => ({ builderLive: L.join('\n') + '\n', backend: backendLog(ctx, ok, rng) });

  if (method === 'pypi') {
    const name = ctx.package.replace(/^python-/, '');
    if (kind === 'pypi') {
      const err = `ERROR: Could not find a version that satisfies the requirement ${name}==${upstream} (from versions: 0.9, 1.0)\nERROR: No matching distribution found for ${name}==${upstream}`;
      return fail(...command(['pyp2spec', name, '-v', upstream], workdir, 1, '', err), `Copr build error: ${err}`);
    }
  }
  if (method === 'rubygems' && kind === 'rubygems') {
    const name = ctx.package.replace(/^rubygem-/, '');
    const err = `ERROR:  Could not find a valid gem '${name}' (>= 0) in any repository`;
    return fail(...command(['gem', 'fetch', name], workdir, 2, '', err), `Copr build error: ${err}`);
  }

  const clone = ['git', 'clone', repo, checkout, '--depth', '500', '--no-single-branch', '--recursive'];
  if (kind === 'network') {
    const err = `Cloning into '${checkout}'...\nfatal: unable to access '${repo}/': Could not resolve host: src.example`;
    return fail(...command(clone, '.', 128, '', err), `Copr build error: ${err}`);
  }
  if (kind === 'repo-not-found') {
    const err = `Cloning into '${checkout}'...\nremote: Repository not found.\nfatal: repository '${repo}/' not found`;
    return fail(...command(clone, '.', 128, '', err), `Copr build error: ${err}`);
  }
  L.push(...command(clone, '.', 0, '', `Cloning into '${checkout}'...`));
  L.push(...command(['git', 'checkout', 'main', '--'], checkout, 0, "Your branch is up to date with 'origin/main'.", "Already on 'main'"));

  if (method === 'make_srpm') {
    const make = ['mock', '-r', '/etc/copr-rpmbuild/mock-custom-build.cfg', '--chroot', `make -f ${checkout}/.copr/Makefile srpm outdir="/var/lib/copr-rpmbuild/results" spec="${spec}"`];
    L.push(`Running: ${make.join(' ')}`, 'Start: init plugins', 'Finish: init plugins', 'Start: run', 'Start: chroot init', 'Finish: chroot init', 'Start: chroot make srpm');
    if (kind === 'no-makefile') {
      return fail(`make: ${checkout}/.copr/Makefile: No such file or directory`, `make: *** No rule to make target '${checkout}/.copr/Makefile'.  Stop.`,
        'ERROR: Command failed:', ` # /usr/bin/systemd-nspawn -q -M ${rng().toString(16).slice(2, 14)} -D /var/lib/mock/copr-custom-x86_64/root --chdir ${checkout} make -f ${checkout}/.copr/Makefile srpm`, '', 'Copr build error: Build failed');
    }
    return fail('dnf -y install git rpm-build', 'Complete!', `rpkg srpm --outdir /var/lib/copr-rpmbuild/results --spec ${spec}`,
      '/bin/sh: line 1: rpkg: command not found', `make: *** [${checkout}/.copr/Makefile:4: srpm] Error 127`,
      'ERROR: Command failed:', ` # /usr/bin/systemd-nspawn -q -D /var/lib/mock/copr-custom-x86_64/root --chdir ${checkout} make -f ${checkout}/.copr/Makefile srpm`, '', 'Copr build error: Build failed');
  }

  const rpkg = ['rpkg', 'srpm', '--outdir', '/var/lib/copr-rpmbuild/results', '--spec', spec];
  const tarball = `https://releases.src.example/${ctx.package}/${ctx.package}-${upstream}.tar.gz`;
  if (kind === 'spec-parse') {
    const err = `error: line ${int(rng, 3, 9)}: Illegal char '-' (0x2d) in: Version: ${upstream}-rc1\nerror: query of specfile ${spec} failed, can't parse`;
    return fail(...command(rpkg, checkout, 1, '', err), `Copr build error: ${err}`);
  }
  if (kind === 'source-404') {
    const err = `warning: Downloading ${tarball} to /var/lib/copr-rpmbuild/results/${ctx.package}-${upstream}.tar.gz\ncurl: (22) The requested URL returned error: 404\nerror: Couldn't download ${tarball}`;
    return fail(...command(rpkg, checkout, 1, `Wrote: /var/lib/copr-rpmbuild/results/${ctx.package}.spec`, err), `Copr build error: ${err}`);
  }
  if (kind === 'missing-patch') {
    const err = `error: Bad file: /var/lib/copr-rpmbuild/results/${ctx.package}-fix-build.patch: No such file or directory`;
    return fail(...command(rpkg, checkout, 1, '', err), `Copr build error: ${err}`);
  }
  L.push(...command(rpkg, checkout, 0, `Wrote: /var/lib/copr-rpmbuild/results/${ctx.package}-${ctx.version}.src.rpm`, ''),
    'Output: [\'' + `${ctx.package}-${ctx.version}.src.rpm` + "', 'success']", `SRPM build finished in ${ctx.endedOn - ctx.startedOn} seconds`);
  return finish(true);
}

function backendLog(ctx: SrpmLogContext, ok: boolean, rng: () => number): string {
  const pid = int(rng, 100000, 999999);
  const line = (t: number, level: string, msg: string) => `[${stamp(t)}][${level.padStart(6)}][PID:${pid}] ${msg}`;
  const dir = `/var/lib/copr/public_html/results/${ctx.owner}/${ctx.dirname}/srpm-builds/${String(ctx.buildId).padStart(8, '0')}`;
  const s = ctx.startedOn;
  const e = ctx.endedOn;
  return [
    line(s, 'INFO', 'Marking build as starting'),
    line(s, 'INFO', 'Trying to allocate VM'),
    line(s + 1, 'INFO', `Allocated host ResallocHost, ticket_id=${int(rng, 1000000, 9999999)}, hostname=198.51.100.${int(rng, 2, 250)}`),
    line(s + 2, 'INFO', 'Checking that builder machine is OK'),
    line(s + 3, 'INFO', `Sending build state back to frontend: {'build_id': ${ctx.buildId}, 'chroot': 'srpm-builds', 'status': 3}`),
    line(s + 4, 'INFO', `Starting remote build: copr-rpmbuild --verbose --drop-resultdir --srpm --task-url ${ctx.frontendUrl}/backend/get-srpm-build-task/${ctx.buildId} --detached`),
    line(s + 5, 'INFO', 'Downloading the builder-live.log file, attempt 1'),
    line(e, 'INFO', 'Downloading results from builder'),
    line(e, 'INFO', `Finished build: id=${ctx.buildId} failed=${ok ? 'False' : 'True'} timeout=3600 destdir=${dir} chroot=srpm-builds`),
    line(e, 'INFO', `Worker ${ok ? 'succeeded' : 'failed'} build, took ${(e - s).toFixed(1)}`),
    line(e, 'INFO', `Compressing ${dir}/builder-live.log by gzip`),
    line(e, 'INFO', `Sending build state back to frontend: {'build_id': ${ctx.buildId}, 'chroot': 'srpm-builds', 'status': ${ok ? 1 : 0}}`),
    line(e, 'INFO', `Finished build: ${ok ? 'succeeded' : 'failed'}`),
  ].join('\n') + '\n';
}
