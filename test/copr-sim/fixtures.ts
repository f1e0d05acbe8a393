// The fixed, seed-independent part of the simulated world. Tests may rely on everything here verbatim;
// the world builder reads these declarations, so they are the source of truth, not a copy.
// Build ids grow with submission time, as on a real instance.
// Times are offsets in seconds from the simulator's start time (DEFAULT_START_TIME unless overridden),
// except in SEED_EXAMPLE, whose timestamps are the seed document's absolute ones.

import type { ChrootOutcome, FailureKind } from './types';
import { FAILURE_KINDS } from './types';

/** 2025-08-12T12:00:00Z. */
export const DEFAULT_START_TIME = 1_755_000_000;
export const DEFAULT_SEED = 1;
/** The first id handed to a build created after start (addBuild, arrivals); ids then count up by one. */
export const NEXT_BUILD_ID = 9_800_100;

export const ARCHES = ['x86_64', 'aarch64', 'i386', 'ppc64le', 's390x'] as const;
const FEDORA = ['fedora-rawhide', 'fedora-43', 'fedora-42', 'fedora-41'];
const EL = ['epel-10', 'epel-9', 'epel-8', 'centos-stream-10', 'centos-stream-9'];
/** 40 chroots: 4 Fedora releases × 5 arches, then 5 EL releases × 4 arches (no i386). */
export const ALL_CHROOTS: readonly string[] = [
  ...FEDORA.flatMap((r) => ARCHES.map((a) => `${r}-${a}`)),
  ...EL.flatMap((r) => ARCHES.filter((a) => a !== 'i386').map((a) => `${r}-${a}`)),
];
/** Every chroot name the instance knows (mock-chroots/list); a name outside it is "Chroot X does not exist". */
export const MOCK_CHROOTS: readonly string[] = [...ALL_CHROOTS, 'mageia-9-x86_64', 'opensuse-tumbleweed-x86_64'];
const rawhide5 = ARCHES.map((a) => `fedora-rawhide-${a}`);

/** The seed document's example (build-task-api-v2.txt), served verbatim on /api_2. */
export const SEED_EXAMPLE = {
  owner: 'vgologuz',
  project: 'aeghqawgt',
  projectId: 3985,
  buildId: 106882,
  package: 'python-marshmallow',
  version: '2.0.0b5-1',
  chroot: 'fedora-rawhide-x86_64',
  submitted_on: 1440753800,
  started_on: 1440753865,
  ended_on: 1440753919,
  state: 'succeeded',
  git_hash: 'd241064b14f9dcd5d9032d0aca3b4e78fbd1aafd',
  /** Verbatim from the seed (no trailing slash, foreign host): the one result URL not on the simulator. */
  result_dir_url:
    'http://copr-be-dev.cloud.fedoraproject.org/results/vgologuz/aeghqawgt/fedora-rawhide-x86_64/00106882-python-marshmallow',
} as const;

export const USERS = { alice: 'alice', bob: 'bob', seed: 'vgologuz' } as const;
/** A group owner: `@rpm-team` in the API and result URLs, `/coprs/g/rpm-team/...` on the web. */
export const GROUP = '@rpm-team';

export interface FixedProject {
  id: number;
  owner: string;
  name: string;
  chroots: readonly string[];
}

export const PROJECTS = {
  seed: { id: SEED_EXAMPLE.projectId, owner: 'vgologuz', name: 'aeghqawgt', chroots: ['fedora-rawhide-x86_64'] },
  hello: { id: 5001, owner: 'alice', name: 'hello', chroots: ['fedora-rawhide-x86_64', 'fedora-42-x86_64'] },
  tools: { id: 5002, owner: 'alice', name: 'tools', chroots: rawhide5 },
  python: { id: 5003, owner: GROUP, name: 'python3.14', chroots: ALL_CHROOTS },
  packit: { id: 5004, owner: 'bob', name: 'packit-demo', chroots: ['fedora-rawhide-x86_64', 'fedora-42-x86_64', 'epel-9-x86_64'] },
  empty: { id: 5005, owner: 'bob', name: 'empty', chroots: ['fedora-rawhide-x86_64'] },
  ci: { id: 5006, owner: GROUP, name: 'rpm-ci', chroots: [...rawhide5, 'fedora-42-x86_64', 'fedora-42-aarch64'] },
  failures: { id: 5007, owner: 'alice', name: 'failures', chroots: ['fedora-rawhide-x86_64', 'fedora-rawhide-aarch64'] },
} as const satisfies Record<string, FixedProject>;

/** One chroot's plan. A chroot is `waiting` from the end of the import until pendingAt, then pending,
 * starting (started_on = startAt), running, and ends at endAt (ended_on = endAt) with its outcome. */
export interface FixedChroot {
  name: string;
  outcome: ChrootOutcome;
  failureKind?: FailureKind;
  pendingAt: number;
  startAt: number;
  runAt: number;
  endAt: number;
  /** On a canceled build, a chroot still queued at the cancel either keeps its state ('keep') or reads
   * `canceled` ('canceled'); both keep ended_on null. A chroot running at the cancel becomes failed. */
  onCancel?: 'keep' | 'canceled';
}

export interface FixedBuild {
  id: number;
  project: keyof typeof PROJECTS;
  dirname?: string;
  package: string;
  version: string;
  submitter: string | null;
  submittedAt: number;
  /** End of the SRPM build + import: before it the build is `importing` with chroots [] and null source_package. */
  importEndAt: number;
  canceledAt?: number;
  chroots: FixedChroot[];
}

function done(name: string, outcome: ChrootOutcome, start: number, end: number, failureKind?: FailureKind): FixedChroot {
  return { name, outcome, failureKind, pendingAt: start - 60, startAt: start, runAt: start + 20, endAt: end };
}
function instant(name: string, outcome: ChrootOutcome, at: number): FixedChroot {
  return { name, outcome, pendingAt: at, startAt: at, runAt: at, endAt: at };
}

/** The big group build: 40 chroots staggered 150 s apart; Fedora s390x fails its %check. */
function bigChroots(): FixedChroot[] {
  return ALL_CHROOTS.map((name, i) => {
    const startAt = -3000 + i * 150;
    const fails = name.startsWith('fedora') && name.endsWith('s390x');
    return {
      name,
      outcome: fails ? 'failed' : 'succeeded',
      failureKind: fails ? 'check-failure' : undefined,
      pendingAt: -3300,
      startAt,
      runAt: startAt + 30,
      endAt: startAt + 30 + 1500 + (i % 5) * 300,
    };
  });
}

export const BUILDS = {
  /** The seed's build (absolute times; see SEED_EXAMPLE). */
  seed: { id: SEED_EXAMPLE.buildId },
  /** alice/hello: both chroots succeeded long before start. */
  succeeded: {
    id: 9_800_013, project: 'hello', package: 'hello', version: '2.12.1-1', submitter: 'alice',
    submittedAt: -7200, importEndAt: -7140,
    chroots: [done('fedora-rawhide-x86_64', 'succeeded', -7000, -6500), done('fedora-42-x86_64', 'succeeded', -7000, -6400)],
  },
  /** alice/hello: a webhook rebuild, submitter null. */
  webhook: {
    id: 9_800_016, project: 'hello', package: 'hello', version: '2.12.1-2', submitter: null,
    submittedAt: -3500, importEndAt: -3440,
    chroots: [done('fedora-rawhide-x86_64', 'succeeded', -3400, -3100), done('fedora-42-x86_64', 'succeeded', -3400, -3000)],
  },
  /** alice/hello: importing at start (chroots [], source_package nulls); chroots appear at +90, succeed by +420. */
  importing: {
    id: 9_800_021, project: 'hello', package: 'hello', version: '2.12.1-3', submitter: 'alice',
    submittedAt: -30, importEndAt: 90,
    chroots: [
      { name: 'fedora-rawhide-x86_64', outcome: 'succeeded', pendingAt: 100, startAt: 120, runAt: 140, endAt: 400 },
      { name: 'fedora-42-x86_64', outcome: 'succeeded', pendingAt: 100, startAt: 130, runAt: 150, endAt: 420 },
    ],
  },
  /** alice/tools: running at start. At 0: x86_64 running, aarch64 running, i386 starting, ppc64le and s390x pending.
   * Ends at +1200 as failed: aarch64 fails its %check (+600), s390x its %build (+1200), the rest succeed. */
  running: {
    id: 9_800_018, project: 'tools', package: 'python-tools', version: '1.4.0-1', submitter: 'alice',
    submittedAt: -900, importEndAt: -840,
    chroots: [
      { name: 'fedora-rawhide-x86_64', outcome: 'succeeded', pendingAt: -830, startAt: -600, runAt: -580, endAt: 300 },
      { name: 'fedora-rawhide-aarch64', outcome: 'failed', failureKind: 'check-failure', pendingAt: -830, startAt: -500, runAt: -480, endAt: 600 },
      { name: 'fedora-rawhide-i386', outcome: 'succeeded', pendingAt: -830, startAt: -60, runAt: 30, endAt: 400 },
      { name: 'fedora-rawhide-ppc64le', outcome: 'succeeded', pendingAt: -830, startAt: 120, runAt: 140, endAt: 700 },
      { name: 'fedora-rawhide-s390x', outcome: 'failed', failureKind: 'build-error', pendingAt: -830, startAt: 300, runAt: 330, endAt: 1200 },
    ],
  },
  /** alice/tools: canceled at -4000 while x86_64 ran (now failed, ended -4000); aarch64 had succeeded;
   * i386 and s390x stay pending and ppc64le reads canceled, all three with ended_on null forever. */
  canceled: {
    id: 9_800_014, project: 'tools', package: 'python-tools', version: '1.3.9-1', submitter: 'alice',
    submittedAt: -5000, importEndAt: -4940, canceledAt: -4000,
    chroots: [
      done('fedora-rawhide-x86_64', 'succeeded', -4800, -3000),
      done('fedora-rawhide-aarch64', 'succeeded', -4800, -4300),
      { name: 'fedora-rawhide-i386', outcome: 'succeeded', pendingAt: -4900, startAt: -3500, runAt: -3480, endAt: -3000, onCancel: 'keep' },
      { name: 'fedora-rawhide-ppc64le', outcome: 'succeeded', pendingAt: -4900, startAt: -3500, runAt: -3480, endAt: -3000, onCancel: 'canceled' },
      { name: 'fedora-rawhide-s390x', outcome: 'succeeded', pendingAt: -4900, startAt: -3500, runAt: -3480, endAt: -3000, onCancel: 'keep' },
    ],
  },
  /** alice/tools: every chroot skipped (ExcludeArch), started_on = ended_on. */
  skipped: {
    id: 9_800_012, project: 'tools', package: 'tools-x86-only', version: '0.3-1', submitter: 'alice',
    submittedAt: -20000, importEndAt: -19940,
    chroots: rawhide5.map((c) => instant(c, 'skipped', -19900)),
  },
  /** alice/tools: forked from another project, every chroot forked. */
  forked: {
    id: 9_800_011, project: 'tools', package: 'python-tools', version: '1.2.0-1', submitter: 'alice',
    submittedAt: -30000, importEndAt: -29990,
    chroots: rawhide5.map((c) => instant(c, 'forked', -29990)),
  },
  /** alice/tools: queued; all chroots pending until +1800, then succeed by +2400. */
  pending: {
    id: 9_800_020, project: 'tools', package: 'python-tools', version: '1.4.1-1', submitter: 'alice',
    submittedAt: -300, importEndAt: -240,
    chroots: rawhide5.map((c, i) => ({ name: c, outcome: 'succeeded' as const, pendingAt: -230, startAt: 1800 + i * 10, runAt: 1830 + i * 10, endAt: 2400 })),
  },
  /** @rpm-team/python3.14: 40 chroots started -3000..+2850 (150 s apart); the four Fedora s390x fail %check. */
  big: {
    id: 9_800_015, project: 'python', package: 'python3.14', version: '3.14.0~rc2-1', submitter: 'churchyard',
    submittedAt: -3600, importEndAt: -3300, chroots: bigChroots(),
  },
  /** bob/packit-demo, Packit PR dir `packit-demo:pr:42`: running at start, succeeds by +900. */
  packit: {
    id: 9_800_019, project: 'packit', dirname: 'packit-demo:pr:42', package: 'packit-demo', version: '0.9.0-1.pr42',
    submitter: 'packit', submittedAt: -600, importEndAt: -540,
    chroots: [
      { name: 'fedora-rawhide-x86_64', outcome: 'succeeded', pendingAt: -530, startAt: -400, runAt: -380, endAt: 500 },
      { name: 'fedora-42-x86_64', outcome: 'succeeded', pendingAt: -530, startAt: -400, runAt: -380, endAt: 600 },
      { name: 'epel-9-x86_64', outcome: 'succeeded', pendingAt: -530, startAt: -300, runAt: -280, endAt: 900 },
    ],
  },
  /** bob/packit-demo, main dir: succeeded. */
  packitMain: {
    id: 9_800_001, project: 'packit', package: 'packit-demo', version: '0.8.0-1', submitter: 'packit',
    submittedAt: -45000, importEndAt: -44940,
    chroots: ['fedora-rawhide-x86_64', 'fedora-42-x86_64', 'epel-9-x86_64'].map((c) => done(c, 'succeeded', -44900, -44000)),
  },
  /** @rpm-team/rpm-ci: one succeeded build before the arrivals start. */
  ci: {
    id: 9_800_017, project: 'ci', package: 'rpm', version: '4.20.0-1', submitter: 'rpm-bot',
    submittedAt: -2400, importEndAt: -2340,
    chroots: PROJECTS.ci.chroots.map((c) => done(c, 'succeeded', -2300, -1500)),
  },
} as const;

/** alice/failures: build FAILED_BUILD_ID_BASE + i fails on fedora-rawhide-x86_64 with FAILURE_KINDS[i];
 * its fedora-rawhide-aarch64 succeeds. All finished long before start. */
export const FAILED_BUILD_ID_BASE = 9_800_002;
export const FAILED_CHROOT = 'fedora-rawhide-x86_64';
export const FAILED_BUILDS: Readonly<Record<FailureKind, number>> = Object.fromEntries(
  FAILURE_KINDS.map((k, i) => [k, FAILED_BUILD_ID_BASE + i]),
) as Record<FailureKind, number>;

export function failureFixtureBuilds(): FixedBuild[] {
  return FAILURE_KINDS.map((kind, i) => {
    const t = -40000 + i * 1000;
    return {
      id: FAILED_BUILD_ID_BASE + i, project: 'failures', package: 'python-broken', version: `1.${i}-1`, submitter: 'alice',
      submittedAt: t, importEndAt: t + 60,
      chroots: [done(FAILED_CHROOT, 'failed', t + 100, t + 700, kind), done('fedora-rawhide-aarch64', 'succeeded', t + 100, t + 800)],
    };
  });
}

/** New builds arrive in @rpm-team/rpm-ci every `interval` s from `firstAt` (package `rpm`), in the default world. */
export const ARRIVALS = { project: 'ci' as const, firstAt: 600, interval: 600, package: 'rpm' } as const;

/** The bench world's project (world: 'bench'). */
export const BENCH = { owner: 'bench', project: 'big', builds: 2500, chroots: 40 } as const;
