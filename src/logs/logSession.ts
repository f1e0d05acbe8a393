// One open log document: loads the log (bounded tail), then, while the chroot runs, follows the live file with
// Range requests on a setTimeout chain through the Clock. The chain belongs to this object and stops when it is
// disposed (the document closed), when the task is no longer active, or when the live file is gone (gzipped at the
// end, then the complete .gz is read once). No `vscode` here: the provider adapts it.
import type { TaskState } from '../api/types';
import { isCoprError } from '../api/errors';
import type { Clock, TimerHandle } from '../common/clock';
import { Emitter, type Event } from '../common/event';
import { Disposable, toDisposable } from '../common/lifecycle';
import { redactCredentials, type Logger } from '../common/log';
import { LOG_TITLES, type LogLocation } from './logNames';
import { streamLog, type FetchFn } from '../api/logFetch';
import type { LogHostPolicy } from '../api/logHosts';
import type { LogRef } from './logUri';
import { TailText } from './tailText';

/** Where the log lives now, or why it cannot be shown. */
export type LogTarget = { locations: LogLocation[]; state: TaskState } | { problem: string };

export interface LogSessionOptions {
  ref: LogRef;
  locate(): Promise<LogTarget>;
  /** True while the chroot still runs (the monitor's view); following stops when it turns false. */
  isActive(): boolean;
  clock: Clock;
  userAgent: string;
  fetch?: FetchFn;
  logger?: Logger;
  /** Milliseconds between polls of a live log. */
  followMs: number;
  /** Characters of the log kept (the tail); decoding stops at ten times this (a gzip bomb, a runaway log). */
  tailChars: number;
  /** Where logs may be fetched from (the connection's LogHostPolicy); absent = any http(s) URL. */
  policy?: LogHostPolicy;
  /**
   * Gives up on one request after this many ms. Default: 30 s for a follow poll (a few new bytes; a hung connection
   * must not freeze the follow for the 5 minutes a whole log download may take), the download's own limit otherwise.
   */
  timeoutMs?: number;
}

const MAX_FAILED_POLLS = 8;
/** Decoded characters read per character kept: 50 MB for the 5 MB tail (issue 20: a 3.4 MB gzip made 1 GiB). */
const DECODED_PER_KEPT = 10;
const FOLLOW_POLL_TIMEOUT_MS = 30_000;
const MAX_BACKOFF_MS = 60_000;

export class LogSession extends Disposable {
  private readonly changed = this._register(new Emitter<void>());
  readonly onDidChange: Event<void> = this.changed.event;
  private tail: TailText;
  private loaded: Promise<void> | undefined;
  private status: string | undefined;
  private problem: string | undefined;
  private liveUrl: string | undefined;
  private finalUrls: string[] = [];
  private offset = 0;
  private timer: TimerHandle | undefined;
  private failedPolls = 0;
  private readonly abort = new AbortController();
  private sourceUrl: string | undefined;
  private _following = false;
  private _version = 0;

  constructor(private readonly opts: LogSessionOptions) {
    super();
    this.tail = new TailText(opts.tailChars);
    this._register(
      toDisposable(() => {
        this.timer?.cancel();
        this.timer = undefined;
        this._following = false;
        this.abort.abort();
      }),
    );
  }

  get following(): boolean {
    return this._following;
  }

  /** Bumped on every change of the text (for tests and for the provider's change events). */
  get version(): number {
    return this._version;
  }

  /** Loads once; later calls return the same promise. */
  load(): Promise<void> {
    this.loaded ??= this.initialLoad();
    return this.loaded;
  }

  /** The document's text: an explanatory first line when something is cut or missing, then the log's tail. */
  text(): string {
    const header = this.headerLines();
    const body = this.tail.text();
    if (header.length === 0) return body;
    return `${header.join('\n')}\n${body}`;
  }

  /** The 1-based document line of a 1-based line of the full log; undefined when that line was cut off. */
  documentLine(logLine: number): number | undefined {
    const dropped = this.tail.droppedLines;
    if (logLine <= dropped) return undefined;
    return logLine - dropped + this.headerLines().length;
  }

  private headerLines(): string[] {
    const lines: string[] = [];
    if (this.problem) lines.push(`[copr] ${this.problem}`);
    if (this.tail.truncated) {
      lines.push(
        `[copr] Showing the last ${mb(this.opts.tailChars)} of this log: the first ${this.tail.droppedLines.toLocaleString('en-US')} lines ` +
          `(${mb(this.tail.droppedChars)}) are not shown. Full log: ${this.sourceUrl ?? 'see the result directory'}`,
      );
    }
    if (this.status) lines.push(`[copr] ${this.status}`);
    return lines;
  }

  private async initialLoad(): Promise<void> {
    const { ref } = this.opts;
    let target: LogTarget;
    try {
      target = await this.opts.locate();
    } catch (e) {
      this.setProblem(`Could not look up build ${ref.buildId} (${ref.chroot}): ${messageOf(e)}`);
      return;
    }
    if ('problem' in target) {
      this.setProblem(target.problem);
      return;
    }
    this.liveUrl = target.locations.find((l) => l.live)?.url;
    this.finalUrls = target.locations.filter((l) => !l.live).map((l) => l.url);
    for (const location of target.locations) {
      if (this.isDisposed) return;
      try {
        const r = await streamLog(location.url, (t) => this.tail.append(t), this.fetchOptions({ identity: location.live }));
        if (r.kind !== 'ok') continue;
        this.sourceUrl = location.url;
        if (location.live) this.offset = r.rawBytes;
        if (r.incomplete && r.note) this.status = `Note: ${r.note}.`;
        this.touch();
        if (location.live && this.opts.isActive()) this.startFollowing();
        return;
      } catch (e) {
        if (this.isDisposed) return;
        this.setProblem(`Could not load ${LOG_TITLES[ref.log]} from ${redactCredentials(location.url)}: ${messageOf(e)}`);
        return;
      }
    }
    if (this.liveUrl && this.opts.isActive()) {
      // Not written yet: follow it from its first byte.
      this.status = `${LOG_TITLES[ref.log]} does not exist yet; it appears here as soon as the builder writes it.`;
      this.sourceUrl = this.liveUrl;
      this.touch();
      this.startFollowing();
      return;
    }
    this.setProblem(
      ref.log === 'build' || ref.log === 'root'
        ? `${LOG_TITLES[ref.log]} is not in the result directory (mock writes it when the chroot ends; chroots that fail early have none).`
        : `${LOG_TITLES[ref.log]} is not in the result directory.`,
    );
  }

  private startFollowing(): void {
    this._following = true;
    this.schedule(this.opts.followMs);
  }

  private schedule(ms: number): void {
    if (this.isDisposed) return;
    this.timer = this.opts.clock.setTimeout(() => void this.poll(), ms);
  }

  private async poll(): Promise<void> {
    this.timer = undefined;
    if (this.isDisposed || !this.liveUrl) return;
    const stillActive = this.opts.isActive();
    try {
      // Held back until the response is whole: a poll that breaks off mid-body is asked again from the same offset,
      // so showing its first half now would repeat those bytes.
      const received: string[] = [];
      const r = await streamLog(this.liveUrl, (t) => received.push(t), {
        ...this.fetchOptions({ rangeStart: this.offset, identity: true }),
        timeoutMs: this.opts.timeoutMs ?? FOLLOW_POLL_TIMEOUT_MS,
      });
      for (const t of received) this.tail.append(t);
      this.failedPolls = 0;
      if (r.kind === 'ok') {
        this.offset += r.rawBytes;
        if (r.rawBytes > 0) {
          this.status = undefined;
          this.touch();
        }
      } else if (r.kind === 'missing' && this.offset > 0) {
        // The builder finished and the live file was gzipped: read the complete log once and stop.
        await this.reloadFinal();
        return;
      }
    } catch (e) {
      if (this.isDisposed) return;
      this.failedPolls++;
      this.opts.logger?.warn(`Following ${redactCredentials(this.liveUrl)} failed (${this.failedPolls}): ${messageOf(e)}`);
      if (this.failedPolls >= MAX_FAILED_POLLS) {
        this.stopFollowing(`Stopped following the live log after ${this.failedPolls} failed attempts: ${messageOf(e)}`);
        return;
      }
      this.schedule(Math.min(MAX_BACKOFF_MS, this.opts.followMs * 2 ** this.failedPolls));
      return;
    }
    if (this.isDisposed) return;
    if (stillActive) this.schedule(this.opts.followMs);
    else this.stopFollowing(undefined);
  }

  private async reloadFinal(): Promise<void> {
    for (const url of this.finalUrls) {
      const fresh = new TailText(this.opts.tailChars);
      try {
        const r = await streamLog(url, (t) => fresh.append(t), this.fetchOptions({}));
        if (this.isDisposed) return;
        if (r.kind !== 'ok') continue;
        this.tail = fresh;
        this.sourceUrl = url;
        this.stopFollowing(undefined);
        return;
      } catch (e) {
        this.opts.logger?.warn(`Reading the final ${redactCredentials(url)} failed: ${messageOf(e)}`);
      }
    }
    this.stopFollowing(undefined);
  }

  private stopFollowing(reason: string | undefined): void {
    this._following = false;
    this.timer?.cancel();
    this.timer = undefined;
    this.status = reason;
    this.touch();
  }

  private setProblem(problem: string): void {
    this.problem = problem;
    this.touch();
  }

  private touch(): void {
    this._version++;
    this.changed.fire();
  }

  private fetchOptions(extra: { rangeStart?: number; identity?: boolean }) {
    return {
      fetch: this.opts.fetch,
      userAgent: this.opts.userAgent,
      signal: this.abort.signal,
      timeoutMs: this.opts.timeoutMs,
      policy: this.opts.policy,
      maxChars: this.opts.tailChars * DECODED_PER_KEPT,
      ...extra,
    };
  }
}

function mb(chars: number): string {
  if (chars < 1024 * 1024) return `${Math.max(1, Math.round(chars / 1024))} KB`;
  const v = chars / (1024 * 1024);
  return v >= 10 ? `${Math.round(v)} MB` : `${v.toFixed(1).replace(/\.0$/, '')} MB`;
}

function messageOf(e: unknown): string {
  // fetch's own messages quote the URL, credentials included.
  if (isCoprError(e)) return redactCredentials(e.message);
  return redactCredentials(e instanceof Error ? e.message : String(e));
}
