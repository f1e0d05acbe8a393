// The one scheduler: decides what to ask the Copr server and when, writes the answers into the TaskStore, and
// reports the transitions that matter (chroots that fail, builds that finish) and the server's health.
//
// It is the timing and the glue of four parts that each read alone:
//   - planner.ts: which requests a cycle makes, from plain facts (pure);
//   - executor.ts: runs them a few at a time, counted and abortable, and keeps the server's health (backoff);
//   - appliers.ts: writes the answers into the store and finds the transitions;
//   - state.ts: what is followed, and the per-build and per-project facts the planner reads.
// Cycles are a setTimeout chain through the Clock, so tests and benchmarks run them on virtual time.

import type { BuildTask } from '../api/types';
import { CoprError, isCoprError } from '../api/errors';
import type { Clock } from '../common/clock';
import { Emitter, type Event } from '../common/event';
import { Disposable, toDisposable } from '../common/lifecycle';
import type { Logger } from '../common/log';
import { Appliers } from './appliers';
import { CycleSteps, type Strategy } from './cycleSteps';
import { asCoprError, Executor, HealthKeeper, type Health } from './executor';
import { levelRank, type RefreshLevel } from './planner';
import { projectFullName, scopeKey, type Scope } from './scopes';
import type { CoprSource } from './source';
import { MonitorState, zeroCounts, type CallContext, type RequestCounts } from './state';
import type { FailedTask, TaskStore } from './taskStore';
import { cadence, CycleTimer, type MonitorSettings } from './timing';
import type { FinishedBuild } from './transitions';

export type { FinishedBuild } from './transitions';
export type { Health } from './executor';
export type { RequestCounts } from './state';
export { isOutage } from './executor';
export type { Strategy } from './cycleSteps';
export type { MonitorSettings } from './timing';

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

export interface PollSchedulerOptions {
  source: CoprSource;
  store: TaskStore;
  clock: Clock;
  settings: () => MonitorSettings;
  logger: Logger;
  random?: () => number;
  /** Default 'monitor'; 'perBuild' is the scheduler before the monitor (benchmark baseline). */
  strategy?: Strategy;
}

export const UNFOCUSED_SLOWDOWN = 4;
export const UNFOCUSED_STOP_MS = 30 * 60_000;
const FOCUS_JITTER_PER_SCOPE_MS = 500;
const FOCUS_JITTER_MAX_MS = 5_000;

export class PollScheduler extends Disposable {
  readonly #store: TaskStore;
  readonly #clock: Clock;
  readonly #readSettings: () => MonitorSettings;
  readonly #log: Logger;
  readonly #random: () => number;
  readonly #state: MonitorState;
  readonly #run: Executor;
  readonly #apply: Appliers;
  readonly #health: HealthKeeper;
  readonly #steps: CycleSteps;

  readonly #healthEmitter = this._register(new Emitter<Health>());
  readonly onDidChangeHealth: Event<Health> = this.#healthEmitter.event;
  readonly #failedEmitter = this._register(new Emitter<FailedTask[]>());
  readonly onChrootsFailed: Event<FailedTask[]> = this.#failedEmitter.event;
  readonly #finishedEmitter = this._register(new Emitter<FinishedBuild[]>());
  readonly onBuildsFinished: Event<FinishedBuild[]> = this.#finishedEmitter.event;
  readonly #cycleEmitter = this._register(new Emitter<CycleStats>());
  /** After every cycle, with its request counts (benchmarks and diagnostics). */
  readonly onDidCompleteCycle: Event<CycleStats> = this.#cycleEmitter.event;

  readonly #taskLoads = new Map<number, Promise<BuildTask[]>>();
  #focused = true;
  readonly #timer: CycleTimer;
  #running: Promise<void> | undefined;
  #queued: { level: RefreshLevel; promise: Promise<void> } | undefined;
  readonly #aborts = new Set<AbortController>();

  constructor(opts: PollSchedulerOptions) {
    super();
    this.#store = opts.store;
    this.#clock = opts.clock;
    this.#readSettings = opts.settings;
    this.#log = opts.logger;
    this.#random = opts.random ?? Math.random;
    this.#state = new MonitorState(opts.store);
    this.#run = new Executor(opts.source, opts.logger);
    this.#apply = new Appliers(this.#state, opts.logger);
    const strategy = opts.strategy ?? 'monitor';
    this.#timer = new CycleTimer(opts.clock, (level) => void this.#runCycle(level));
    this.#steps = new CycleSteps(this.#state, this.#run, this.#apply, () => ({ ...cadence(this.#readSettings()), strategy }));
    this.#health = new HealthKeeper(opts.logger, this.#random, (h) => this.#healthEmitter.fire(h));
    this._register(this.#store.onDidReset(() => this.#forgetEverything()));
    this._register(
      toDisposable(() => {
        this.#timer.dispose();
        for (const a of this.#aborts) a.abort();
        this.#aborts.clear();
      }),
    );
  }

  // ---- public API

  get health(): Health {
    return this.#health.value;
  }

  /** Requests made since construction, cycles and on-demand loads together. */
  requestTotals(): RequestCounts {
    return { ...this.#run.totals };
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
    this.#state.configured = scopes.filter((s) => {
      const k = scopeKey(s);
      return seen.has(k) ? false : (seen.add(k), true);
    });
    this.#store.retainScopes(this.#state.configured.map(scopeKey));
    for (const s of this.#state.configured) {
      const key = scopeKey(s);
      if (this.#store.scopeState(key)) continue;
      const projects = s.kind === 'project' ? [projectFullName(s.owner, s.project)] : [];
      this.#store.setScopeState({ scope: s, key, status: 'loading', projects });
    }
    const listed = this.#state.ownerListedAt;
    for (const owner of [...listed.keys()]) if (!seen.has(`owner:${owner}`)) listed.delete(owner);
    this.#state.prune();
    this.#store.flush();
    if (this.#health.value.state === 'ok') void this.#runCycle('due');
  }

  setFocused(focused: boolean): void {
    if (this.isDisposed || focused === this.#focused) return;
    this.#focused = focused;
    if (!focused) {
      this.#timer.armStop(UNFOCUSED_STOP_MS, () => this.#stopForInactivity());
      this.#rescheduleFromLastCycle();
      return;
    }
    this.#timer.cancelStop();
    const wasStopped = this.#health.value.state === 'stopped';
    if (wasStopped) this.#health.set({ state: 'ok' });
    if (this.#health.value.state !== 'ok') return; // backoff keeps its timer; blocked waits for the user
    const stale = this.#clock.now() - this.#timer.lastStart >= this.#pollMs();
    if (wasStopped || stale) {
      const n = this.#state.configured.length;
      const jitter = n > 1 ? this.#random() * Math.min(FOCUS_JITTER_MAX_MS, FOCUS_JITTER_PER_SCOPE_MS * n) : 0;
      this.#timer.set(jitter, 'pages');
    } else {
      this.#rescheduleFromLastCycle();
    }
  }

  /** The user asked: everything now, also after 'blocked'. */
  refresh(): Promise<void> {
    if (this.isDisposed) return Promise.resolve();
    const h = this.#health.value.state;
    if (h === 'blocked' || h === 'stopped') this.#health.set({ state: 'ok' });
    return this.#runCycle('all');
  }

  /** The next page of a project's builds (maxBuilds more). */
  async loadMore(projectFullName: string): Promise<void> {
    const listing = this.#store.project(projectFullName);
    if (!listing || this.isDisposed) return;
    this.#throwIfBlocked();
    const limit = cadence(this.#readSettings()).maxBuilds;
    await this.#adHoc(async (ctx) => {
      const page = await this.#run.call(ctx, 'listBuilds', (s) =>
        s.listBuilds({ project: projectFullName, offset: listing.buildIds.length, limit, signal: ctx.signal }),
      );
      this.#apply.page(projectFullName, page, limit, ctx, 'older');
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
        const tasks = await this.#steps.tasks(ctx, buildId);
        if (tasks) this.#apply.tasks(buildId, tasks, ctx);
      });
      return this.#store.tasks(buildId) ?? [];
    })().finally(() => this.#taskLoads.delete(buildId));
    this.#taskLoads.set(buildId, load);
    return load;
  }

  /** Follows a build until it ends, even outside the configured scopes. Rejects if the build does not exist. */
  async watch(buildId: number): Promise<void> {
    if (this.isDisposed) return;
    const watched = this.#state.watchedIds;
    if (!watched.has(buildId)) {
      watched.add(buildId);
      this.#store.setWatched([...watched]);
      this.#store.flush();
    }
    if (this.#health.value.state === 'blocked') return;
    if (!this.#store.build(buildId)) {
      let gone: CoprError | undefined;
      await this.#adHoc(async (ctx) => void (gone = await this.#steps.refreshBuild(ctx, buildId)));
      if (gone) throw gone;
    }
    const b = this.#store.build(buildId);
    const rt = b && this.#state.projects.get(projectFullName(b.owner, b.project));
    if (rt) rt.idleMs = undefined; // a watch is a sign of life: its project leaves dormancy
    this.#pullTimerIn();
  }

  /** One build read again after an action on it (cancel, a new build): its record and chroot list, not a cycle.
   * While the server is backed off from or blocked nothing is asked: the next cycle reads it. */
  async refreshBuild(buildId: number): Promise<void> {
    if (this.isDisposed || this.#health.value.state === 'backoff' || this.#health.value.state === 'blocked') return;
    await this.#adHoc(async (ctx) => void (await this.#steps.refreshBuild(ctx, buildId)));
  }

  /** Stops following one watched build, or all of them. */
  unwatch(buildId?: number): void {
    const watched = this.#state.watchedIds;
    if (buildId === undefined) watched.clear();
    else watched.delete(buildId);
    this.#store.setWatched([...watched]);
    this.#state.prune();
    this.#store.flush();
  }

  // ---- cycles

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
      if (levelRank(level) > levelRank(this.#queued.level)) this.#queued.level = level;
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
    this.#timer.cancel();
    const startedAt = this.#clock.now();
    this.#timer.lastStart = startedAt;
    const abort = new AbortController();
    this.#aborts.add(abort);
    const ctx = this.#newContext(abort.signal);
    let outcome: CycleStats['outcome'] = 'ok';
    try {
      await this.#steps.owners(ctx, level);
      await this.#steps.pages(ctx, level);
      await this.#steps.builds(ctx);
      this.#health.succeeded();
    } catch (e) {
      // Aborted by dispose or by a store reset (server changed): not an outage.
      outcome = abort.signal.aborted ? 'aborted' : this.#onCycleFailed(e);
    } finally {
      this.#aborts.delete(abort);
    }
    if (this.isDisposed) return;
    this.#finishContext(ctx);
    this.#timer.lastEnd = this.#clock.now();
    this.#scheduleNext(outcome);
    this.#cycleEmitter.fire({
      startedAt,
      endedAt: this.#timer.lastEnd,
      level,
      requests: ctx.counts,
      outcome,
      unfinished: this.#store.buildIds().filter((id) => this.#state.needsPolling(id)).length,
    });
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
    return {
      signal, counts: zeroCounts(), covered: new Set(), firstSeen: new Set(), failed: [], now: this.#clock.now(),
      unchanged: new Set(), shown: new Set(), news: new Set(), paged: new Set(),
    };
  }

  /** Reports new failures and finished builds, and tells the store's listeners. */
  #finishContext(ctx: CallContext): void {
    const { failed, finished } = this.#apply.finish(ctx);
    this.#state.prune();
    this.#store.flush();
    if (failed.length) this.#failedEmitter.fire(failed);
    if (finished.length) this.#finishedEmitter.fire(finished);
  }

  // ---- health and timing

  #onCycleFailed(e: unknown): CycleStats['outcome'] {
    if (this.isDisposed) return 'aborted';
    const error = asCoprError(e);
    if (!isCoprError(e)) this.#log.error(`Poll cycle failed unexpectedly: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    this.#apply.loadingFailed(error);
    return this.#health.failed(error, this.#pollMs(), this.#clock.now());
  }

  #scheduleNext(outcome: CycleStats['outcome']): void {
    const h = this.#health.value.state;
    if (outcome === 'blocked' || h === 'blocked' || h === 'stopped') return;
    this.#timer.set(outcome === 'outage' ? this.#health.retryDelayMs : this.#regularDelay(), 'due');
  }

  #regularDelay(): number {
    const s = this.#state;
    const base = this.#store.buildIds().some((id) => s.needsPolling(id)) || s.unseenFollowed() ? this.#pollMs() : this.#idleMs();
    return base * (this.#focused ? 1 : UNFOCUSED_SLOWDOWN);
  }

  /** After a focus change: the pending regular timer moves to lastCycleEnd + the new delay. */
  #rescheduleFromLastCycle(): void {
    if (!this.#timer.armed || this.#running || this.#health.value.state !== 'ok') return;
    const due = this.#timer.lastEnd + this.#regularDelay();
    this.#timer.set(Math.max(0, due - this.#clock.now()), 'due');
  }

  /** Something new to follow: make sure the next cycle is no further away than the fast cadence. */
  #pullTimerIn(): void {
    if (!this.#timer.armed || this.#running || this.#health.value.state !== 'ok') return;
    const due = this.#timer.lastEnd + this.#regularDelay();
    if (due < this.#timer.due) this.#timer.set(Math.max(0, due - this.#clock.now()), 'due');
  }

  #stopForInactivity(): void {
    this.#timer.cancel();
    this.#log.info('Window unfocused for 30 minutes: polling stopped until it is focused again.');
    this.#health.set({ state: 'stopped' });
  }

  #throwIfBlocked(): void {
    const h = this.#health.value;
    if (h.state === 'blocked') throw h.error;
  }

  #forgetEverything(): void {
    for (const a of this.#aborts) a.abort();
    this.#state.forget();
    this.#health.reset();
  }

  #pollMs(): number {
    return cadence(this.#readSettings()).pollMs;
  }

  #idleMs(): number {
    return cadence(this.#readSettings()).idleMs;
  }
}
