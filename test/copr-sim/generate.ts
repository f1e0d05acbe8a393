// Builds the starting world: the fixed fixtures, then (in the default world) seeded owners, projects and history.

import { ALL_CHROOTS, ARRIVALS, BENCH, BUILDS, type FixedBuild, failureFixtureBuilds, PROJECTS, SEED_EXAMPLE } from './fixtures';
import type { BuildRec, ChrootRec } from './model';
import { chance, int, mulberry32, pick, type Rng } from './prng';
import { FAILURE_KINDS, type ChrootOutcome, type FailureKind } from './types';
import { World } from './world';

export function createWorld(kind: 'default' | 'empty' | 'bench', seed: number, start: number, now: () => number): World {
  const w = new World(seed, now);
  if (kind === 'empty') return w;
  addFixtures(w, start);
  if (kind === 'default') addSeeded(w, seed, start);
  if (kind === 'bench') w.populate({ owner: BENCH.owner, project: BENCH.project, builds: BENCH.builds, chroots: BENCH.chroots });
  const ci = PROJECTS[ARRIVALS.project];
  if (kind === 'default') {
    w.arrivals = { project: w.getProject(ci.owner, ci.name) as NonNullable<ReturnType<World['getProject']>>, nextAt: start + ARRIVALS.firstAt, interval: ARRIVALS.interval, pkg: ARRIVALS.package, count: 0 };
  }
  return w;
}

function addFixtures(w: World, start: number): void {
  for (const p of Object.values(PROJECTS)) w.addProject(p.owner, p.name, p.chroots, p.id);
  const s = SEED_EXAMPLE;
  w.insertBuild({
    id: s.buildId, project: w.getProject(s.owner, s.project) as BuildRec['project'], dirname: s.project, pkg: s.package,
    version: s.version, submitter: s.owner, submittedOn: s.submitted_on, importEndAt: s.submitted_on + 30, canceledAt: null,
    chroots: [{ name: s.chroot, outcome: 'succeeded', failureKind: null, pendingAt: s.submitted_on + 40, startAt: s.started_on, runAt: s.started_on + 10, endAt: s.ended_on, onCancel: 'keep', forced: null }],
    fixedResultDirUrl: s.result_dir_url, fixedGitHash: s.git_hash,
  });
  const fixed: FixedBuild[] = [...Object.values(BUILDS).filter((b): b is typeof b & FixedBuild => 'project' in b), ...failureFixtureBuilds()];
  for (const f of fixed) {
    const p = PROJECTS[f.project];
    w.insertBuild({
      id: f.id, project: w.getProject(p.owner, p.name) as BuildRec['project'], dirname: f.dirname ?? p.name, pkg: f.package,
      version: f.version, submitter: f.submitter, submittedOn: start + f.submittedAt, importEndAt: start + f.importEndAt,
      canceledAt: f.canceledAt === undefined ? null : start + f.canceledAt,
      chroots: f.chroots.map((c) => ({
        name: c.name, outcome: c.outcome, failureKind: c.failureKind ?? null, pendingAt: start + c.pendingAt,
        startAt: start + c.startAt, runAt: start + c.runAt, endAt: start + c.endAt, onCancel: c.onCancel ?? 'keep', forced: null,
      })),
    });
  }
}

const OWNERS = ['dana', 'emil', 'fatima', 'goran', 'hana', 'ivo', '@kde-sig', '@neuro-sig', '@llvm-team'];
const PROJECT_NAMES = ['nvim-nightly', 'llvm-snapshots', 'zig', 'hyprland', 'rust-tools', 'ghostty', 'mesa-git', 'obs-studio', 'kernel-rt', 'cmake-latest', 'python-pkgs', 'gnome-extras'];
const PACKAGES = ['neovim', 'llvm', 'zig', 'hyprland', 'ripgrep', 'ghostty', 'mesa', 'obs-studio', 'kernel', 'cmake', 'python-requests', 'gnome-shell-extension-foo', 'libfoo', 'python-attrs'];
const CHROOT_COUNTS = [1, 1, 2, 3, 5, 5, 10, 15, 20, 25, 40];
const ARCH_SLOWNESS: Record<string, number> = { x86_64: 1, aarch64: 1.3, i386: 0.9, ppc64le: 1.4, s390x: 1.8 };

function addSeeded(w: World, seed: number, start: number): void {
  const rng = mulberry32(seed);
  const owners = shuffle(rng, OWNERS).slice(0, int(rng, 3, 5));
  const names = shuffle(rng, PROJECT_NAMES);
  const plans: Array<{ project: BuildRec['project']; at: number; packit: boolean; pkgs: string[] }> = [];
  let projectId = 6000;
  for (const owner of owners) {
    for (let k = int(rng, 1, 3); k > 0 && names.length > 0; k--) {
      const n = pick(rng, CHROOT_COUNTS);
      const chroots = shuffle(rng, ALL_CHROOTS).slice(0, n).sort((a, b) => ALL_CHROOTS.indexOf(a) - ALL_CHROOTS.indexOf(b));
      const project = w.addProject(owner, names.pop() as string, chroots, projectId++);
      const packit = chance(rng, 0.3);
      const pkgs = shuffle(rng, PACKAGES).slice(0, int(rng, 1, 3));
      // History over the last 30 days; the newest builds may still be running at start.
      for (let i = int(rng, 3, 40); i > 0; i--) plans.push({ project, at: start - int(rng, 0, 30 * 86400), packit, pkgs });
    }
  }
  plans.sort((a, b) => a.at - b.at);
  let id = 9_700_000;
  for (const plan of plans) {
    id += int(rng, 1, 40);
    w.insertBuild(seededBuild(rng, id, plan.project, plan.at, plan.packit, plan.pkgs));
  }
}

function seededBuild(rng: Rng, id: number, project: BuildRec['project'], submitted: number, packit: boolean, pkgs: string[]): BuildRec {
  const pkg = pick(rng, pkgs);
  const importEndAt = submitted + int(rng, 40, 400);
  const base = int(rng, 120, 2400);
  const brokenArch = chance(rng, 0.15) ? pick(rng, ['s390x', 'i386', 'ppc64le', 'aarch64']) : null;
  const brokenAll = chance(rng, 0.1);
  const kind: FailureKind = pick(rng, FAILURE_KINDS);
  const skipI386 = chance(rng, 0.2);
  const chroots: ChrootRec[] = project.chroots.map((name) => {
    const arch = name.slice(name.lastIndexOf('-') + 1);
    let outcome: ChrootOutcome = 'succeeded';
    let failureKind: FailureKind | null = null;
    if (skipI386 && arch === 'i386') outcome = 'skipped';
    else if (brokenAll || brokenArch === arch) [outcome, failureKind] = ['failed', kind];
    else if (chance(rng, 0.03)) [outcome, failureKind] = ['failed', pick(rng, ['no-space', 'builder-lost', 'build-timeout'] as const)];
    const pendingAt = importEndAt + int(rng, 0, 20);
    if (outcome === 'skipped') return { name, outcome, failureKind, pendingAt, startAt: pendingAt, runAt: pendingAt, endAt: pendingAt, onCancel: 'keep', forced: null };
    const startAt = pendingAt + int(rng, 5, 900);
    const runAt = startAt + int(rng, 15, 120);
    const endAt = runAt + Math.round(base * (ARCH_SLOWNESS[arch] ?? 1) * (0.8 + rng() * 0.4));
    return { name, outcome, failureKind, pendingAt, startAt, runAt, endAt, onCancel: chance(rng, 0.5) ? 'keep' : 'canceled', forced: null };
  });
  const forked = chance(rng, 0.02);
  if (forked) for (const c of chroots) Object.assign(c, { outcome: 'forked', failureKind: null, startAt: c.pendingAt, runAt: c.pendingAt, endAt: c.pendingAt });
  const canceledAt = chance(rng, 0.05) ? submitted + int(rng, 30, 1200) : null;
  const pr = int(rng, 1, 120);
  return {
    id, project, dirname: packit && chance(rng, 0.6) ? `${project.name}:pr:${pr}` : project.name, pkg,
    version: `${int(rng, 0, 5)}.${int(rng, 0, 30)}.${int(rng, 0, 9)}-${int(rng, 1, 3)}`,
    submitter: packit ? 'packit' : chance(rng, 0.1) ? null : project.owner.startsWith('@') ? pick(rng, ['dana', 'emil', 'hana']) : project.owner,
    submittedOn: submitted, importEndAt, canceledAt, chroots,
  };
}

function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
