// An in-memory Copr for scheduler tests: the scheduler's seam (CoprSource), scripted step by step, counting calls.
// Build state follows copr-api.md §4 on its own (not the code under test): canceled wins, then the source state,
// then chroot states in Copr's priority order.
import type { MonitorPackage, MonitorQuery } from '../../../src/api/monitor';
import type { Build, BuildTask, Project, TaskState } from '../../../src/api/types';
import { CoprError } from '../../../src/api/errors';
import type { CoprSource } from '../../../src/monitor/source';

type Method = 'listProjects' | 'listBuilds' | 'listBuildTasks' | 'getBuild' | 'monitor';

interface ScriptedBuild {
  id: number;
  owner: string;
  project: string;
  pkg: string;
  version: string;
  /** Its project directory (the project's name unless a Packit-style `name:pr:N`). */
  dirname: string;
  chroots: string[];
  tasks: Map<string, TaskState>;
  /** While set, the SRPM/import phase decides the build state and chroots are hidden ([]) when 'importing'. */
  source: TaskState | undefined;
  canceled: boolean;
}

export interface Call {
  method: Method;
  arg: string;
}

export class ScriptedCopr implements CoprSource {
  readonly calls: Call[] = [];
  private readonly projects = new Map<string, string[]>();
  private readonly builds = new Map<number, ScriptedBuild>();
  private nextId = 1000;
  /** While set, every call fails with it. */
  down: CoprError | undefined;
  /** Then this many calls fail with `failError`. */
  private failCount = 0;
  private failError: CoprError | undefined;
  now = 1_736_150_400;
  /** Present only when asked for (`new ScriptedCopr({ monitor: true })`): a Copr with /api_3/monitor. */
  monitor?: (q: MonitorQuery) => Promise<MonitorPackage[] | null>;

  constructor(opts: { monitor?: boolean } = {}) {
    if (opts.monitor) this.monitor = (q) => this.monitorOf(q);
  }

  addProject(owner: string, name: string): string {
    const list = this.projects.get(owner) ?? [];
    if (!list.includes(name)) list.push(name);
    this.projects.set(owner, list);
    return `${owner}/${name}`;
  }

  /** A build in `fullName` with these chroots in `state` (default pending); `importing` hides its chroots. */
  addBuild(
    fullName: string,
    chroots: string[],
    opts: { state?: TaskState; importing?: boolean; pkg?: string; version?: string; id?: number; dirname?: string } = {},
  ): number {
    const slash = fullName.indexOf('/');
    const id = opts.id ?? this.nextId++;
    this.nextId = Math.max(this.nextId, id + 1);
    this.builds.set(id, {
      id,
      owner: fullName.slice(0, slash),
      project: fullName.slice(slash + 1),
      pkg: opts.pkg ?? `pkg${id}`,
      version: opts.version ?? '1.0-1',
      dirname: opts.dirname ?? fullName.slice(slash + 1),
      chroots,
      tasks: new Map(chroots.map((c) => [c, opts.state ?? 'pending'])),
      source: opts.importing ? 'importing' : undefined,
      canceled: false,
    });
    return id;
  }

  finishImport(id: number): void {
    this.get(id).source = undefined;
  }

  setSource(id: number, state: TaskState | undefined): void {
    this.get(id).source = state;
  }

  setChroot(id: number, chroot: string, state: TaskState): void {
    const b = this.get(id);
    if (!b.tasks.has(chroot)) throw new Error(`no chroot ${chroot} in ${id}`);
    b.tasks.set(chroot, state);
  }

  chrootState(id: number, chroot: string): TaskState | undefined {
    return this.get(id).tasks.get(chroot);
  }

  setAll(id: number, state: TaskState): void {
    const b = this.get(id);
    for (const c of b.chroots) b.tasks.set(c, state);
  }

  cancel(id: number): void {
    const b = this.get(id);
    b.canceled = true;
    for (const [c, s] of b.tasks) if (['waiting', 'pending', 'starting', 'running', 'importing'].includes(s)) b.tasks.set(c, 'canceled');
  }

  remove(id: number): void {
    this.builds.delete(id);
  }

  failNext(error: CoprError, count = 1): void {
    this.failError = error;
    this.failCount = count;
  }

  count(method?: Method): number {
    return method ? this.calls.filter((c) => c.method === method).length : this.calls.length;
  }

  resetCalls(): void {
    this.calls.length = 0;
  }

  stateOf(id: number): TaskState {
    const b = this.get(id);
    if (b.canceled) return 'canceled';
    if (b.source) return b.source;
    const states = [...b.tasks.values()];
    for (const s of ['running', 'starting', 'pending', 'failed', 'succeeded', 'skipped', 'forked'] as const) if (states.includes(s)) return s;
    if (states.length && states.every((s) => s === 'waiting')) return 'pending';
    return states.length ? 'unknown' : 'waiting';
  }

  // ---- CoprSource

  async listProjects(owner: string): Promise<Project[]> {
    this.enter('listProjects', owner);
    return (this.projects.get(owner) ?? []).map((name) => ({ id: null, owner, name, full_name: `${owner}/${name}`, chroots: [] }));
  }

  async listBuilds(q: { owner?: string; project?: string; offset?: number; limit?: number }): Promise<Build[]> {
    this.enter('listBuilds', q.project ?? q.owner ?? '');
    const all = [...this.builds.values()]
      .filter((b) => (q.project ? `${b.owner}/${b.project}` === q.project : b.owner === q.owner))
      .sort((a, b) => b.id - a.id);
    const offset = q.offset ?? 0;
    return all.slice(offset, offset + (q.limit ?? 100)).map((b) => this.record(b));
  }

  async listBuildTasks(q: { buildId: number }): Promise<BuildTask[]> {
    this.enter('listBuildTasks', String(q.buildId));
    const b = this.builds.get(q.buildId);
    if (!b) throw new CoprError('not-found', `Build ${q.buildId} does not exist.`, undefined, 404);
    if (b.source === 'importing') return [];
    return [...b.tasks].map(([chroot, state]) => ({
      chroot_name: chroot,
      build_id: b.id,
      state,
      started_on: state === 'waiting' || state === 'pending' ? null : this.now - 60,
      ended_on: ['succeeded', 'failed', 'canceled', 'skipped', 'forked'].includes(state) ? this.now : null,
      result_dir_url: null,
      git_hash: null,
    }));
  }

  async getBuild(id: number): Promise<Build> {
    this.enter('getBuild', String(id));
    const b = this.builds.get(id);
    if (!b) throw new CoprError('not-found', `Build ${id} does not exist.`, undefined, 404);
    return this.record(b);
  }

  /** Copr's monitor (apiv3_monitor.py): per package of the main directory and per chroot, its latest build there. */
  private async monitorOf(q: MonitorQuery): Promise<MonitorPackage[]> {
    this.enter('monitor', q.project);
    const slash = q.project.indexOf('/');
    const [owner, name] = [q.project.slice(0, slash), q.project.slice(slash + 1)];
    const dir = q.dirname ?? name;
    const latest = new Map<string, Map<string, MonitorPackage['chroots'][number]>>();
    const builds = [...this.builds.values()].filter((b) => b.owner === owner && b.project === name && b.dirname === dir && b.source !== 'importing');
    for (const b of builds.sort((x, y) => y.id - x.id)) {
      const chroots = latest.get(b.pkg) ?? new Map();
      latest.set(b.pkg, chroots);
      for (const [chroot, state] of b.tasks) if (!chroots.has(chroot)) chroots.set(chroot, { chroot, state, buildId: b.id, pkgVersion: b.version });
    }
    return [...latest.keys()].sort().map((pkg) => ({ name: pkg, chroots: [...(latest.get(pkg)?.values() ?? [])] }));
  }

  private enter(method: Method, arg: string): void {
    this.calls.push({ method, arg });
    if (this.down) throw this.down;
    if (this.failCount > 0 && this.failError) {
      this.failCount--;
      throw this.failError;
    }
  }

  private record(b: ScriptedBuild): Build {
    const state = this.stateOf(b.id);
    return {
      id: b.id,
      owner: b.owner,
      project: b.project,
      dirname: b.dirname,
      package_name: b.source === 'importing' ? null : b.pkg,
      package_version: b.source === 'importing' ? null : b.version,
      submitter: 'alice',
      submitted_on: this.now - 600,
      started_on: null,
      ended_on: ['succeeded', 'failed', 'canceled', 'skipped', 'forked'].includes(state) ? this.now : null,
      state,
      chroots: b.source === 'importing' ? [] : [...b.chroots],
      project_id: null,
    };
  }

  private get(id: number): ScriptedBuild {
    const b = this.builds.get(id);
    if (!b) throw new Error(`no build ${id}`);
    return b;
  }
}
