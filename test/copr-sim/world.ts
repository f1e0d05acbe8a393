// The in-memory world: projects and builds with their indexes, and the controls tests use to change it.

import { ALL_CHROOTS, NEXT_BUILD_ID } from './fixtures';
import { BuildIndex } from './build-index';
import { type BuildRec, type ChrootRec, type ProjectRec, buildAt, type BuildView, chrootAt, isFinal } from './model';
import { int, pick, rngFor, type Rng } from './prng';
import { type BuildSpec, type ChrootOutcome, FAILURE_KINDS, type FailureKind, type PopulateSpec, type TaskState } from './types';

export interface ArrivalPlan {
  project: ProjectRec;
  nextAt: number;
  interval: number;
  pkg: string;
  count: number;
}

export class World {
  readonly projects = new Map<string, ProjectRec>();
  readonly projectsById = new Map<number, ProjectRec>();
  readonly builds = new Map<number, BuildRec>();
  readonly byProject = new Map<ProjectRec, BuildIndex>();
  /** Keyed by owner string: `user` or `@group`. */
  readonly byOwner = new Map<string, BuildIndex>();
  readonly all = new BuildIndex();
  private nextBuildId = NEXT_BUILD_ID;
  private nextProjectId = 7000;
  private readonly rng: Rng;
  arrivals: ArrivalPlan | null = null;

  constructor(
    readonly seed: number,
    private readonly now: () => number,
  ) {
    this.rng = rngFor('world-controls', seed);
  }

  static key(owner: string, name: string): string {
    return `${owner}/${name}`;
  }

  getProject(owner: string, name: string): ProjectRec | undefined {
    return this.projects.get(World.key(owner, name));
  }

  addProject(owner: string, name: string, chroots: readonly string[], id?: number): ProjectRec {
    const existing = this.getProject(owner, name);
    if (existing) return existing;
    const p: ProjectRec = { id: id ?? this.nextProjectId++, owner, name, chroots: [...chroots] };
    if (id !== undefined && id >= this.nextProjectId) this.nextProjectId = id + 1;
    this.projects.set(World.key(owner, name), p);
    this.projectsById.set(p.id, p);
    this.byProject.set(p, new BuildIndex());
    if (!this.byOwner.has(owner)) this.byOwner.set(owner, new BuildIndex());
    return p;
  }

  /** Projects in id order (v2 and v3 list them oldest first). */
  projectList(): ProjectRec[] {
    return [...this.projectsById.values()].sort((a, b) => a.id - b.id);
  }

  ownerExists(owner: string): boolean {
    return this.byOwner.has(owner);
  }

  insertBuild(b: BuildRec): void {
    if (this.builds.has(b.id)) throw new Error(`build ${b.id} already exists`);
    this.builds.set(b.id, b);
    (this.byProject.get(b.project) as BuildIndex).insert(b);
    (this.byOwner.get(b.project.owner) as BuildIndex).insert(b);
    this.all.insert(b);
    if (b.id >= this.nextBuildId) this.nextBuildId = b.id + 1;
  }

  allocateBuildId(): number {
    return this.nextBuildId++;
  }

  /** Materialises scheduled arrivals up to `t` (called before every request and after every advance). */
  sync(t: number): void {
    const a = this.arrivals;
    while (a && a.nextAt <= t) {
      const r = rngFor('arrival', this.seed, a.count);
      const outcome: Record<string, ChrootOutcome> = {};
      let failureKind: FailureKind | undefined;
      if (r() < 0.3) {
        outcome[pick(r, a.project.chroots)] = 'failed';
        failureKind = pick(r, FAILURE_KINDS);
      }
      this.createBuild(
        {
          owner: a.project.owner, project: a.project.name, package: a.pkg, version: `4.20.${a.count + 1}-1`,
          submitter: 'rpm-bot', outcome, failureKind, durationSeconds: int(r, 240, 900),
        },
        a.nextAt,
        r,
      );
      a.count++;
      a.nextAt += a.interval;
    }
  }

  addBuild(spec: BuildSpec): number {
    const t = Math.floor(this.now());
    this.sync(t);
    return this.createBuild(spec, t, this.rng).id;
  }

  private createBuild(spec: BuildSpec, t: number, rng: Rng): BuildRec {
    const project = this.getProject(spec.owner, spec.project) ?? this.addProject(spec.owner, spec.project, spec.chroots ?? ['fedora-rawhide-x86_64']);
    const names = spec.chroots ?? project.chroots;
    const duration = spec.durationSeconds ?? 300;
    const importEndAt = t + 60;
    const chroots: ChrootRec[] = names.map((name) => {
      const outcome = spec.outcome?.[name] ?? 'succeeded';
      const runAt = importEndAt + 50;
      const instant = outcome === 'skipped' || outcome === 'forked';
      return {
        name, outcome,
        failureKind: outcome === 'failed' ? (spec.failureKind ?? pick(rng, FAILURE_KINDS)) : null,
        pendingAt: importEndAt, startAt: instant ? importEndAt : importEndAt + 30, runAt: instant ? importEndAt : runAt,
        endAt: instant ? importEndAt : runAt + duration, onCancel: 'keep', forced: null,
      };
    });
    const b: BuildRec = {
      id: this.allocateBuildId(), project, dirname: spec.dirname ?? project.name, pkg: spec.package ?? 'hello',
      version: spec.version ?? '1.0-1', submitter: spec.submitter === undefined ? 'simuser' : spec.submitter,
      submittedOn: t, importEndAt, canceledAt: null, chroots,
    };
    if (typeof spec.resultDirUrl === 'string') b.fixedResultDirUrl = spec.resultDirUrl;
    else if (spec.resultDirUrl) b.resultDirUrls = { ...spec.resultDirUrl };
    if (spec.gitHash !== undefined) b.fixedGitHash = spec.gitHash;
    if (spec.chrootsWhileImporting) b.chrootsWhileImporting = true;
    if (spec.srpmFailure) b.srpmFailure = spec.srpmFailure;
    this.insertBuild(b);
    return b;
  }

  private invalidate(b: BuildRec): void {
    this.byProject.get(b.project)?.invalidate();
    this.byOwner.get(b.project.owner)?.invalidate();
    this.all.invalidate();
  }

  mustGetBuild(id: number): BuildRec {
    const b = this.builds.get(id);
    if (!b) throw new Error(`no build ${id}`);
    return b;
  }

  /** Forces a chroot's state from now on (it no longer follows its plan). Reveals the chroots if still importing. */
  setChrootState(buildId: number, chroot: string, state: TaskState): void {
    const t = Math.floor(this.now());
    const b = this.mustGetBuild(buildId);
    const c = b.chroots.find((x) => x.name === chroot);
    if (!c) throw new Error(`build ${buildId} has no chroot ${chroot}`);
    if (b.importEndAt > t) {
      b.importEndAt = t;
      this.invalidate(b);
    }
    const before = chrootAt(b, c, t);
    const startsIt = ['starting', 'running', 'succeeded', 'failed', 'forked', 'skipped'].includes(state);
    const started_on = startsIt ? (before.started_on ?? t) : null;
    // A chroot canceled through the backend keeps ended_on null (backend_general.py), like unfinished ones.
    const ended_on = isFinal(state) && state !== 'canceled' ? (before.ended_on ?? t) : null;
    c.forced = { state, started_on, ended_on };
    if (state === 'failed' && !c.failureKind) c.failureKind = 'build-error';
  }

  cancelBuild(buildId: number): void {
    const b = this.mustGetBuild(buildId);
    if (b.canceledAt === null) {
      b.canceledAt = Math.floor(this.now());
      this.invalidate(b);
    }
  }

  view(id: number, t = Math.floor(this.now())): BuildView | undefined {
    const b = this.builds.get(id);
    return b ? buildAt(b, t) : undefined;
  }

  failureKindOf(buildId: number, chroot: string): FailureKind | null {
    const v = this.view(buildId);
    const c = v?.chroots.find((x) => x.rec.name === chroot);
    if (!c || c.state !== 'failed' || c.canceledWhileRunning) return null;
    return c.rec.failureKind;
  }

  /** Fast bulk history: finished builds, one package, mostly succeeded; ids continue from the newest. */
  populate(spec: PopulateSpec): number[] {
    const owner = spec.owner ?? 'bench';
    const chroots = ALL_CHROOTS.slice(0, Math.min(spec.chroots, ALL_CHROOTS.length));
    while (chroots.length < spec.chroots) chroots.push(`fedora-${chroots.length}-x86_64`);
    const project = this.getProject(owner, spec.project) ?? this.addProject(owner, spec.project, chroots);
    const rng = rngFor('populate', this.seed, owner, spec.project);
    const t = Math.floor(this.now());
    const ids: number[] = [];
    for (let i = 0; i < spec.builds; i++) {
      const submitted = t - (spec.quietSeconds ?? 0) - (spec.builds - i) * 3600;
      const importEndAt = submitted + 60;
      const failedAt = rng() < 0.15 ? int(rng, 0, chroots.length - 1) : -1;
      const b: BuildRec = {
        id: this.allocateBuildId(), project, dirname: project.name, pkg: spec.packages?.[i % spec.packages.length] ?? 'bench-pkg', version: `1.${i}-1`,
        submitter: 'bench', submittedOn: submitted, importEndAt, canceledAt: null,
        chroots: chroots.map((name, k) => ({
          name, outcome: k === failedAt ? 'failed' : 'succeeded', failureKind: k === failedAt ? pick(rng, FAILURE_KINDS) : null,
          pendingAt: importEndAt, startAt: importEndAt + 30, runAt: importEndAt + 50, endAt: importEndAt + 50 + int(rng, 120, 1800),
          onCancel: 'keep', forced: null,
        })),
      };
      this.insertBuild(b);
      ids.push(b.id);
    }
    return ids;
  }
}
