// One poll cycle's three steps, each planned by planner.ts from what the previous step learned, run by the
// executor and written into the store by the appliers: owners' project lists, then newest-builds pages, then the
// builds (records of followed builds not seen yet, one chroot list per unfinished build).
import type { Build, BuildTask } from '../api/types';
import type { CoprError } from '../api/errors';
import { isFinalState } from '../api/states';
import type { Appliers } from './appliers';
import { isOutage, type Executor } from './executor';
import { planBuilds, planMonitors, planOwners, planPages, type RefreshLevel } from './planner';
import { projectFullName, scopeKey, type Scope } from './scopes';
import type { CallContext, MonitorState } from './state';

/** A build outside every page gets its record checked every this many chroot polls (a cancel may leave chroots). */
const RECORD_CHECK_EVERY = 10;

/**
 * 'perBuild': one chroot list per unfinished build and the idle cadence for every project (the scheduler before
 * the monitor, kept as the benchmarks' baseline); 'monitor': a project's monitor where cheaper, dormant projects
 * asked rarely.
 */
export type Strategy = 'perBuild' | 'monitor';

export interface StepSettings {
  idleMs: number;
  maxBuilds: number;
  strategy: Strategy;
}

export class CycleSteps {
    readonly #state: MonitorState;
  readonly #run: Executor;
  readonly #apply: Appliers;
  readonly #settings: () => StepSettings;

  constructor(state: MonitorState, run: Executor, apply: Appliers, settings: () => StepSettings) {
    this.#state = state;
    this.#run = run;
    this.#apply = apply;
    this.#settings = settings;
  }

  get #store() {
    return this.#state.store;
  }

  async owners(ctx: CallContext, level: RefreshLevel): Promise<void> {
    const owners = this.#state.configured.filter((s): s is Extract<Scope, { kind: 'owner' }> => s.kind === 'owner');
    const facts = owners.map((s) => ({ owner: s.owner, listedAt: this.#state.ownerListedAt.get(s.owner) }));
    const due = new Set(planOwners(facts, { now: ctx.now, level, idleMs: this.#settings().idleMs }));
    for (const scope of owners) {
      if (!due.has(scope.owner)) continue;
      try {
        const projects = await this.#run.call(ctx, 'listProjects', (s) => s.listProjects(scope.owner, ctx.signal));
        this.#apply.ownerProjects(scope, projects, ctx);
      } catch (e) {
        if (isOutage(e)) throw e;
        this.#apply.scopeError(scopeKey(scope), e);
      }
    }
    this.#state.prune();
    this.#store.flush();
  }

  /**
   * Newest pages and, with the 'monitor' strategy, monitors where cheaper, in one pool; then the page of each
   * project whose monitor showed a new build or a change, if it was not read yet.
   */
  async pages(ctx: CallContext, level: RefreshLevel): Promise<void> {
    const { idleMs, maxBuilds: limit, strategy } = this.#settings();
    const withUnfinished = new Set<string>();
    for (const id of this.#store.buildIds()) {
      const b = this.#store.build(id);
      if (b && this.#state.needsPolling(id)) withUnfinished.add(projectFullName(b.owner, b.project));
    }
    const names = this.#state.scopedProjectNames();
    const monitorFacts = strategy === 'monitor' && this.#run.hasMonitor ? names.map((n) => this.#state.monitorFacts(n)).filter((f) => f !== undefined) : [];
    const monitors = new Set(planMonitors(monitorFacts));
    const hidesNone = new Set(monitorFacts.filter((f) => f.hidden === 0 && monitors.has(f.name)).map((f) => f.name));
    const facts = names.map((name) => {
      const rt = this.#state.projects.get(name);
      return { name, loaded: rt?.loaded ?? false, pageAt: rt?.pageAt, unfinished: withUnfinished.has(name), idleMs: rt?.idleMs, monitored: hidesNone.has(name) };
    });
    const due = planPages(facts, { now: ctx.now, level, idleMs });
    const dormancy = strategy === 'monitor' ? { wake: level !== 'due', idleMs } : undefined;
    const page = async (name: string): Promise<void> => {
      let builds: Build[];
      try {
        builds = await this.#run.call(ctx, 'listBuilds', (s) => s.listBuilds({ project: name, limit, signal: ctx.signal }));
      } catch (e) {
        if (isOutage(e)) throw e;
        this.#apply.projectError(name, e);
        return;
      }
      this.#apply.page(name, builds, limit, ctx, 'newest', dormancy);
      // Each project's rows show as soon as its page arrives (cold start = probe, projects, first page),
      // not after the slowest of all pages.
      this.#store.flush();
    };
    const work = [...due.map((name) => ({ name, monitor: false })), ...[...monitors].map((name) => ({ name, monitor: true }))];
    try {
      await this.#run.pool(work, ctx.signal, (w) => (w.monitor ? this.#monitor(ctx, w.name) : page(w.name)));
      await this.#run.pool([...ctx.news].filter((n) => !ctx.paged.has(n)), ctx.signal, page);
    } finally {
      this.#state.prune();
      this.#store.flush();
    }
  }

  async #monitor(ctx: CallContext, name: string): Promise<void> {
    let packages;
    try {
      packages = await this.#run.call(ctx, 'monitor', (s) => s.monitor?.({ project: name, signal: ctx.signal }) ?? Promise.resolve(null));
    } catch (e) {
      if (isOutage(e)) throw e;
      const rt = this.#state.projects.get(name);
      if (rt) rt.noMonitor = true; // its builds are still polled one by one
      return;
    }
    if (packages === null) this.#state.noMonitor = true;
    else this.#apply.monitor(name, packages, ctx);
  }

  async builds(ctx: CallContext): Promise<void> {
    const unseen = [...this.#state.followedIds()].filter((id) => !this.#store.build(id));
    try {
      await this.#run.pool(unseen, ctx.signal, async (id) => {
        await this.record(ctx, id);
      });
      const facts = this.#store.buildIds().map((id) => {
        const b = this.#store.build(id) as Build;
        return {
          id, chroots: b.chroots.length, final: isFinalState(b.state), needsPolling: this.#state.needsPolling(id),
          recordFresh: ctx.covered.has(id), unchanged: ctx.unchanged.has(id),
        };
      });
      await this.#run.pool(planBuilds(facts), ctx.signal, async (step) => {
        if (step.kind === 'tasks') await this.pollBuild(ctx, step.id);
        else if (step.kind === 'record') await this.record(ctx, step.id);
        else {
          const rt = this.#state.builds.get(step.id);
          if (rt) rt.needsFinalTasks = false; // nothing left to read
        }
      });
    } finally {
      this.#store.flush();
    }
  }

  async pollBuild(ctx: CallContext, id: number): Promise<void> {
    const rt = this.#state.builds.get(id);
    if (!this.#store.build(id) || !rt) return;
    const tasks = await this.tasks(ctx, id);
    if (!tasks) return;
    rt.taskPolls++;
    this.#apply.tasks(id, tasks, ctx);
    const now = this.#store.build(id);
    if (!now || isFinalState(now.state) || ctx.covered.has(id)) return;
    // Outside every page: while the sources are still being built (all chroots waiting) only the record tells
    // how that ends, and now and then the record catches a cancel that left chroots unfinished.
    if (tasks.every((t) => t.state === 'waiting') || rt.taskPolls % RECORD_CHECK_EVERY === 0) await this.record(ctx, id);
  }

  /**
   * One build read again outside a cycle (after an action on it, or a build new to the store): its record, then what
   * planBuilds asks for a build whose record is fresh — its chroot list if it has chroots. An answer that arrives
   * after the abort (dispose, another server) is not written. Returns the error of a build that does not exist.
   */
  async refreshBuild(ctx: CallContext, id: number): Promise<CoprError | undefined> {
    let build: Build;
    try {
      build = await this.#run.call(ctx, 'getBuild', (s) => s.getBuild(id, ctx.signal));
    } catch (e) {
      if (isOutage(e) || ctx.signal.aborted) throw e;
      return this.#apply.dropBuild(id, e);
    }
    if (ctx.signal.aborted) return undefined;
    this.#apply.observeBuild(build, ctx, false);
    const facts = { id, chroots: build.chroots.length, final: isFinalState(build.state), needsPolling: true, recordFresh: true };
    for (const step of planBuilds([facts])) {
      if (step.kind !== 'tasks') continue;
      const tasks = await this.tasks(ctx, id);
      if (tasks && !ctx.signal.aborted) this.#apply.tasks(id, tasks, ctx);
    }
    return undefined;
  }

  // ---- requests whose item errors are the build's, not the server's (public: on-demand loads use them too)

  /** The record of one build; a build that no longer exists is dropped and its error returned. */
  async record(ctx: CallContext, id: number): Promise<CoprError | undefined> {
    let build: Build;
    try {
      build = await this.#run.call(ctx, 'getBuild', (s) => s.getBuild(id, ctx.signal));
    } catch (e) {
      if (isOutage(e)) throw e;
      return this.#apply.dropBuild(id, e);
    }
    this.#apply.observeBuild(build, ctx, false);
    return undefined;
  }

  async tasks(ctx: CallContext, id: number): Promise<BuildTask[] | undefined> {
    try {
      return await this.#run.tasks(ctx, id);
    } catch (e) {
      if (isOutage(e)) throw e;
      this.#apply.dropBuild(id, e);
      return undefined;
    }
  }
}
