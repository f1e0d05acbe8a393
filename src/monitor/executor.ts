// Runs the planned requests: a few at a time, counted, stopped by the cycle's abort signal; and keeps the server's
// health (backoff with jitter after an outage, Retry-After honoured, bot protection pauses until the user asks).
import type { BuildTask } from '../api/types';
import { CoprError, isCoprError } from '../api/errors';
import type { Logger } from '../common/log';
import { backoffDelay } from './backoff';
import type { CoprSource } from './source';
import { zeroCounts, type CallContext, type RequestCounts } from './state';

export type Health =
  | { state: 'ok' }
  | { state: 'backoff'; error: CoprError; retryAt: number }
  | { state: 'blocked'; error: CoprError }
  /** The window has been unfocused for more than 30 minutes. */
  | { state: 'stopped' };

/** Requests in flight at once within a cycle. */
const CONCURRENCY = 4;
/** Chroots per request (the API's maximum page) and pages per build. */
const TASK_PAGE = 100;
const MAX_TASK_PAGES = 20;

export class Executor {
  readonly totals = zeroCounts();

    readonly #source: CoprSource;
  readonly #log: Logger;

  constructor(source: CoprSource, log: Logger) {
    this.#source = source;
    this.#log = log;
  }

  /** The source can ask monitors at all (an in-memory test source may not). */
  get hasMonitor(): boolean {
    return typeof this.#source.monitor === 'function';
  }

  async call<T>(ctx: CallContext, kind: keyof RequestCounts, fn: (source: CoprSource) => Promise<T>): Promise<T> {
    if (ctx.signal.aborted) throw new CoprError('network', 'Request canceled.');
    ctx.counts[kind] = (ctx.counts[kind] ?? 0) + 1;
    this.totals[kind] = (this.totals[kind] ?? 0) + 1;
    return fn(this.#source);
  }

  /** A build's chroots: one request for every ordinary build; huge builds page by page, up to a cap. */
  async tasks(ctx: CallContext, id: number): Promise<BuildTask[]> {
    const tasks: BuildTask[] = [];
    for (let page = 0; page < MAX_TASK_PAGES; page++) {
      const offset = page * TASK_PAGE;
      const got = await this.call(ctx, 'listBuildTasks', (s) => s.listBuildTasks({ buildId: id, limit: TASK_PAGE, offset, signal: ctx.signal }));
      tasks.push(...got);
      if (got.length < TASK_PAGE) return tasks;
    }
    this.#log.warn(`Build ${id} has more than ${TASK_PAGE * MAX_TASK_PAGES} chroots; only the first ${tasks.length} are followed.`);
    return tasks;
  }

  /** Runs fn over items, a few at a time; after the first error no new item starts, and that error is thrown. */
  async pool<T>(items: readonly T[], signal: AbortSignal, fn: (item: T) => Promise<void>): Promise<void> {
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
}

/** The server's health between cycles: one message per outage, growing waits, a pause on bot protection. */
export class HealthKeeper {
  #value: Health = { state: 'ok' };
  #attempt = 0;
  /** The wait before the next try, after an outage. */
  retryDelayMs = 0;

    readonly #log: Logger;
  readonly #random: () => number;
  readonly #onChange: (h: Health) => void;

  constructor(log: Logger, random: () => number, onChange: (h: Health) => void) {
    this.#log = log;
    this.#random = random;
    this.#onChange = onChange;
  }

  get value(): Health {
    return this.#value;
  }

  set(h: Health): void {
    this.#value = h;
    this.#onChange(h);
  }

  succeeded(): void {
    this.#attempt = 0;
    if (this.#value.state === 'backoff') {
      this.#log.info('Copr server reachable again.');
      this.set({ state: 'ok' });
    }
  }

  /** After a failed cycle: 'blocked' pauses until the user refreshes; 'outage' retries after retryDelayMs. */
  failed(error: CoprError, pollMs: number, now: number): 'blocked' | 'outage' {
    if (error.kind === 'blocked') {
      this.#log.warn(`Copr answered with a web page instead of data (bot protection?); polling paused until refresh. ${error.message}`);
      this.set({ state: 'blocked', error });
      return 'blocked';
    }
    this.#attempt++;
    this.retryDelayMs = backoffDelay(this.#attempt, pollMs, this.#random, error.retryAfter);
    const health: Health = { state: 'backoff', error, retryAt: now + this.retryDelayMs };
    const seconds = Math.round(this.retryDelayMs / 1000);
    if (this.#value.state === 'backoff') {
      this.#value = health; // same outage: no new message
      this.#log.debug(`Copr still unreachable (${error.message}); retry ${this.#attempt} in ${seconds} s.`);
    } else {
      this.#log.warn(`Copr unreachable: ${error.message}. Retrying in ${seconds} s.`);
      this.set(health);
    }
    return 'outage';
  }

  /** The server changed: a fresh start. */
  reset(): void {
    this.#attempt = 0;
    if (this.#value.state !== 'ok' && this.#value.state !== 'stopped') this.set({ state: 'ok' });
  }
}

/** Any failure as a CoprError (a non-Copr exception is a bug, reported as an invalid response). */
export function asCoprError(e: unknown): CoprError {
  return isCoprError(e) ? e : new CoprError('invalid-response', e instanceof Error ? e.message : String(e));
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
