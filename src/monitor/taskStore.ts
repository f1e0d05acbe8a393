// The one store of what is known about the monitored builds. The scheduler writes it; the tree, the status bar,
// notifications and the details panel read it and listen to it. Writes are collected and announced in one
// StoreChange per flush(), so a poll cycle refreshes each changed row once.
import type { Build, BuildTask } from '../api/types';
import type { CoprError } from '../api/errors';
import { isActiveState } from '../api/states';
import { Emitter, type Event } from '../common/event';
import type { IDisposable } from '../common/lifecycle';
import { sourceStageFailed, sourceStageTask, SRPM_STAGE } from '../triage/sourceStage';
import type { Scope } from './scopes';

export interface ProjectListing {
  fullName: string;
  owner: string;
  name: string;
  /** Newest first. */
  buildIds: number[];
  hasMore: boolean;
}

export interface ScopeState {
  scope: Scope;
  key: string;
  status: 'loading' | 'ok' | 'error';
  error?: CoprError;
  /** Full names; owner scope: its projects; project scope: itself; build scope: none. */
  projects: string[];
  /** Clock time of the last successful load. */
  lastOk?: number;
}

/** What changed: build ids, project full names, scope keys ('watched' when the watched list changed). */
export interface StoreChange {
  builds: number[];
  projects: string[];
  scopes: string[];
}

export interface FailedTask {
  build: Build;
  task: BuildTask;
  acknowledged: boolean;
  reason?: string;
  /** 'source': the build's source (SRPM) stage failed, so it has no chroot; `task` then stands for that stage. */
  stage?: 'source';
}

export const WATCHED_KEY = 'watched';

interface FailureEntry {
  buildId: number;
  chroot: string;
  acknowledged: boolean;
}

const taskKey = (buildId: number, chroot: string) => `${buildId}/${chroot}`;

export class TaskStore implements IDisposable {
  readonly #changeEmitter = new Emitter<StoreChange>();
  readonly onDidChange: Event<StoreChange> = this.#changeEmitter.event;
  readonly #resetEmitter = new Emitter<void>();
  /** Fired by reset() (server changed): owners of derived state (the scheduler) start over. */
  readonly onDidReset: Event<void> = this.#resetEmitter.event;

  #scopeMap = new Map<string, ScopeState>();
  #projectMap = new Map<string, ProjectListing>();
  #buildMap = new Map<number, Build>();
  #taskMap = new Map<number, BuildTask[]>();
  #failureMap = new Map<string, FailureEntry>();
  #reasonMap = new Map<string, string>();
  #watchedIds: number[] = [];
  #pending = { builds: new Set<number>(), projects: new Set<string>(), scopes: new Set<string>() };

  // ---- reads

  scopes(): ScopeState[] {
    return [...this.#scopeMap.values()];
  }

  scopeState(key: string): ScopeState | undefined {
    return this.#scopeMap.get(key);
  }

  project(fullName: string): ProjectListing | undefined {
    return this.#projectMap.get(fullName);
  }

  projectNames(): string[] {
    return [...this.#projectMap.keys()];
  }

  build(id: number): Build | undefined {
    return this.#buildMap.get(id);
  }

  buildIds(): number[] {
    return [...this.#buildMap.keys()];
  }

  /** undefined = not loaded. */
  tasks(buildId: number): BuildTask[] | undefined {
    return this.#taskMap.get(buildId);
  }

  /**
   * Failed chroots of builds seen in progress this session, newest build first; a build whose source (SRPM) stage
   * failed has no chroot and counts once, under SRPM_STAGE.
   */
  failures(): FailedTask[] {
    const out: FailedTask[] = [];
    for (const f of this.#failureMap.values()) {
      const build = this.#buildMap.get(f.buildId);
      if (!build) continue;
      const source = f.chroot === SRPM_STAGE;
      const task = source
        ? sourceStageFailed(build, this.#taskMap.get(f.buildId)) ? sourceStageTask(build) : undefined
        : this.#taskMap.get(f.buildId)?.find((t) => t.chroot_name === f.chroot);
      if (!task) continue;
      const item: FailedTask = { build, task, acknowledged: f.acknowledged };
      const reason = this.#reasonMap.get(taskKey(f.buildId, f.chroot));
      if (reason !== undefined) item.reason = reason;
      if (source) item.stage = 'source';
      out.push(item);
    }
    return out.sort((a, b) => b.build.id - a.build.id || a.task.chroot_name.localeCompare(b.task.chroot_name));
  }

  /** running: builds running or starting; active: builds in any in-progress state; failed: failures(). */
  counts(): { running: number; active: number; failed: number; unacknowledged: number } {
    let running = 0;
    let active = 0;
    for (const b of this.#buildMap.values()) {
      if (isActiveState(b.state)) active++;
      if (b.state === 'running' || b.state === 'starting') running++;
    }
    const failures = this.failures();
    return { running, active, failed: failures.length, unacknowledged: failures.filter((f) => !f.acknowledged).length };
  }

  reasonOf(buildId: number, chroot: string): string | undefined {
    return this.#reasonMap.get(taskKey(buildId, chroot));
  }

  watched(): number[] {
    return [...this.#watchedIds];
  }

  // ---- writes by consumers

  acknowledgeFailures(): void {
    for (const f of this.#failureMap.values()) {
      if (!f.acknowledged) {
        f.acknowledged = true;
        this.#pending.builds.add(f.buildId);
      }
    }
    this.flush();
  }

  setReason(buildId: number, chroot: string, reason: string): void {
    const key = taskKey(buildId, chroot);
    if (this.#reasonMap.get(key) === reason) return;
    this.#reasonMap.set(key, reason);
    this.#pending.builds.add(buildId);
    this.flush();
  }

  /** Forget everything (the server changed). */
  reset(): void {
    for (const k of this.#scopeMap.keys()) this.#pending.scopes.add(k);
    for (const k of this.#projectMap.keys()) this.#pending.projects.add(k);
    for (const k of this.#buildMap.keys()) this.#pending.builds.add(k);
    this.#scopeMap.clear();
    this.#projectMap.clear();
    this.#buildMap.clear();
    this.#taskMap.clear();
    this.#failureMap.clear();
    this.#reasonMap.clear();
    if (this.#watchedIds.length) this.#pending.scopes.add(WATCHED_KEY);
    this.#watchedIds = [];
    this.#resetEmitter.fire();
    this.flush();
  }

  // ---- writes by the scheduler (nothing else should call these)

  setScopeState(state: ScopeState): void {
    this.#scopeMap.set(state.key, state);
    this.#pending.scopes.add(state.key);
  }

  /** Records a successful reload that changed nothing: no change event (the tree would redraw everything). */
  touchScope(key: string, now: number): void {
    const s = this.#scopeMap.get(key);
    if (s) this.#scopeMap.set(key, { ...s, lastOk: now });
  }

  /** Keeps only these scope keys, in this order. */
  retainScopes(keys: readonly string[]): void {
    const next = new Map<string, ScopeState>();
    for (const k of keys) {
      const s = this.#scopeMap.get(k);
      if (s) next.set(k, s);
    }
    for (const k of this.#scopeMap.keys()) if (!next.has(k)) this.#pending.scopes.add(k);
    this.#scopeMap = next;
  }

  setProject(listing: ProjectListing): void {
    const old = this.#projectMap.get(listing.fullName);
    if (old && old.hasMore === listing.hasMore && sameNumbers(old.buildIds, listing.buildIds)) return;
    this.#projectMap.set(listing.fullName, listing);
    this.#pending.projects.add(listing.fullName);
  }

  deleteProject(fullName: string): void {
    if (this.#projectMap.delete(fullName)) this.#pending.projects.add(fullName);
  }

  putBuild(build: Build): void {
    const old = this.#buildMap.get(build.id);
    if (old && sameBuild(old, build)) return;
    this.#buildMap.set(build.id, build);
    this.#pending.builds.add(build.id);
  }

  putTasks(buildId: number, tasks: BuildTask[]): void {
    const old = this.#taskMap.get(buildId);
    if (old && sameTasks(old, tasks)) return;
    this.#taskMap.set(buildId, tasks);
    this.#pending.builds.add(buildId);
  }

  deleteBuild(id: number): void {
    const had = this.#buildMap.delete(id);
    this.#taskMap.delete(id);
    for (const [k, f] of this.#failureMap) if (f.buildId === id) this.#failureMap.delete(k);
    for (const k of this.#reasonMap.keys()) if (k.startsWith(`${id}/`)) this.#reasonMap.delete(k);
    if (had) this.#pending.builds.add(id);
  }

  addFailure(buildId: number, chroot: string, acknowledged: boolean): void {
    const key = taskKey(buildId, chroot);
    if (this.#failureMap.has(key)) return;
    this.#failureMap.set(key, { buildId, chroot, acknowledged });
    this.#pending.builds.add(buildId);
  }

  setWatched(ids: readonly number[]): void {
    if (sameNumbers(this.#watchedIds, ids)) return;
    this.#watchedIds = [...ids];
    this.#pending.scopes.add(WATCHED_KEY);
  }

  /** Announces the writes since the last flush, if any. */
  flush(): void {
    const p = this.#pending;
    if (!p.builds.size && !p.projects.size && !p.scopes.size) return;
    this.#pending = { builds: new Set(), projects: new Set(), scopes: new Set() };
    this.#changeEmitter.fire({ builds: [...p.builds], projects: [...p.projects], scopes: [...p.scopes] });
  }

  dispose(): void {
    this.#changeEmitter.dispose();
    this.#resetEmitter.dispose();
  }
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameBuild(a: Build, b: Build): boolean {
  return (
    a.state === b.state &&
    a.ended_on === b.ended_on &&
    a.started_on === b.started_on &&
    a.package_name === b.package_name &&
    a.package_version === b.package_version &&
    a.submitter === b.submitter &&
    a.submitted_on === b.submitted_on &&
    a.dirname === b.dirname &&
    a.owner === b.owner &&
    a.project === b.project &&
    a.project_id === b.project_id &&
    a.chroots.length === b.chroots.length &&
    a.chroots.every((c, i) => c === b.chroots[i])
  );
}

function sameTasks(a: readonly BuildTask[], b: readonly BuildTask[]): boolean {
  return (
    a.length === b.length &&
    a.every((t, i) => {
      const u = b[i];
      return (
        t.chroot_name === u.chroot_name &&
        t.state === u.state &&
        t.started_on === u.started_on &&
        t.ended_on === u.ended_on &&
        t.result_dir_url === u.result_dir_url &&
        t.git_hash === u.git_hash
      );
    })
  );
}
