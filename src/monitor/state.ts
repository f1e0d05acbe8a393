// What the scheduler remembers beside the store: what it was asked to follow (scopes, watched builds) and, per
// build and per project, the facts that decide what to ask next. The planner reads a plain snapshot of it; the
// appliers write it together with the store.
import type { Build } from '../api/types';
import { isFinalState } from '../api/states';
import { BYTES, type MonitorFacts } from './planner';
import { projectFullName, scopeKey, splitFullName, type Scope } from './scopes';
import type { TaskStore } from './taskStore';

/** Share of shown builds assumed to change between two monitor answers, before a project's answers tell. */
export const INITIAL_CHANGE_RATE = 0.3;

export interface BuildRuntime {
  /** Seen unfinished (or born) while monitoring: its end is announced. */
  live: boolean;
  announced: boolean;
  /** Turned final but its chroots were last read while it ran. */
  needsFinalTasks: boolean;
  /** First seen at a start-up load: failures found then are old news. Cleared when that load ends. */
  baseline: boolean;
  taskPolls: number;
}

export interface ProjectRuntime {
  loaded: boolean;
  pageAt?: number;
  maxId: number;
  /** Dormant: its own idle period (planner.ts dormantPeriod). */
  idleMs?: number;
  /** What its last monitor answer taught (planner.ts MonitorFacts). */
  learned?: { packages: number; entries: number; changeRate: number };
  /** Its monitor failed with an error of its own (not an outage): its builds are polled one by one. */
  noMonitor?: boolean;
}

export interface RequestCounts {
  listProjects: number;
  listBuilds: number;
  listBuildTasks: number;
  getBuild: number;
  /** Present once a monitor request was made. */
  monitor?: number;
}

export const zeroCounts = (): RequestCounts => ({ listProjects: 0, listBuilds: 0, listBuildTasks: 0, getBuild: 0 });

/** One cycle's (or one on-demand load's) requests and findings. */
export interface CallContext {
  signal: AbortSignal;
  counts: RequestCounts;
  /** Builds whose record was read in this context. */
  covered: Set<number>;
  firstSeen: Set<number>;
  failed: Array<{ buildId: number; chroot: string }>;
  now: number;
  /** Builds this cycle's monitor showed unchanged: their chroot lists are not asked. */
  unchanged: Set<number>;
  /** Builds this cycle's monitor showed in every chroot. */
  shown: Set<number>;
  /** Projects whose monitor showed a build newer than their page: their page is asked in this cycle too. */
  news: Set<string>;
  /** Projects whose newest page was read in this cycle. */
  paged: Set<string>;
}

export class MonitorState {
  configured: Scope[] = [];
  readonly watchedIds = new Set<number>();
  readonly builds = new Map<number, BuildRuntime>();
  readonly projects = new Map<string, ProjectRuntime>();
  readonly ownerListedAt = new Map<string, number>();
  /** The server has no monitor (API v2). */
  noMonitor = false;

  constructor(readonly store: TaskStore) {}

  needsPolling(id: number): boolean {
    const b = this.store.build(id);
    if (!b) return false;
    return !isFinalState(b.state) || (this.builds.get(id)?.needsFinalTasks ?? false);
  }

  unseenFollowed(): boolean {
    for (const id of this.followedIds()) if (!this.store.build(id)) return true;
    return false;
  }

  followedIds(): Set<number> {
    const ids = new Set(this.watchedIds);
    for (const s of this.configured) if (s.kind === 'build') ids.add(s.buildId);
    return ids;
  }

  scopedProjectNames(): string[] {
    const names = new Set<string>();
    for (const s of this.configured) {
      if (s.kind === 'project') names.add(projectFullName(s.owner, s.project));
      else if (s.kind === 'owner') for (const p of this.store.scopeState(scopeKey(s))?.projects ?? []) names.add(p);
    }
    return [...names];
  }

  /** Forgets projects and builds no longer reachable from a scope, a watch, or an unannounced end in scope. */
  prune(): void {
    const store = this.store;
    const projects = new Set(this.scopedProjectNames());
    for (const name of store.projectNames()) {
      if (!projects.has(name)) {
        store.deleteProject(name);
        this.projects.delete(name);
      }
    }
    for (const name of [...this.projects.keys()]) if (!projects.has(name)) this.projects.delete(name);
    const keep = this.followedIds();
    for (const name of projects) for (const id of store.project(name)?.buildIds ?? []) keep.add(id);
    for (const id of store.buildIds()) {
      if (keep.has(id)) continue;
      const b = store.build(id);
      const rt = this.builds.get(id);
      const pending = rt && rt.live && (!rt.announced || this.needsPolling(id));
      if (b && pending && projects.has(projectFullName(b.owner, b.project))) continue; // pushed off its page, still followed to its end
      store.deleteBuild(id);
      this.builds.delete(id);
    }
  }

  /** The store was reset (server changed): nothing known is true any more. */
  forget(): void {
    this.builds.clear();
    this.projects.clear();
    this.ownerListedAt.clear();
    this.watchedIds.clear();
    this.configured = [];
    this.noMonitor = false;
  }

  /**
   * What the planner weighs for a project's monitor: its unfinished builds the monitor can show (main directory,
   * newest known build of their package, chroots known), and its size, learned or estimated from its builds.
   * Undefined when the monitor cannot help (no such build, or no monitor).
   */
  monitorFacts(name: string): MonitorFacts | undefined {
    const rt = this.projects.get(name);
    if (this.noMonitor || !rt?.loaded || rt.noMonitor) return undefined;
    const { owner, name: project } = splitFullName(name);
    const mine = this.store.buildIds().map((id) => this.store.build(id) as Build).filter((b) => b.owner === owner && b.project === project);
    const newest = new Map<string, number>();
    let chroots = 0;
    for (const b of mine) {
      chroots = Math.max(chroots, b.chroots.length);
      if (b.dirname === project && b.package_name !== null) newest.set(b.package_name, Math.max(newest.get(b.package_name) ?? 0, b.id));
    }
    const builds: MonitorFacts['builds'][number][] = [];
    let hidden = 0;
    for (const b of mine) {
      if (!this.needsPolling(b.id)) continue;
      const shown = b.dirname === project && b.package_name !== null && newest.get(b.package_name) === b.id && b.chroots.length > 0;
      if (shown) builds.push({ id: b.id, chroots: b.chroots.length });
      else hidden++;
    }
    if (builds.length === 0) return undefined;
    const pageBytes = (this.store.project(name)?.buildIds.length ?? 0) * BYTES.build;
    if (rt.learned) return { name, builds, hidden, pageBytes, ...rt.learned };
    // Never asked: as many packages as its known builds show, unless they are nearly all different (a page of
    // distinct packages says nothing about how many more there are).
    const listing = this.store.project(name);
    const known = listing?.buildIds.length ?? 0;
    const many = (listing?.hasMore ?? false) && newest.size * 2 > known;
    const packages = many ? Number.POSITIVE_INFINITY : newest.size;
    return { name, builds, hidden, pageBytes, packages, entries: packages * chroots, changeRate: INITIAL_CHANGE_RATE };
  }
}
