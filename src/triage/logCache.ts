// Classification of failed tasks, fetched and computed once per task: a finished chroot's logs never
// change, so a result is kept for good (bounded, least recently used first out).

import { classifyFindings, LogFindings, scanFailureLogSliced } from './classifier';
import { FailureReason, LogName } from './failureReason';
import { SRPM_STAGE } from './sourceStage';

/** The API layer's log fetcher: the log's text (already decompressed), or null when there is none. */
export type FetchText = (url: string) => Promise<string | null>;

export interface FailedTask {
  buildId: number | string;
  chroot: string;
  /** The chroot's result directory (`result_url` of API v3's build-chroot). */
  resultUrl: string;
}

export interface FailureLogCacheOptions {
  fetchText: FetchText;
  /** Default 500. */
  maxEntries?: number;
}

type LogFiles = ReadonlyArray<{ log: LogName; files: readonly string[] }>;

/** The logs consulted, in order; later ones are fetched only while the earlier ones are not conclusive. */
const LOG_FILES: LogFiles = [
  { log: 'builder-live', files: ['builder-live.log.gz', 'builder-live.log'] },
  { log: 'build', files: ['build.log.gz'] },
  { log: 'root', files: ['root.log.gz'] },
  { log: 'backend', files: ['backend.log.gz'] },
];

/**
 * The source (SRPM) stage has no mock build.log or root.log, only these (see sourceStage.ts); gzipped once it ended,
 * plain while it runs. Asking the chroot's list there cost two 404s per failure whose builder-live was not decisive.
 */
const SOURCE_LOG_FILES: LogFiles = [
  { log: 'builder-live', files: ['builder-live.log.gz', 'builder-live.log'] },
  { log: 'backend', files: ['backend.log.gz', 'backend.log'] },
];

export function taskKey(buildId: number | string, chroot: string): string {
  return `${buildId}/${chroot}`;
}

export class FailureLogCache {
  private readonly fetchText: FetchText;
  private readonly maxEntries: number;
  private readonly results = new Map<string, FailureReason>();
  private readonly pending = new Map<string, Promise<FailureReason>>();

  constructor(options: FailureLogCacheOptions) {
    this.fetchText = options.fetchText;
    this.maxEntries = Math.max(1, options.maxEntries ?? 500);
  }

  get size(): number {
    return this.results.size;
  }

  /** The kept result, if any, without fetching. */
  peek(buildId: number | string, chroot: string): FailureReason | undefined {
    return this.results.get(taskKey(buildId, chroot));
  }

  /** The task's failure reason; fetches its logs the first time only. Never rejects. */
  classify(task: FailedTask): Promise<FailureReason> {
    const key = taskKey(task.buildId, task.chroot);
    const known = this.results.get(key);
    if (known) {
      this.results.delete(key);
      this.results.set(key, known);
      return Promise.resolve(known);
    }
    const inFlight = this.pending.get(key);
    if (inFlight) {
      return inFlight;
    }
    const work = this.fetchAndClassify(task).then(({ reason, complete }) => {
      this.pending.delete(key);
      if (complete) {
        this.remember(key, reason);
      }
      return reason;
    });
    this.pending.set(key, work);
    return work;
  }

  delete(buildId: number | string, chroot: string): void {
    this.results.delete(taskKey(buildId, chroot));
  }

  clear(): void {
    this.results.clear();
  }

  private remember(key: string, reason: FailureReason): void {
    this.results.set(key, reason);
    while (this.results.size > this.maxEntries) {
      const oldest = this.results.keys().next().value as string;
      this.results.delete(oldest);
    }
  }

  /**
   * `complete` is false when a fetch failed or no log exists yet: the answer may change, so it is
   * not kept.
   */
  private async fetchAndClassify(task: FailedTask): Promise<{ reason: FailureReason; complete: boolean }> {
    const base = task.resultUrl.endsWith('/') ? task.resultUrl : `${task.resultUrl}/`;
    const findings: LogFindings[] = [];
    let fetchFailed = false;
    for (const { log, files } of task.chroot === SRPM_STAGE ? SOURCE_LOG_FILES : LOG_FILES) {
      for (const file of files) {
        const fetched = await this.safeFetch(base + file);
        if (fetched === undefined) {
          fetchFailed = true;
        } else if (fetched !== null) {
          findings.push(await scanFailureLogSliced(log, fetched));
          const { reason, decisive } = classifyFindings(findings);
          if (decisive) {
            return { reason, complete: true };
          }
          break;
        }
      }
    }
    return { reason: classifyFindings(findings).reason, complete: findings.length > 0 && !fetchFailed };
  }

  /** null: no such log; undefined: the fetch itself failed. */
  private async safeFetch(url: string): Promise<string | null | undefined> {
    try {
      const text = await this.fetchText(url);
      return typeof text === 'string' ? text : null;
    } catch {
      return undefined;
    }
  }
}
