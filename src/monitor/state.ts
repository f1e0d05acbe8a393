// What the scheduler remembers beside the store: what it was asked to follow (scopes, watched builds) and, per
// build and per project, the facts that decide what to ask next. The planner reads a plain snapshot of it; the
// appliers write it together with the store.
import { isFinalState } from '../api/states';
import { projectFullName, scopeKey, type Scope } from './scopes';
import type { TaskStore } from './taskStore';

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
}

export interface RequestCounts {
  listProjects: number;
  listBuilds: number;
  listBuildTasks: number;
  getBuild: number;
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
}

export class MonitorState {
  configured: Scope[] = [];
  readonly watchedIds = new Set<number>();
  readonly builds = new Map<number, BuildRuntime>();
  readonly projects = new Map<string, ProjectRuntime>();
  readonly ownerListedAt = new Map<string, number>();

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
  }
}
