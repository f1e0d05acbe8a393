// The one scheduler: decides what to ask the Copr server and when, writes the answers into the TaskStore, and
// reports the transitions that matter (chroots that fail, builds that finish) and the server's health.
//
// Each cycle asks only what can change:
//   - an owner's project list, at the idle cadence;
//   - one newest-builds page per project that has unfinished builds (every cycle) or whose page is older than the
//     idle cadence (this is how new builds are seen);
//   - one chroot list per unfinished build (final builds are never asked again), except builds whose chroots are
//     not known yet (importing): their build record comes with their project's page, or is asked for on its own
//     when the build is outside every page (a watched build, or one pushed off its page).
// Cycles are a setTimeout chain through the Clock, so tests and benchmarks run them on virtual time.

import type { Build, BuildTask } from '../api/types';
import { CoprError, isCoprError } from '../api/errors';
import { isFinalState } from '../api/states';
import type { Clock, TimerHandle } from '../common/clock';
import { Emitter, type Event } from '../common/event';
import { Disposable, toDisposable } from '../common/lifecycle';
import type { Logger } from '../common/log';
import { backoffDelay } from './backoff';
import { projectFullName, scopeKey, splitFullName, type Scope } from './scopes';
import type { CoprSource } from './source';
import type { FailedTask, ProjectListing, TaskStore } from './taskStore';
import { allChrootsFinal, inferBuildState, latestEnd, newlyFailedChroots, type FinishedBuild } from './transitions';

export type { FinishedBuild } from './transitions';

export interface MonitorSettings {
  pollIntervalSec: number;
  idleRefreshMinutes: number;
  maxBuilds: number;
}

export type Health =
  | { state: 'ok' }
  | { state: 'backoff'; error: CoprError; retryAt: number }
  | { state: 'blocked'; error: CoprError }
  /** The window has been unfocused for more than 30 minutes. */
  | { state: 'stopped' };

export interface RequestCounts {
  listProjects: number;
  listBuilds: number;
  listBuildTasks: number;
  getBuild: number;
}

export interface CycleStats {
  startedAt: number;
  endedAt: number;
  /** 'due' = a timer; 'pages' = focus came back; 'all' = the user asked. */
  level: RefreshLevel;
  requests: RequestCounts;
  outcome: 'ok' | 'outage' | 'blocked' | 'aborted';
  /** Builds still unfinished after the cycle. */
  unfinished: number;
}

type RefreshLevel = 'due' | 'pages' | 'all';

export interface PollSchedulerOptions {
  source: CoprSource;
  store: TaskStore;
  clock: Clock;
  settings: () => MonitorSettings;
  logger: Logger;
  random?: () => number;
}

export const UNFOCUSED_SLOWDOWN = 4;
export const UNFOCUSED_STOP_MS = 30 * 60_000;
/** Requests in flight at once within a cycle. */
const CONCURRENCY = 4;
/** A build outside every page gets its record checked every this many chroot polls (a cancel may leave chroots). */
const RECORD_CHECK_EVERY = 10;
const FOCUS_JITTER_PER_SCOPE_MS = 500;
const FOCUS_JITTER_MAX_MS = 5_000;

interface BuildRuntime {
  /** Seen unfinished (or born) while monitoring: its end is announced. */
  live: boolean;
  announced: boolean;
  /** Turned final but its chroots were last read while it ran. */
  needsFinalTasks: boolean;
  /** First seen at a start-up load: failures found then are old news. Cleared when that load ends. */
  baseline: boolean;
  taskPolls: number;
}

interface ProjectRuntime {
  loaded: boolean;
  pageAt?: number;
  maxId: number;
}

interface CallContext {
  signal: AbortSignal;
  counts: RequestCounts;
  /** Builds whose record was read in this context. */
  covered: Set<number>;
  firstSeen: Set<number>;
  failed: Array<{ buildId: number; chroot: string }>;
  now: number;
}

/** Chroots per request (the API's maximum page) and pages per build. */
const TASK_PAGE = 100;
const MAX_TASK_PAGES = 20;

const zeroCounts = (): RequestCounts => ({ listProjects: 0, listBuilds: 0, listBuildTasks: 0, getBuild: 0 });

export class PollScheduler extends Disposable {
  readonly #source: CoprSource;
  readonly #store: TaskStore;
  readonly #clock: Clock;
  readonly #readSettings: () => MonitorSettings;
  readonly #log: Logger;
  readonly #random: () => number;

  readonly #healthEmitter = this._register(new Emitter<Health>());
  readonly onDidChangeHealth: Event<Health> = this.#healthEmitter.event;
  readonly #failedEmitter = this._register(new Emitter<FailedTask[]>());
  readonly onChrootsFailed: Event<FailedTask[]> = this.#failedEmitter.event;
  readonly #finishedEmitter = this._register(new Emitter<FinishedBuild[]>());
  readonly onBuildsFinished: Event<FinishedBuild[]> = this.#finishedEmitter.event;
  readonly #cycleEmitter = this._register(new Emitter<CycleStats>());
  /** After every cycle, with its request counts (benchmarks and diagnostics). */
  readonly onDidCompleteCycle: Event<CycleStats> = this.#cycleEmitter.event;

  #configured: Scope[] = [];
  readonly #watchedIds = new Set<number>();
  readonly #builds = new Map<number, BuildRuntime>();
  readonly #projects = new Map<string, ProjectRuntime>();
  readonly #ownerListedAt = new Map<string, number>();
  readonly #taskLoads = new Map<number, Promise<BuildTask[]>>();
  readonly #totalCounts = zeroCounts();

  #healthValue: Health = { state: 'ok' };
  #backoffAttempt = 0;
  #retryDelayMs = 0;
  #focused = true;
  #timer: TimerHandle | undefined;
  #timerDue = 0;
  #stopTimer: TimerHandle | undefined;
  #lastCycleStart = Number.NEGATIVE_INFINITY;
  #lastCycleEnd = Number.NEGATIVE_INFINITY;
  #running: Promise<void> | undefined;
  #queued: { level: RefreshLevel; promise: Promise<void> } | undefined;
  readonly #aborts = new Set<AbortController>();

  constructor(opts: PollSchedulerOptions) {
    super();
    this.#source = opts.source;
    this.#store = opts.store;
    this.#clock = opts.clock;
    this.#readSettings = opts.settings;
    this.#log = opts.logger;
    this.#random = opts.random ?? Math.random;
    this._register(this.#store.onDidReset(() => this.#forgetEverything()));
    this._register(
      toDisposable(() => {
        this.#cancelTimer();
        this.#cancelStopTimer();
        for (const a of this.#aborts) a.abort();
        this.#aborts.clear();
      }),
    );
  }

  // ---- public API

  get health(): Health {
    return this.#healthValue;
  }

  /** Requests made since construction, cycles and on-demand loads together. */
  requestTotals(): RequestCounts {
    return { ...this.#totalCounts };
  }

  /** Resolves when no cycle is running or queued (benchmarks settle virtual time with it). */
  async whenIdle(): Promise<void> {
    while (this.#running || this.#queued) {
      await (this.#queued?.promise ?? this.#running)?.catch(() => undefined);
    }
  }

  /** Replaces the configured scopes (watched builds are kept) and loads what is new. */
  setScopes(scopes: Scope[]): void {
    if (this.isDisposed) return;
    const seen = new Set<string>();
    this.#configured = scopes.filter((s) => {
      const k = scopeKey(s);
      return seen.has(k) ? false : (seen.add(k), true);
    });
    const keys = this.#configured.map(scopeKey);
    this.#store.retainScopes(keys);
    for (const s of this.#configured) {
      const key = scopeKey(s);
      if (this.#store.scopeState(key)) continue;
      const projects = s.kind === 'project' ? [projectFullName(s.owner, s.project)] : [];
      this.#store.setScopeState({ scope: s, key, status: 'loading', projects });
    }
    for (const owner of [...this.#ownerListedAt.keys()]) if (!seen.has(`owner:${owner}`)) this.#ownerListedAt.delete(owner);
    this.#prune();
    this.#store.flush();
    this.#kick();
  }

  setFocused(focused: boolean): void {
    if (this.isDisposed || focused === this.#focused) return;
    this.#focused = focused;
    if (!focused) {
      this.#cancelStopTimer();
      this.#stopTimer = this.#clock.setTimeout(() => this.#stopForInactivity(), UNFOCUSED_STOP_MS);
      this.#rescheduleFromLastCycle();
      return;
    }
    this.#cancelStopTimer();
    const wasStopped = this.#healthValue.state === 'stopped';
    if (wasStopped) this.#setHealth({ state: 'ok' });
    if (this.#healthValue.state !== 'ok') return; // backoff keeps its timer; blocked waits for the user
    const stale = this.#clock.now() - this.#lastCycleStart >= this.#pollMs();
    if (wasStopped || stale) {
      const n = this.#configured.length;
      const jitter = n > 1 ? this.#random() * Math.min(FOCUS_JITTER_MAX_MS, FOCUS_JITTER_PER_SCOPE_MS * n) : 0;
      this.#setTimer(jitter, 'pages');
    } else {
      this.#rescheduleFromLastCycle();
    }
  }

  /** The user asked: everything now, also after 'blocked'. */
  refresh(): Promise<void> {
    if (this.isDisposed) return Promise.resolve();
    if (this.#healthValue.state === 'blocked' || this.#healthValue.state === 'stopped') this.#setHealth({ state: 'ok' });
    return this.#runCycle('all');
  }

  /** The next page of a project's builds (maxBuilds more). */
  async loadMore(projectFullName: string): Promise<void> {
    const listing = this.#store.project(projectFullName);
    if (!listing || this.isDisposed) return;
    this.#throwIfBlocked();
    const limit = this.#maxBuilds();
    await this.#adHoc(async (ctx) => {
      const page = await this.#call(ctx, 'listBuilds', () =>
        this.#source.listBuilds({ project: projectFullName, offset: listing.buildIds.length, limit, signal: ctx.signal }),
      );
      this.#applyPage(projectFullName, page, limit, ctx, 'older');
    });
  }

  /** A build's chroots, loaded on first need (an expanded row). Final builds are asked once. */
  ensureTasks(buildId: number): Promise<BuildTask[]> {
    const cached = this.#store.tasks(buildId);
    if (cached) return Promise.resolve(cached);
    const build = this.#store.build(buildId);
    if (build && build.chroots.length === 0) return Promise.resolve([]);
    const inFlight = this.#taskLoads.get(buildId);
    if (inFlight) return inFlight;
    const load = (async () => {
      this.#throwIfBlocked();
      await this.#adHoc(async (ctx) => {
        const tasks = await this.#fetchTasks(ctx, buildId);
        if (tasks) this.#applyTasks(buildId, tasks, ctx);
      });
      return this.#store.tasks(buildId) ?? [];
    })().finally(() => this.#taskLoads.delete(buildId));
    this.#taskLoads.set(buildId, load);
    return load;
  }

  /** Follows a build until it ends, even outside the configured scopes. Rejects if the build does not exist. */
  async watch(buildId: number): Promise<void> {
    if (this.isDisposed) return;
    if (!this.#watchedIds.has(buildId)) {
      this.#watchedIds.add(buildId);
      this.#store.setWatched([...this.#watchedIds]);
      this.#store.flush();
    }
    if (this.#healthValue.state === 'blocked') return;
    if (!this.#store.build(buildId)) {
      let gone: CoprError | undefined;
      await this.#adHoc(async (ctx) => {
        gone = await this.#fetchRecord(ctx, buildId);
        const b = this.#store.build(buildId);
        if (b && b.chroots.length && !this.#store.tasks(buildId)) {
          const tasks = await this.#fetchTasks(ctx, buildId);
          if (tasks) this.#applyTasks(buildId, tasks, ctx);
        }
      });
      if (gone) throw gone;
    }
    this.#pullTimerIn();
  }

  /** Stops following one watched build, or all of them. */
  unwatch(buildId?: number): void {
    if (buildId === undefined) this.#watchedIds.clear();
    else this.#watchedIds.delete(buildId);
    this.#store.setWatched([...this.#watchedIds]);
    this.#prune();
    this.#store.flush();
  }

  // ---- cycles

  #kick(): void {
    if (this.#healthValue.state !== 'ok') return;
    void this.#runCycle('due');
  }

  #runCycle(level: RefreshLevel): Promise<void> {
    if (this.isDisposed) return Promise.resolve();
    if (!this.#running) {
      const run = this.#cycle(level).finally(() => {
        if (this.#running === run) this.#running = undefined;
      });
      this.#running = run;
      return run;
    }
    if (this.#queued) {
      if (rank(level) > rank(this.#queued.level)) this.#queued.level = level;
      return this.#queued.promise;
    }
    const queued = { level, promise: Promise.resolve() };
    queued.promise = this.#running.then(() => {
      this.#queued = undefined;
      return this.#runCycle(queued.level);
    });
    this.#queued = queued;
    return queued.promise;
  }

  async #cycle(level: RefreshLevel): Promise<void> {
    this.#cancelTimer();
    const startedAt = this.#clock.now();
    this.#lastCycleStart = startedAt;
    const abort = new AbortController();
    this.#aborts.add(abort);
    const ctx = this.#newContext(abort.signal);
    let outcome: CycleStats['outcome'] = 'ok';
    try {
      await this.#refreshOwners(ctx, level);
      await this.#refreshPages(ctx, level);
      await this.#refreshBuilds(ctx);
      this.#onCycleSucceeded();
    } catch (e) {
      // Aborted by dispose or by a store reset (server changed): not an outage.
      outcome = abort.signal.aborted ? 'aborted' : this.#onCycleFailed(e);
    } finally {
      this.#aborts.delete(abort);
    }
    if (this.isDisposed) return;
    this.#finishContext(ctx);
    this.#lastCycleEnd = this.#clock.now();
    this.#scheduleNext(outcome);
    this.#cycleEmitter.fire({
      startedAt,
      endedAt: this.#lastCycleEnd,
      level,
      requests: ctx.counts,
      outcome,
      unfinished: this.#store.buildIds().filter((id) => this.#needsPolling(id)).length,
    });
  }

  async #refreshOwners(ctx: CallContext, level: RefreshLevel): Promise<void> {
    for (const scope of this.#configured) {
      if (scope.kind !== 'owner') continue;
      const listedAt = this.#ownerListedAt.get(scope.owner);
      if (level !== 'all' && listedAt !== undefined && ctx.now - listedAt < this.#idleMs()) continue;
      const key = scopeKey(scope);
      let projects;
      try {
        projects = await this.#call(ctx, 'listProjects', () => this.#source.listProjects(scope.owner, ctx.signal));
      } catch (e) {
        if (isOutage(e)) throw e;
        this.#scopeError(key, e);
        continue;
      }
      this.#ownerListedAt.set(scope.owner, ctx.now);
      const names = projects.map((p) => p.full_name).sort((a, b) => a.localeCompare(b));
      const old = this.#store.scopeState(key);
      if (old && old.status === 'ok' && sameStrings(old.projects, names)) this.#store.touchScope(key, ctx.now);
      else this.#store.setScopeState({ scope, key, status: 'ok', projects: names, lastOk: ctx.now });
    }
    this.#prune();
    this.#store.flush();
  }

  async #refreshPages(ctx: CallContext, level: RefreshLevel): Promise<void> {
    const withUnfinished = new Set<string>();
    for (const id of this.#store.buildIds()) {
      const b = this.#store.build(id);
      if (b && this.#needsPolling(id)) withUnfinished.add(projectFullName(b.owner, b.project));
    }
    const due = this.#scopedProjectNames().filter((name) => {
      const rt = this.#projects.get(name);
      if (level !== 'due' || !rt?.loaded || rt.pageAt === undefined) return true;
      return withUnfinished.has(name) || ctx.now - rt.pageAt >= this.#idleMs();
    });
    const limit = this.#maxBuilds();
    try {
      await this.#pool(due, ctx.signal, async (name) => {
        let page: Build[];
        try {
          page = await this.#call(ctx, 'listBuilds', () => this.#source.listBuilds({ project: name, limit, signal: ctx.signal }));
        } catch (e) {
          if (isOutage(e)) throw e;
          this.#projectError(name, e);
          return;
        }
        this.#applyPage(name, page, limit, ctx, 'newest');
        // Each project's rows show as soon as its page arrives (cold start = probe, projects, first page),
        // not after the slowest of all pages.
        this.#store.flush();
      });
    } finally {
      this.#prune();
      this.#store.flush();
    }
  }

  async #refreshBuilds(ctx: CallContext): Promise<void> {
    const unseen = [...this.#followedIds()].filter((id) => !this.#store.build(id));
    try {
      await this.#pool(unseen, ctx.signal, async (id) => {
        await this.#fetchRecord(ctx, id);
      });
      const targets = this.#store.buildIds().filter((id) => this.#needsPolling(id));
      await this.#pool(targets, ctx.signal, (id) => this.#pollBuild(ctx, id));
    } finally {
      this.#store.flush();
    }
  }

  async #pollBuild(ctx: CallContext, id: number): Promise<void> {
    const build = this.#store.build(id);
    const rt = this.#builds.get(id);
    if (!build || !rt) return;
    if (build.chroots.length === 0) {
      if (isFinalState(build.state)) rt.needsFinalTasks = false; // ended before it had chroots
      else if (!ctx.covered.has(id)) await this.#fetchRecord(ctx, id); // importing: only the record shows chroots
      return;
    }
    const tasks = await this.#fetchTasks(ctx, id);
    if (!tasks) return;
    rt.taskPolls++;
    this.#applyTasks(id, tasks, ctx);
    const now = this.#store.build(id);
    if (!now || isFinalState(now.state) || ctx.covered.has(id)) return;
    // Outside every page: while the sources are still being built (all chroots waiting) only the record tells
    // how that ends, and now and then the record catches a cancel that left chroots unfinished.
    if (tasks.every((t) => t.state === 'waiting') || rt.taskPolls % RECORD_CHECK_EVERY === 0) await this.#fetchRecord(ctx, id);
  }

  // ---- applying answers

  #applyPage(name: string, page: Build[], limit: number, ctx: CallContext, kind: 'newest' | 'older'): void {
    let rt = this.#projects.get(name);
    if (!rt) {
      rt = { loaded: false, maxId: 0 };
      this.#projects.set(name, rt);
    }
    for (const b of page) this.#observeBuild(b, ctx, kind === 'newest' && rt.loaded && b.id > rt.maxId);
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

  /** A build record from a page or from getBuild. */
  #observeBuild(build: Build, ctx: CallContext, born: boolean): void {
    const prev = this.#store.build(build.id);
    let rt = this.#builds.get(build.id);
    if (!rt) {
      rt = { live: born, announced: false, needsFinalTasks: false, baseline: !born, taskPolls: 0 };
      this.#builds.set(build.id, rt);
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
    ctx.covered.add(build.id);
  }

  #applyTasks(id: number, tasks: BuildTask[], ctx: CallContext): void {
    const build = this.#store.build(id);
    const rt = this.#builds.get(id);
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
    }
    if (allChrootsFinal(tasks) || isFinalState(this.#store.build(id)?.state ?? 'unknown')) rt.needsFinalTasks = false;
  }

  // ---- requests

  /** The record of one build; a build that no longer exists is dropped and its error returned. */
  async #fetchRecord(ctx: CallContext, id: number): Promise<CoprError | undefined> {
    let build: Build;
    try {
      build = await this.#call(ctx, 'getBuild', () => this.#source.getBuild(id, ctx.signal));
    } catch (e) {
      if (isOutage(e)) throw e;
      return this.#dropBuild(id, e);
    }
    this.#observeBuild(build, ctx, false);
    return undefined;
  }

  async #fetchTasks(ctx: CallContext, id: number): Promise<BuildTask[] | undefined> {
    try {
      // One request for every ordinary build; huge builds are read page by page, up to a cap that bounds the
      // requests and memory a single build can cost.
      const tasks: BuildTask[] = [];
      for (let page = 0; page < MAX_TASK_PAGES; page++) {
        const offset = page * TASK_PAGE;
        const got = await this.#call(ctx, 'listBuildTasks', () =>
          this.#source.listBuildTasks({ buildId: id, limit: TASK_PAGE, offset, signal: ctx.signal }),
        );
        tasks.push(...got);
        if (got.length < TASK_PAGE) return tasks;
      }
      this.#log.warn(`Build ${id} has more than ${TASK_PAGE * MAX_TASK_PAGES} chroots; only the first ${tasks.length} are followed.`);
      return tasks;
    } catch (e) {
      if (isOutage(e)) throw e;
      this.#dropBuild(id, e);
      return undefined;
    }
  }

  async #call<T>(ctx: CallContext, kind: keyof RequestCounts, fn: () => Promise<T>): Promise<T> {
    if (ctx.signal.aborted) throw new CoprError('network', 'Request canceled.');
    ctx.counts[kind]++;
    this.#totalCounts[kind]++;
    return fn();
  }

  /** Runs fn over items, a few at a time; after the first error no new item starts, and that error is thrown. */
  async #pool<T>(items: readonly T[], signal: AbortSignal, fn: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    let failure: { error: unknown } | undefined;
    const worker = async () => {
      while (!failure && !signal.aborted && next < items.length) {
        const item = items[next++];
        try {
          await fn(item);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
    if (failure) throw failure.error;
  }

  async #adHoc(fn: (ctx: CallContext) => Promise<void>): Promise<void> {
    const abort = new AbortController();
    this.#aborts.add(abort);
    const ctx = this.#newContext(abort.signal);
    try {
      await fn(ctx);
    } finally {
      this.#aborts.delete(abort);
      if (!this.isDisposed) {
        this.#finishContext(ctx);
        this.#pullTimerIn();
      }
    }
  }

  #newContext(signal: AbortSignal): CallContext {
    return { signal, counts: zeroCounts(), covered: new Set(), firstSeen: new Set(), failed: [], now: this.#clock.now() };
  }

  /** Ends a start-up baseline, reports new failures and finished builds, and tells the store's listeners. */
  #finishContext(ctx: CallContext): void {
    for (const id of ctx.firstSeen) {
      const rt = this.#builds.get(id);
      if (rt) rt.baseline = false;
    }
    const failed: FailedTask[] = [];
    for (const f of ctx.failed) {
      const build = this.#store.build(f.buildId);
      const task = this.#store.tasks(f.buildId)?.find((t) => t.chroot_name === f.chroot);
      if (build && task) failed.push({ build, task, acknowledged: false });
    }
    const finished: FinishedBuild[] = [];
    for (const [id, rt] of this.#builds) {
      const build = this.#store.build(id);
      if (!build || !rt.live || rt.announced || rt.needsFinalTasks || !isFinalState(build.state)) continue;
      rt.announced = true;
      finished.push({ build, tasks: this.#store.tasks(id) ?? [] });
    }
    this.#prune();
    this.#store.flush();
    if (failed.length) this.#failedEmitter.fire(failed);
    if (finished.length) this.#finishedEmitter.fire(finished);
  }

  // ---- health and timing

  #onCycleSucceeded(): void {
    this.#backoffAttempt = 0;
    if (this.#healthValue.state === 'backoff') {
      this.#log.info('Copr server reachable again.');
      this.#setHealth({ state: 'ok' });
    }
  }

  #onCycleFailed(e: unknown): CycleStats['outcome'] {
    if (this.isDisposed) return 'aborted';
    const error = isCoprError(e) ? e : new CoprError('invalid-response', e instanceof Error ? e.message : String(e));
    if (!isCoprError(e)) this.#log.error(`Poll cycle failed unexpectedly: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    for (const s of this.#store.scopes()) {
      if (s.status === 'loading') this.#store.setScopeState({ ...s, status: 'error', error });
    }
    this.#store.flush();
    if (error.kind === 'blocked') {
      this.#log.warn(`Copr answered with a web page instead of data (bot protection?); polling paused until refresh. ${error.message}`);
      this.#setHealth({ state: 'blocked', error });
      return 'blocked';
    }
    this.#backoffAttempt++;
    this.#retryDelayMs = backoffDelay(this.#backoffAttempt, this.#pollMs(), this.#random, error.retryAfter);
    const health: Health = { state: 'backoff', error, retryAt: this.#clock.now() + this.#retryDelayMs };
    const seconds = Math.round(this.#retryDelayMs / 1000);
    if (this.#healthValue.state === 'backoff') {
      this.#healthValue = health; // same outage: no new message
      this.#log.debug(`Copr still unreachable (${error.message}); retry ${this.#backoffAttempt} in ${seconds} s.`);
    } else {
      this.#log.warn(`Copr unreachable: ${error.message}. Retrying in ${seconds} s.`);
      this.#setHealth(health);
    }
    return 'outage';
  }

  #setHealth(h: Health): void {
    this.#healthValue = h;
    this.#healthEmitter.fire(h);
  }

  #scheduleNext(outcome: CycleStats['outcome']): void {
    if (outcome === 'blocked') return;
    if (this.#healthValue.state === 'blocked' || this.#healthValue.state === 'stopped') return;
    if (outcome === 'outage') this.#setTimer(this.#retryDelayMs, 'due');
    else this.#setTimer(this.#regularDelay(), 'due');
  }

  #regularDelay(): number {
    const base = this.#store.buildIds().some((id) => this.#needsPolling(id)) || this.#unseenFollowed() ? this.#pollMs() : this.#idleMs();
    return base * (this.#focused ? 1 : UNFOCUSED_SLOWDOWN);
  }

  /** After a focus change: the pending regular timer moves to lastCycleEnd + the new delay. */
  #rescheduleFromLastCycle(): void {
    if (!this.#timer || this.#running || this.#healthValue.state !== 'ok') return;
    const due = this.#lastCycleEnd + this.#regularDelay();
    this.#setTimer(Math.max(0, due - this.#clock.now()), 'due');
  }

  /** Something new to follow: make sure the next cycle is no further away than the fast cadence. */
  #pullTimerIn(): void {
    if (!this.#timer || this.#running || this.#healthValue.state !== 'ok') return;
    const due = this.#lastCycleEnd + this.#regularDelay();
    if (due < this.#timerDue) this.#setTimer(Math.max(0, due - this.#clock.now()), 'due');
  }

  #setTimer(ms: number, level: RefreshLevel): void {
    this.#cancelTimer();
    this.#timerDue = this.#clock.now() + ms;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      void this.#runCycle(level);
    }, ms);
  }

  #cancelTimer(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  #cancelStopTimer(): void {
    this.#stopTimer?.cancel();
    this.#stopTimer = undefined;
  }

  #stopForInactivity(): void {
    this.#stopTimer = undefined;
    this.#cancelTimer();
    this.#log.info('Window unfocused for 30 minutes: polling stopped until it is focused again.');
    this.#setHealth({ state: 'stopped' });
  }

  #throwIfBlocked(): void {
    if (this.#healthValue.state === 'blocked') throw this.#healthValue.error;
  }

  // ---- bookkeeping

  #needsPolling(id: number): boolean {
    const b = this.#store.build(id);
    if (!b) return false;
    return !isFinalState(b.state) || (this.#builds.get(id)?.needsFinalTasks ?? false);
  }

  #unseenFollowed(): boolean {
    for (const id of this.#followedIds()) if (!this.#store.build(id)) return true;
    return false;
  }

  #followedIds(): Set<number> {
    const ids = new Set(this.#watchedIds);
    for (const s of this.#configured) if (s.kind === 'build') ids.add(s.buildId);
    return ids;
  }

  #scopedProjectNames(): string[] {
    const names = new Set<string>();
    for (const s of this.#configured) {
      if (s.kind === 'project') names.add(projectFullName(s.owner, s.project));
      else if (s.kind === 'owner') for (const p of this.#store.scopeState(scopeKey(s))?.projects ?? []) names.add(p);
    }
    return [...names];
  }

  #markScopesOk(fullName: string, now: number): void {
    const { owner, name } = splitFullName(fullName);
    const key = scopeKey({ kind: 'project', owner, project: name });
    const s = this.#store.scopeState(key);
    if (!s) return;
    if (s.status !== 'ok') this.#store.setScopeState({ scope: s.scope, key, status: 'ok', projects: s.projects, lastOk: now });
    else this.#store.touchScope(key, now);
  }

  #scopeError(key: string, e: unknown): void {
    const s = this.#store.scopeState(key);
    const error = isCoprError(e) ? e : new CoprError('invalid-response', String(e));
    this.#log.warn(`${key}: ${error.message}`);
    if (s) this.#store.setScopeState({ ...s, status: 'error', error });
  }

  #projectError(fullName: string, e: unknown): void {
    const { owner, name } = splitFullName(fullName);
    const key = scopeKey({ kind: 'project', owner, project: name });
    if (this.#store.scopeState(key)) this.#scopeError(key, e);
    else this.#log.warn(`${fullName}: ${isCoprError(e) ? e.message : String(e)}`);
  }

  #dropBuild(id: number, e: unknown): CoprError {
    const error = isCoprError(e) ? e : new CoprError('invalid-response', String(e));
    this.#log.warn(`Build ${id}: ${error.message}`);
    if (error.kind !== 'not-found') return error;
    if (this.#watchedIds.delete(id)) this.#store.setWatched([...this.#watchedIds]);
    const b = this.#store.build(id);
    if (b) {
      const listing = this.#store.project(projectFullName(b.owner, b.project));
      if (listing?.buildIds.includes(id)) this.#store.setProject({ ...listing, buildIds: listing.buildIds.filter((x) => x !== id) });
    }
    this.#store.deleteBuild(id);
    this.#builds.delete(id);
    return error;
  }

  /** Forgets projects and builds no longer reachable from a scope, a watch, or an unannounced end in scope. */
  #prune(): void {
    const projects = new Set(this.#scopedProjectNames());
    for (const name of this.#store.projectNames()) {
      if (!projects.has(name)) {
        this.#store.deleteProject(name);
        this.#projects.delete(name);
      }
    }
    for (const name of [...this.#projects.keys()]) if (!projects.has(name)) this.#projects.delete(name);
    const keep = this.#followedIds();
    for (const name of projects) for (const id of this.#store.project(name)?.buildIds ?? []) keep.add(id);
    for (const id of this.#store.buildIds()) {
      if (keep.has(id)) continue;
      const b = this.#store.build(id);
      const rt = this.#builds.get(id);
      const pending = rt && rt.live && (!rt.announced || this.#needsPolling(id));
      if (b && pending && projects.has(projectFullName(b.owner, b.project))) continue; // pushed off its page, still followed to its end
      this.#store.deleteBuild(id);
      this.#builds.delete(id);
    }
  }

  #forgetEverything(): void {
    for (const a of this.#aborts) a.abort();
    this.#builds.clear();
    this.#projects.clear();
    this.#ownerListedAt.clear();
    this.#watchedIds.clear();
    this.#configured = [];
    this.#backoffAttempt = 0;
    if (this.#healthValue.state !== 'ok' && this.#healthValue.state !== 'stopped') this.#setHealth({ state: 'ok' });
  }

  #pollMs(): number {
    return Math.max(10, finiteOr(this.#readSettings().pollIntervalSec, 30)) * 1000;
  }

  #idleMs(): number {
    return Math.max(1, finiteOr(this.#readSettings().idleRefreshMinutes, 5)) * 60_000;
  }

  #maxBuilds(): number {
    return Math.min(500, Math.max(1, Math.floor(finiteOr(this.#readSettings().maxBuilds, 25))));
  }
}

function rank(level: RefreshLevel): number {
  return level === 'all' ? 2 : level === 'pages' ? 1 : 0;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function finiteOr(x: number, fallback: number): number {
  return Number.isFinite(x) ? x : fallback;
}

/** Errors that mean "the server is not answering properly", as opposed to "this thing is wrong". */
export function isOutage(e: unknown): boolean {
  if (!isCoprError(e)) return true;
  switch (e.kind) {
    case 'not-found':
    case 'invalid-argument':
      return false;
    case 'http':
      return e.status === undefined || e.status >= 500 || e.status === 429 || e.status === 408;
    default:
      return true;
  }
}
