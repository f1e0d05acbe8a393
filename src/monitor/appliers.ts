// Answers into the store: an owner's project list, a page of builds, a build record, a chroot list, a build that is
// gone. Each applier also keeps the scheduler's own facts (state.ts) and collects what a cycle reports: chroots that
// newly failed and builds that ended while watched.
import type { MonitorPackage } from '../api/monitor';
import type { Build, BuildTask, Project, TaskState } from '../api/types';
import type { CoprError } from '../api/errors';
import { isFinalState } from '../api/states';
import type { Logger } from '../common/log';
import { sourceStageFailed, SRPM_STAGE } from '../triage/sourceStage';
import { asCoprError } from './executor';
import { dormantPeriod } from './planner';
import { projectFullName, scopeKey, splitFullName, type Scope } from './scopes';
import { INITIAL_CHANGE_RATE, type CallContext, type MonitorState } from './state';
import type { FailedTask, ProjectListing } from './taskStore';
import { allChrootsFinal, inferBuildState, latestEnd, newlyFailedChroots, type FinishedBuild } from './transitions';

export class Appliers {
    readonly #state: MonitorState;
  readonly #log: Logger;

  constructor(state: MonitorState, log: Logger) {
    this.#state = state;
    this.#log = log;
  }

  get #store() {
    return this.#state.store;
  }

  ownerProjects(scope: Extract<Scope, { kind: 'owner' }>, projects: readonly Project[], ctx: CallContext): void {
    const key = scopeKey(scope);
    this.#state.ownerListedAt.set(scope.owner, ctx.now);
    const names = projects.map((p) => p.full_name).sort((a, b) => a.localeCompare(b));
    const old = this.#store.scopeState(key);
    if (old && old.status === 'ok' && sameStrings(old.projects, names)) this.#store.touchScope(key, ctx.now);
    else this.#store.setScopeState({ scope, key, status: 'ok', projects: names, lastOk: ctx.now });
  }

  /**
   * A page of a project's builds: the newest (a refresh) or the next older one (load more). With `dormancy`, a
   * newest page decides the project's idle period; `wake` (a focus or user refresh) returns it to the normal one.
   */
  page(name: string, page: Build[], limit: number, ctx: CallContext, kind: 'newest' | 'older', dormancy?: { wake: boolean; idleMs: number }): void {
    let rt = this.#state.projects.get(name);
    if (!rt) {
      rt = { loaded: false, maxId: 0 };
      this.#state.projects.set(name, rt);
    }
    if (kind === 'newest') {
      ctx.paged.add(name);
      if (dormancy) {
        const unchanged = !dormancy.wake && rt.loaded && page.every((b) => b.id <= rt.maxId && isFinalState(b.state));
        const ended = page[0]?.ended_on ?? null;
        const ago = ended === null ? null : ctx.now - ended * 1000;
        rt.idleMs = dormantPeriod(rt.idleMs, dormancy.idleMs, { unchanged, newestEndedAgoMs: ago });
      }
    }
    for (const b of page) this.observeBuild(b, ctx, kind === 'newest' && rt.loaded && b.id > rt.maxId);
    const ids = page.map((b) => b.id);
    const old = this.#store.project(name);
    let buildIds: number[];
    let hasMore: boolean;
    if (kind === 'older') {
      const known = new Set(old?.buildIds ?? []);
      buildIds = [...(old?.buildIds ?? []), ...ids.filter((id) => !known.has(id))];
      hasMore = page.length >= limit;
    } else {
      const before = old?.buildIds ?? [];
      const oldest = ids.length ? Math.min(...ids) : Number.POSITIVE_INFINITY;
      const older = before.filter((id) => id < oldest);
      const gap = page.length >= limit && before.length > 0 && Math.max(...before) < oldest;
      buildIds = gap ? ids : [...ids, ...older];
      hasMore = gap || (older.length ? (old?.hasMore ?? false) : page.length >= limit);
      const cap = Math.max(before.length, ids.length);
      if (buildIds.length > cap) {
        buildIds = buildIds.slice(0, cap);
        hasMore = true;
      }
      rt.loaded = true;
      rt.pageAt = ctx.now;
      for (const id of ids) if (id > rt.maxId) rt.maxId = id;
      this.#markScopesOk(name, ctx.now);
    }
    const { owner, name: projectName } = splitFullName(name);
    const listing: ProjectListing = { fullName: name, owner, name: projectName, buildIds, hasMore };
    this.#store.setProject(listing);
  }

  /**
   * A project's monitor answer. A build it shows in every chroot in the states the store holds needs no chroot
   * list this cycle (one that changed gets its list); a build newer than the project's page knows asks for the page.
   */
  monitor(name: string, packages: readonly MonitorPackage[], ctx: CallContext): void {
    const rt = this.#state.projects.get(name);
    if (!rt) return;
    const shown = new Map<number, Map<string, TaskState>>();
    let entries = 0;
    for (const p of packages) {
      for (const c of p.chroots) {
        entries++;
        if (c.buildId > rt.maxId) ctx.news.add(name);
        let states = shown.get(c.buildId);
        if (!states) shown.set(c.buildId, (states = new Map()));
        states.set(c.chroot, c.state);
      }
    }
    let seen = 0;
    let changed = 0;
    for (const [id, states] of shown) {
      const build = this.#store.build(id);
      if (!build || !this.#state.needsPolling(id) || !build.chroots.every((c) => states.has(c))) continue;
      seen++;
      const tasks = this.#store.tasks(id);
      ctx.shown.add(id);
      if (tasks && tasks.length === states.size && tasks.every((t) => states.get(t.chroot_name) === t.state)) ctx.unchanged.add(id);
      else changed++;
    }
    const rate = rt.learned?.changeRate ?? INITIAL_CHANGE_RATE;
    rt.learned = { packages: packages.length, entries, changeRate: seen ? rate / 2 + changed / seen / 2 : rate };
  }

  /** A build record from a page or from getBuild. */
  observeBuild(build: Build, ctx: CallContext, born: boolean): void {
    const prev = this.#store.build(build.id);
    let rt = this.#state.builds.get(build.id);
    if (!rt) {
      rt = { live: born, announced: false, needsFinalTasks: false, baseline: !born, taskPolls: 0 };
      this.#state.builds.set(build.id, rt);
      if (!born) ctx.firstSeen.add(build.id);
    }
    if (!isFinalState(build.state)) rt.live = true;
    // Final is final: a stale record cannot reopen a build whose end we already inferred from its chroots.
    const next = prev && isFinalState(prev.state) && !isFinalState(build.state) ? { ...build, state: prev.state, ended_on: prev.ended_on } : build;
    const turnedFinal = isFinalState(next.state) && (!prev || !isFinalState(prev.state));
    if (turnedFinal && rt.live && next.chroots.length > 0 && !allChrootsFinal(this.#store.tasks(build.id) ?? [])) {
      rt.needsFinalTasks = true;
    }
    this.#store.putBuild(next);
    // A source (SRPM) stage that failed leaves the build without chroots: it is one failure, under that stage.
    if (turnedFinal && rt.live && sourceStageFailed(next, this.#store.tasks(build.id))) this.#store.addFailure(build.id, SRPM_STAGE, false);
    ctx.covered.add(build.id);
  }

  tasks(id: number, tasks: BuildTask[], ctx: CallContext): void {
    const build = this.#store.build(id);
    const rt = this.#state.builds.get(id);
    if (!build || !rt) return;
    const fresh = newlyFailedChroots(this.#store.tasks(id), tasks, { live: rt.live, baseline: rt.baseline });
    const freshNames = new Set(fresh.map((t) => t.chroot_name));
    this.#store.putTasks(id, tasks);
    if (rt.live) {
      for (const t of tasks) if (t.state === 'failed') this.#store.addFailure(id, t.chroot_name, !freshNames.has(t.chroot_name));
    }
    for (const t of fresh) ctx.failed.push({ buildId: id, chroot: t.chroot_name });
    if (!isFinalState(build.state) && allChrootsFinal(tasks)) {
      const state = inferBuildState(tasks) ?? build.state;
      this.#store.putBuild({ ...build, state, ended_on: build.ended_on ?? latestEnd(tasks) });
    } else if (!isFinalState(build.state) && ctx.shown.has(id) && !ctx.covered.has(id)) {
      // Followed by its monitor, its record is not re-read while it runs: its state and start follow from its
      // chroots as Copr derives them (the next page brings the record itself).
      const started = tasks.reduce<number | null>((m, t) => (t.started_on !== null && (m === null || t.started_on < m) ? t.started_on : m), null);
      this.#store.putBuild({ ...build, state: inferBuildState(tasks) ?? build.state, started_on: build.started_on ?? started });
    }
    if (allChrootsFinal(tasks) || isFinalState(this.#store.build(id)?.state ?? 'unknown')) rt.needsFinalTasks = false;
  }

  /** A build the server could not give: logged; dropped from the store and the watch list when it no longer exists. */
  dropBuild(id: number, e: unknown): CoprError {
    const error = asCoprError(e);
    this.#log.warn(`Build ${id}: ${error.message}`);
    if (error.kind !== 'not-found') return error;
    if (this.#state.watchedIds.delete(id)) this.#store.setWatched([...this.#state.watchedIds]);
    const b = this.#store.build(id);
    if (b) {
      const listing = this.#store.project(projectFullName(b.owner, b.project));
      if (listing?.buildIds.includes(id)) this.#store.setProject({ ...listing, buildIds: listing.buildIds.filter((x) => x !== id) });
    }
    this.#store.deleteBuild(id);
    this.#state.builds.delete(id);
    return error;
  }

  scopeError(key: string, e: unknown): void {
    const s = this.#store.scopeState(key);
    const error = asCoprError(e);
    this.#log.warn(`${key}: ${error.message}`);
    if (s) this.#store.setScopeState({ ...s, status: 'error', error });
  }

  projectError(fullName: string, e: unknown): void {
    const { owner, name } = splitFullName(fullName);
    const key = scopeKey({ kind: 'project', owner, project: name });
    if (this.#store.scopeState(key)) this.scopeError(key, e);
    else this.#log.warn(`${fullName}: ${asCoprError(e).message}`);
  }

  /** A failed cycle: scopes still loading show the error instead of spinning. */
  loadingFailed(error: CoprError): void {
    for (const s of this.#store.scopes()) {
      if (s.status === 'loading') this.#store.setScopeState({ ...s, status: 'error', error });
    }
    this.#store.flush();
  }

  /** Ends a start-up baseline and collects the new failures and the finished builds to announce. */
  finish(ctx: CallContext): { failed: FailedTask[]; finished: FinishedBuild[] } {
    for (const id of ctx.firstSeen) {
      const rt = this.#state.builds.get(id);
      if (rt) rt.baseline = false;
    }
    const failed: FailedTask[] = [];
    for (const f of ctx.failed) {
      const build = this.#store.build(f.buildId);
      const task = this.#store.tasks(f.buildId)?.find((t) => t.chroot_name === f.chroot);
      if (build && task) failed.push({ build, task, acknowledged: false });
    }
    const finished: FinishedBuild[] = [];
    for (const [id, rt] of this.#state.builds) {
      const build = this.#store.build(id);
      if (!build || !rt.live || rt.announced || rt.needsFinalTasks || !isFinalState(build.state)) continue;
      rt.announced = true;
      finished.push({ build, tasks: this.#store.tasks(id) ?? [] });
    }
    return { failed, finished };
  }

  #markScopesOk(fullName: string, now: number): void {
    const { owner, name } = splitFullName(fullName);
    const key = scopeKey({ kind: 'project', owner, project: name });
    const s = this.#store.scopeState(key);
    if (!s) return;
    if (s.status !== 'ok') this.#store.setScopeState({ scope: s.scope, key, status: 'ok', projects: s.projects, lastOk: now });
    else this.#store.touchScope(key, now);
  }
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
