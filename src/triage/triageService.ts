// Connects the monitor to the classifier: every failed chroot the store knows (new failures, failed rows loaded by
// expanding a build, on-demand asks) is classified once from its logs, and the one-line reason is written back to
// the store so the tree, the status bar and the quick pick show it. The full FailureReason stays here for the
// details panel and the spec diagnostics. Log fetches are few at a time; nothing here throws at its callers.

import type { Build, BuildTask } from '../api/types';
import { RequestLimiter } from '../api/limiter';
import { CoprError } from '../api/errors';
import type { LogChunk, FetchLogOptions } from '../api/logs';
import type { Clock } from '../common/clock';
import { Disposable, toDisposable } from '../common/lifecycle';
import { Emitter, type Event } from '../common/event';
import { nullLogger, redactCredentials, type Logger } from '../common/log';
import type { FailureReason } from './failureReason';
import { FailureLogCache, taskKey } from './logCache';
import { summarizeAcrossChroots, type CrossChrootSummary } from './summary';
import { resultsRootOf, sourceResultUrl, sourceStageFailed, SRPM_STAGE } from './sourceStage';

/** A log's text, or null when there is none; rejects on a failed fetch (retried on a later occasion). */
export type SignalledFetchText = (url: string, signal: AbortSignal) => Promise<string | null>;

/** What the service reads from the monitor's store (TaskStore satisfies it). */
export interface TriageStore {
  build(id: number): Build | undefined;
  buildIds(): number[];
  tasks(buildId: number): readonly BuildTask[] | undefined;
  setReason(buildId: number, chroot: string, reason: string): void;
  onDidChange: Event<{ builds: readonly number[] }>;
  onDidReset: Event<void>;
}

export interface TriageServiceOptions {
  store: TriageStore;
  /** The scheduler's new failures; the store's changes cover the rest. */
  onChrootsFailed?: Event<ReadonlyArray<{ build: Build; task: BuildTask }>>;
  fetchText: SignalledFetchText;
  /** Log fetches in flight at once (default 2). */
  maxConcurrentFetches?: number;
  /** Classified chroots kept (default 500). */
  maxEntries?: number;
  /** Tries per chroot whose logs could not be fetched (default 3); later tries wait for another occasion. */
  maxAttempts?: number;
  clock?: Clock;
  logger?: Logger;
  /**
   * The source (SRPM) stage's result directory of a build, from the server (API v3 build/source-chroot); null when
   * it cannot tell. Without it (or on null) the directory is derived from a chroot result directory the store knows.
   */
  sourceResultUrl?: (build: Build, signal: AbortSignal) => Promise<string | null>;
}

export interface TriageResult {
  buildId: number;
  chroot: string;
  reason: FailureReason;
}

export const NOT_YOUR_PACKAGE_NOTE = ' (not your package: a resubmit may be enough)';

/** The text the store (and so the tree row, status bar and quick pick) carries for a reason. */
export function reasonText(reason: FailureReason): string {
  return reason.summary + (reason.notYourPackage ? NOT_YOUR_PACKAGE_NOTE : '');
}

/** Largest log text read for triage; the cause is usually within it (the classifier reads it all). */
export const TRIAGE_LOG_MAX_BYTES = 16 * 1024 * 1024;

/** fetchText over the API layer's fetchLog: a missing log (404) is null, other errors reject. */
export function fetchTextVia(fetchLog: (url: string, options: Omit<FetchLogOptions, 'transport'>) => Promise<LogChunk>, maxBytes = TRIAGE_LOG_MAX_BYTES): SignalledFetchText {
  return async (url, signal) => {
    try {
      return (await fetchLog(url, { signal, maxBytes })).text;
    } catch (e) {
      if (e instanceof CoprError && e.kind === 'not-found') return null;
      throw e;
    }
  };
}

interface TaskRef {
  buildId: number;
  chroot: string;
  resultUrl: string;
}

export class TriageService extends Disposable {
  private readonly store: TriageStore;
  private readonly fetchText: SignalledFetchText;
  private readonly limiter: RequestLimiter;
  private readonly maxAttempts: number;
  private readonly maxEntries: number;
  private readonly clock: Clock | undefined;
  private readonly log: Logger;
  private cache: FailureLogCache;
  private abort = new AbortController();
  /** Bumped by a reset: work started before it is dropped. */
  private generation = 0;
  private readonly inFlight = new Map<string, Promise<FailureReason | undefined>>();
  private readonly attempts = new Map<string, number>();
  private readonly sourceResultUrl: TriageServiceOptions['sourceResultUrl'];
  /** Source stages whose result directory is being looked up. */
  private readonly sourceLookups = new Map<number, Promise<FailureReason | undefined>>();
  private readonly classifiedEmitter = this._register(new Emitter<TriageResult>());
  /** After a chroot is classified (once per chroot, and again after a reset). */
  readonly onDidClassify: Event<TriageResult> = this.classifiedEmitter.event;

  constructor(options: TriageServiceOptions) {
    super();
    this.store = options.store;
    this.fetchText = options.fetchText;
    this.limiter = new RequestLimiter(Math.max(1, options.maxConcurrentFetches ?? 2));
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.maxEntries = options.maxEntries ?? 500;
    this.clock = options.clock;
    this.log = options.logger ?? nullLogger;
    this.sourceResultUrl = options.sourceResultUrl;
    this.cache = this.newCache();
    this._register(this.store.onDidChange((change) => this.scanBuilds(change.builds)));
    this._register(this.store.onDidReset(() => this.reset()));
    if (options.onChrootsFailed) {
      this._register(options.onChrootsFailed((failed) => {
        for (const f of failed) this.consider(f.build.id, f.task);
      }));
    }
    this._register(toDisposable(() => this.abort.abort()));
    this.scanBuilds(this.store.buildIds());
  }

  /** The full reason, when the chroot is classified. */
  reason(buildId: number, chroot: string): FailureReason | undefined {
    return this.cache.peek(buildId, chroot);
  }

  /**
   * The chroot's reason, classifying it now if needed; undefined when it is not a failed chroot with logs. The chroot
   * SRPM_STAGE ('srpm-builds') is the build's source stage, classified when it failed (the build has no chroots).
   */
  reasonFor(buildId: number, chroot: string): Promise<FailureReason | undefined> {
    const known = this.cache.peek(buildId, chroot);
    if (known) return Promise.resolve(known);
    if (chroot === SRPM_STAGE) return this.classifySource(buildId, true);
    const task = this.store.tasks(buildId)?.find((t) => t.chroot_name === chroot);
    if (!task || task.state !== 'failed' || !task.result_dir_url) return Promise.resolve(undefined);
    return this.classify({ buildId, chroot, resultUrl: task.result_dir_url }, true);
  }

  /** Chroots being classified now. */
  get pending(): number {
    return this.inFlight.size;
  }

  /** Resolves when nothing is being classified (tests and benchmarks). */
  async whenIdle(): Promise<void> {
    while (this.inFlight.size > 0 || this.sourceLookups.size > 0) await Promise.all([...this.inFlight.values(), ...this.sourceLookups.values()]);
  }

  /**
   * Resolves once the failed chroots of these builds are classified, or after `timeoutMs` (with a clock), whichever
   * is first: a notification waits for its reasons, but not for long.
   */
  async settle(builds: ReadonlyArray<{ build: Build; tasks: readonly BuildTask[] }>, timeoutMs = 8000): Promise<void> {
    const work: Array<Promise<unknown>> = [];
    for (const { build, tasks } of builds) {
      if (sourceStageFailed(build, tasks)) work.push(this.classifySource(build.id, true, build));
      for (const t of tasks) {
        if (t.state === 'failed' && t.result_dir_url) work.push(this.classify({ buildId: build.id, chroot: t.chroot_name, resultUrl: t.result_dir_url }, true));
      }
    }
    if (work.length === 0) return;
    const all = Promise.all(work).then(() => undefined);
    if (!this.clock) return all;
    let timer: { cancel(): void } | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = this.clock?.setTimeout(resolve, timeoutMs);
    });
    try {
      await Promise.race([all, timeout]);
    } finally {
      timer?.cancel();
    }
  }

  /** summarize() as one line, each group's not-your-package note included; undefined when nothing is known. */
  explain(build: Build, tasks: readonly BuildTask[]): string | undefined {
    const source = sourceStageFailed(build, tasks) ? this.cache.peek(build.id, SRPM_STAGE) : undefined;
    if (source) return `source package (SRPM): ${reasonText(source)}`;
    const summary = this.summarize(build, tasks);
    return summary?.groups.map((g) => `${g.label}: ${g.summary}${g.notYourPackage ? NOT_YOUR_PACKAGE_NOTE : ''}`).join('; ');
  }

  /**
   * One sentence for a build's failed chroots ("5 chroots: missing BuildRequires: x", "only s390x: %check failed"),
   * from the reasons known now; undefined when none is.
   */
  summarize(build: Build, tasks: readonly BuildTask[]): CrossChrootSummary | undefined {
    const items = tasks
      .filter((t) => t.state === 'failed')
      .map((t) => ({ chroot: t.chroot_name, reason: this.cache.peek(build.id, t.chroot_name) }))
      .filter((i): i is { chroot: string; reason: FailureReason } => i.reason !== undefined);
    if (items.length === 0) return undefined;
    return summarizeAcrossChroots(items, { allChroots: tasks.map((t) => t.chroot_name) });
  }

  private newCache(): FailureLogCache {
    const signal = this.abort.signal;
    return new FailureLogCache({
      maxEntries: this.maxEntries,
      fetchText: (url) => this.limiter.run(() => this.fetchText(url, signal), signal),
    });
  }

  private reset(): void {
    this.generation++;
    this.abort.abort();
    this.abort = new AbortController();
    this.cache = this.newCache();
    this.inFlight.clear();
    this.attempts.clear();
    this.sourceLookups.clear();
    this.resultsRoot = undefined;
  }

  private scanBuilds(buildIds: readonly number[]): void {
    if (this.isDisposed) return;
    for (const id of buildIds) {
      const tasks = this.store.tasks(id);
      for (const task of tasks ?? []) this.consider(id, task);
      if (sourceStageFailed(this.store.build(id), tasks) && !this.cache.peek(id, SRPM_STAGE)) void this.classifySource(id, false);
    }
  }

  /** A results root seen in the store (every project of one server shares it), once found. */
  private resultsRoot: string | undefined;

  private knownResultsRoot(): string | undefined {
    if (this.resultsRoot) return this.resultsRoot;
    for (const id of this.store.buildIds()) {
      for (const t of this.store.tasks(id) ?? []) {
        const root = resultsRootOf(t.result_dir_url);
        if (root) return (this.resultsRoot = root);
      }
    }
    return undefined;
  }

  /** Classifies a build's failed source stage from its srpm-builds logs; undefined when they cannot be located. */
  private classifySource(buildId: number, asked: boolean, given?: Build): Promise<FailureReason | undefined> {
    const known = this.cache.peek(buildId, SRPM_STAGE);
    if (known) return Promise.resolve(known);
    const running = this.sourceLookups.get(buildId);
    if (running) return running;
    const build = this.store.build(buildId) ?? given;
    if (!build || this.isDisposed) return Promise.resolve(undefined);
    const signal = this.abort.signal;
    const lookup = (async () => {
      let url: string | null = null;
      try {
        url = (await this.sourceResultUrl?.(build, signal)) ?? null;
      } catch (e) {
        this.log.debug(`Source stage of build ${buildId}: no result directory from the server (${e instanceof Error ? e.message : String(e)})`);
      }
      if (!url) {
        const root = this.knownResultsRoot();
        url = root ? sourceResultUrl(root, build) : null;
      }
      if (!url || signal.aborted) return undefined;
      return this.classify({ buildId, chroot: SRPM_STAGE, resultUrl: url }, asked);
    })();
    const tracked = lookup.finally(() => {
      if (this.sourceLookups.get(buildId) === tracked) this.sourceLookups.delete(buildId);
    });
    this.sourceLookups.set(buildId, tracked);
    return tracked;
  }

  private consider(buildId: number, task: BuildTask): void {
    if (task.state !== 'failed' || !task.result_dir_url) return;
    if (this.cache.peek(buildId, task.chroot_name)) return;
    void this.classify({ buildId, chroot: task.chroot_name, resultUrl: task.result_dir_url }, false);
  }

  private classify(ref: TaskRef, asked: boolean): Promise<FailureReason | undefined> {
    if (this.isDisposed) return Promise.resolve(undefined);
    const key = taskKey(ref.buildId, ref.chroot);
    const known = this.cache.peek(ref.buildId, ref.chroot);
    if (known) return Promise.resolve(known);
    const running = this.inFlight.get(key);
    if (running) return running;
    const tries = this.attempts.get(key) ?? 0;
    // Logs that could not be fetched are tried again on later occasions, a few times; a person asking always may.
    if (!asked && tries >= this.maxAttempts) return Promise.resolve(undefined);
    this.attempts.set(key, tries + 1);
    const generation = this.generation;
    const cache = this.cache;
    const work = cache.classify(ref).then(
      (reason) => this.settled(ref, reason, generation, cache),
      (e: unknown) => {
        this.log.warn(`Triage of ${key} failed: ${redactCredentials(e instanceof Error ? e.message : String(e))}`);
        return undefined;
      },
    );
    const tracked = work.finally(() => {
      if (this.inFlight.get(key) === tracked) this.inFlight.delete(key);
    });
    this.inFlight.set(key, tracked);
    return tracked;
  }

  private settled(ref: TaskRef, reason: FailureReason, generation: number, cache: FailureLogCache): FailureReason | undefined {
    if (this.isDisposed || generation !== this.generation) return undefined;
    // The cache keeps only complete answers: one it did not keep came from logs that failed to load.
    if (!cache.peek(ref.buildId, ref.chroot)) {
      this.log.debug(`Triage of ${ref.buildId}/${ref.chroot}: logs not readable yet (${reason.summary})`);
      return undefined;
    }
    this.attempts.delete(taskKey(ref.buildId, ref.chroot));
    this.store.setReason(ref.buildId, ref.chroot, reasonText(reason));
    this.classifiedEmitter.fire({ buildId: ref.buildId, chroot: ref.chroot, reason });
    return reason;
  }
}
