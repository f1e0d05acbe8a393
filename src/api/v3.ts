// API v3 (copr.fedorainfracloud.org today). v3 has no task listing by project or owner and no project ids, so the
// seed's task pages are rebuilt here: builds newest first (per project, or merged over an owner's projects), each
// expanded into its build-chroots. `limit` is always sent (without it Copr returns everything and may time out);
// `status=` is never sent (Copr loads the whole project to filter it, and offset then skips matches): the state
// filter is applied here.

import type { NormalizedBuildQuery, NormalizedTaskQuery, ProjectRef } from './args';
import { throwIfAborted } from './abort';
import { MAX_PAGES, PAGE, ProjectBuilds, mergeNewestFirst, tasksOfBuilds, type BuildPager } from './buildStream';
import { newestFirst, type ApiContext, type VersionApi } from './context';
import { decodeBackendTaskGitHash, decodeV3Build, decodeV3BuildChroot, decodeV3Items, decodeV3Project } from './decode';
import { CoprError } from './errors';
import type { Build, BuildTask, Project } from './types';

function isNotFound(e: unknown): boolean {
  return e instanceof CoprError && e.kind === 'not-found';
}

export class V3Api implements VersionApi, BuildPager {
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
    yield* tasksOfBuilds(this, builds, state, q.offset, q.limit, q.signal);
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

  async allChroots(buildId: number, signal: AbortSignal | undefined): Promise<BuildTask[]> {
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
  buildPage(project: ProjectRef, offset: number, limit: number, signal: AbortSignal | undefined, packageName?: string): Promise<Build[]> {
    // packagename is part of Copr's SQL query, before offset and limit: a page of that package's builds.
    const params = { ownername: project.owner, projectname: project.name, offset, limit, ...(packageName ? { packagename: packageName } : {}) };
    return this.ctx
      .get('/api_3/build/list', params, signal, (body, ctx) =>
        decodeV3Items(body, ctx, decodeV3Build),
      )
      .then((builds) => builds.sort(newestFirst));
  }

  async listBuilds(q: NormalizedBuildQuery): Promise<Build[]> {
    if (q.scope.kind === 'project') {
      return this.buildPage(this.projectRef(q.scope.project), q.offset, q.limit, q.signal, q.packageName);
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
