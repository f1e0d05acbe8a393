// Task pages rebuilt from builds, newest first, for both API versions: v3 has no task listing by project or owner,
// and API v2's /build_tasks has no ORDER BY (the real 1.190 lists the oldest first, so its offsets page from the
// wrong end). Builds are listed newest first by both (ORDER BY id DESC), per project; an owner's projects are merged.

import type { ProjectRef } from './args';
import { CoprError } from './errors';
import type { Build, BuildTask, TaskState } from './types';

export const PAGE = 100;
export const MAX_PAGES = 1000;
/** Builds whose chroots are fetched together when a state filter makes the count unpredictable. */
const STATE_BATCH = 6;
/** Builds per batch at most, whatever their chroot counts. */
const MAX_BATCH = 24;

/** What a version backend provides for the stream: one page of a project's builds, and a build's every chroot. */
export interface BuildPager {
  buildPage(project: ProjectRef, offset: number, limit: number, signal: AbortSignal | undefined): Promise<Build[]>;
  allChroots(buildId: number, signal: AbortSignal | undefined): Promise<BuildTask[]>;
}

function isNotFound(e: unknown): boolean {
  return e instanceof CoprError && e.kind === 'not-found';
}

/** One project's builds, newest first, fetched a page at a time and de-duplicated (pages shift as builds arrive). */
export class ProjectBuilds {
  private readonly buffer: Build[] = [];
  private readonly seen = new Set<number>();
  private offset = 0;
  private done = false;

  constructor(
    private readonly api: BuildPager,
    private readonly project: ProjectRef,
    private pageSize: number,
    private readonly signal: AbortSignal | undefined,
    /** In an owner's merge, a project deleted since the listing just has no builds. */
    private readonly tolerateMissing: boolean,
  ) {}

  async peek(): Promise<Build | undefined> {
    for (let pages = 0; this.buffer.length === 0 && !this.done; pages++) {
      if (pages >= MAX_PAGES) this.done = true;
      else await this.loadPage();
    }
    return this.buffer[0];
  }

  take(): Build | undefined {
    return this.buffer.shift();
  }

  private async loadPage(): Promise<void> {
    const size = this.pageSize;
    let builds: Build[];
    try {
      builds = await this.api.buildPage(this.project, this.offset, size, this.signal);
    } catch (e) {
      // A project deleted while its pages are read just ends its stream.
      if (isNotFound(e) && (this.offset > 0 || this.tolerateMissing)) builds = [];
      else throw e;
    }
    this.offset += size;
    this.pageSize = PAGE;
    if (builds.length < size) this.done = true;
    for (const b of builds) {
      if (this.seen.has(b.id)) continue;
      this.seen.add(b.id);
      this.buffer.push(b);
    }
  }
}

/** Several projects' build streams merged newest first (higher id = newer). */
export async function* mergeNewestFirst(streams: ProjectBuilds[]): AsyncGenerator<Build, void, undefined> {
  for (;;) {
    const heads = await Promise.all(streams.map((s) => s.peek()));
    let best = -1;
    heads.forEach((h, i) => {
      if (h && (best < 0 || h.id > (heads[best] as Build).id)) best = i;
    });
    if (best < 0) return;
    const next = streams[best].take();
    if (next) yield next;
  }
}

/**
 * The tasks of builds in order, filtered by state, from the offset-th on. Without a state filter a build's
 * `chroots` tells how many tasks it has, so builds wholly inside the offset are skipped unfetched, and each
 * batch fetches just enough builds to fill the page, in parallel.
 */
export async function* tasksOfBuilds(
  api: BuildPager,
  builds: AsyncGenerator<Build, void, undefined>,
  state: TaskState | undefined,
  offset: number,
  pageSize: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<BuildTask, void, undefined> {
  let skip = offset;
  let exhausted = false;
  try {
    while (!exhausted) {
      const batch: Build[] = [];
      let expected = 0;
      while (batch.length < (state === undefined ? MAX_BATCH : STATE_BATCH)) {
        const next = await builds.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        const build = next.value;
        // chroots: [] is a fresh build whose chroots are not assigned yet: it has no tasks to show.
        if (build.chroots.length === 0) continue;
        if (state === undefined && build.chroots.length <= skip) {
          skip -= build.chroots.length;
          continue;
        }
        batch.push(build);
        expected += build.chroots.length;
        if (state === undefined && expected >= skip + pageSize) break;
      }
      const fetched = await Promise.all(batch.map((b) => api.allChroots(b.id, signal)));
      for (const tasks of fetched) {
        for (const task of tasks) {
          if (state !== undefined && task.state !== state) continue;
          if (skip > 0) skip--;
          else yield task;
        }
      }
    }
  } finally {
    await builds.return(undefined);
  }
}
