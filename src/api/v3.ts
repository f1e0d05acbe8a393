// API v3 (copr.fedorainfracloud.org today). v3 has no task listing by project or owner and no project ids, so the
// seed's task pages are rebuilt here: builds newest first (per project, or merged over an owner's projects), each
// expanded into its build-chroots. `limit` is always sent (without it Copr returns everything and may time out);
// `status=` is never sent (Copr loads the whole project to filter it, and offset then skips matches): the state
// filter is applied here.

import type { NormalizedBuildQuery, NormalizedTaskQuery, ProjectRef } from './args';
import { throwIfAborted } from './abort';
import { newestFirst, type ApiContext, type VersionApi } from './context';
import { decodeBackendTaskGitHash, decodeV3Build, decodeV3BuildChroot, decodeV3Items, decodeV3Project } from './decode';
import { CoprError } from './errors';
import type { Build, BuildTask, Project, TaskState } from './types';

const PAGE = 100;
const MAX_PAGES = 1000;
/** Builds whose chroots are fetched together when a state filter makes the count unpredictable. */
const STATE_BATCH = 6;
/** Builds per batch at most, whatever their chroot counts. */
const MAX_BATCH = 24;

function isNotFound(e: unknown): boolean {
  return e instanceof CoprError && e.kind === 'not-found';
}

/** One project's builds, newest first, fetched a page at a time and de-duplicated (pages shift as builds arrive). */
class ProjectBuilds {
  private readonly buffer: Build[] = [];
  private readonly seen = new Set<number>();
  private offset = 0;
  private done = false;

  constructor(
    private readonly api: V3Api,
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
async function* mergeNewestFirst(streams: ProjectBuilds[]): AsyncGenerator<Build, void, undefined> {
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

export class V3Api implements VersionApi {
  readonly version = 'v3' as const;

  constructor(private readonly ctx: ApiContext) {}

  // ------------------------------------------------------------------------------------------- tasks

  async listBuildTasks(q: NormalizedTaskQuery): Promise<BuildTask[]> {
    const { scope } = q;
    if (scope.kind === 'build' && q.state === undefined) {
      return this.chrootPage(scope.buildId, q.offset, q.limit, q.signal);
    }
    const out: BuildTask[] = [];
    for await (const task of this.iterateBuildTasks(q)) {
      out.push(task);
      if (out.length >= q.limit) break;
    }
    return out;
  }

  async *iterateBuildTasks(q: NormalizedTaskQuery): AsyncGenerator<BuildTask, void, undefined> {
    const { scope, state } = q;
    if (scope.kind === 'build') {
      let skip = q.offset;
      for (const task of await this.allChroots(scope.buildId, q.signal)) {
        if (state !== undefined && task.state !== state) continue;
        if (skip > 0) skip--;
        else yield task;
      }
      return;
    }
    const builds = await this.buildStream(scope, Math.min(PAGE, Math.max(10, q.offset + q.limit)), q.signal);
    yield* this.tasksOfBuilds(builds, state, q.offset, q.limit, q.signal);
  }

  /**
   * The tasks of builds in order, filtered by state, from the offset-th on. Without a state filter a build's
   * `chroots` tells how many tasks it has, so builds wholly inside the offset are skipped unfetched, and each
   * batch fetches just enough builds to fill the page, in parallel.
   */
  private async *tasksOfBuilds(
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
        const fetched = await Promise.all(batch.map((b) => this.allChroots(b.id, signal)));
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

  /** One page of a build's chroots, as the server pages them. An unknown build has no tasks. */
  private async chrootPage(buildId: number, offset: number, limit: number, signal: AbortSignal | undefined): Promise<BuildTask[]> {
    try {
      return await this.ctx.get('/api_3/build-chroot/list', { build_id: buildId, offset, limit }, signal, (body, ctx) =>
        decodeV3Items(body, ctx, (v, path, c) => decodeV3BuildChroot(v, path, c, buildId)),
      );
    } catch (e) {
      if (isNotFound(e)) return [];
      throw e;
    }
  }

  private async allChroots(buildId: number, signal: AbortSignal | undefined): Promise<BuildTask[]> {
    const out: BuildTask[] = [];
    const seen = new Set<string>();
    for (let page = 0; page < MAX_PAGES; page++) {
      const tasks = await this.chrootPage(buildId, page * PAGE, PAGE, signal);
      for (const t of tasks) {
        if (seen.has(t.chroot_name)) continue;
        seen.add(t.chroot_name);
        out.push(t);
      }
      if (tasks.length < PAGE) break;
    }
    return out;
  }

  async getBuildTask(buildId: number, chroot: string, signal?: AbortSignal): Promise<BuildTask> {
    return this.ctx.get('/api_3/build-chroot', { build_id: buildId, chrootname: chroot }, signal, (body, ctx) =>
      decodeV3BuildChroot(body, '', ctx, buildId),
    );
  }

  async fetchGitHash(buildId: number, chroot: string, signal?: AbortSignal): Promise<string | null> {
    return this.ctx.get(`/backend/get-build-task/${buildId}-${encodeURIComponent(chroot)}`, {}, signal, decodeBackendTaskGitHash);
  }

  // ------------------------------------------------------------------------------------------ builds

  /** One page of a project's builds (`/api_3/build/list` is newest first whatever `order` says). */
  buildPage(project: ProjectRef, offset: number, limit: number, signal: AbortSignal | undefined): Promise<Build[]> {
    return this.ctx
      .get('/api_3/build/list', { ownername: project.owner, projectname: project.name, offset, limit }, signal, (body, ctx) =>
        decodeV3Items(body, ctx, decodeV3Build),
      )
      .then((builds) => builds.sort(newestFirst));
  }

  async listBuilds(q: NormalizedBuildQuery): Promise<Build[]> {
    if (q.scope.kind === 'project') {
      return this.buildPage(this.projectRef(q.scope.project), q.offset, q.limit, q.signal);
    }
    const stream = await this.buildStream(q.scope, Math.min(PAGE, q.offset + q.limit), q.signal);
    const out: Build[] = [];
    let skip = q.offset;
    for await (const build of stream) {
      if (skip > 0) {
        skip--;
        continue;
      }
      out.push(build);
      if (out.length >= q.limit) break;
    }
    return out;
  }

  async getBuild(buildId: number, signal?: AbortSignal): Promise<Build> {
    return this.ctx.get(`/api_3/build/${buildId}`, {}, signal, (body, ctx) => decodeV3Build(body, '', ctx));
  }

  /** Builds newest first: one project's, or every project's of an owner merged (v3 has no owner-wide feed). */
  private async buildStream(
    scope: NormalizedBuildQuery['scope'],
    firstPage: number,
    signal: AbortSignal | undefined,
  ): Promise<AsyncGenerator<Build, void, undefined>> {
    if (scope.kind === 'project') {
      return mergeNewestFirst([new ProjectBuilds(this, this.projectRef(scope.project), firstPage, signal, false)]);
    }
    throwIfAborted(signal);
    const projects = await this.listProjects(scope.owner, signal);
    return mergeNewestFirst(projects.map((p) => new ProjectBuilds(this, { owner: p.owner, name: p.name }, firstPage, signal, true)));
  }

  private projectRef(project: ProjectRef | undefined): ProjectRef {
    if (!project) {
      throw new CoprError('invalid-argument', 'This Copr speaks API v3, which has no project ids: give project as "owner/name".');
    }
    return project;
  }

  // ---------------------------------------------------------------------------------------- projects

  async listProjects(owner: string, signal?: AbortSignal): Promise<Project[]> {
    const out: Project[] = [];
    const seen = new Set<string>();
    for (let page = 0; page < MAX_PAGES; page++) {
      const projects = await this.ctx.get('/api_3/project/list', { ownername: owner, offset: page * PAGE, limit: PAGE }, signal, (body, ctx) =>
        decodeV3Items(body, ctx, decodeV3Project),
      );
      for (const p of projects) {
        if (seen.has(p.full_name)) continue;
        seen.add(p.full_name);
        out.push(p);
      }
      if (projects.length < PAGE) break;
    }
    return out;
  }

  async getProject(owner: string, name: string, signal?: AbortSignal): Promise<Project> {
    return this.ctx.get('/api_3/project', { ownername: owner, projectname: name }, signal, (body, ctx) => decodeV3Project(body, '', ctx));
  }
}
