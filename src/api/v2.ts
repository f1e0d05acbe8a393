// The seed's API: /api_2 (older and self-hosted Copr instances, and the simulator). Paging is offset/limit with no
// total; errors are {"message","data"}; a v2 build names its project only through _links.project (an id), so
// owner and name are looked up once per project and cached. What the real 1.190 taught us (test/copr): its
// /build_tasks lists the oldest first (no ORDER BY), `owner=` also selects the group projects a user created and
// `group=` is ignored by /builds, so task pages and owner scopes are rebuilt from each project's builds (id DESC).

import type { NormalizedBuildQuery, NormalizedTaskQuery, ProjectRef, Scope } from './args';
import { PAGE, MAX_PAGES, ProjectBuilds, mergeNewestFirst, tasksOfBuilds, type BuildPager } from './buildStream';
import { newestFirst, type ApiContext, type QueryParams, type VersionApi } from './context';
import {
  decodeV2BuildDetail,
  decodeV2BuildList,
  decodeV2ProjectItem,
  decodeV2ProjectList,
  decodeV2TaskDetail,
  decodeV2TaskList,
  type V2BuildRecord,
} from './decode';
import { CoprError } from './errors';
import type { Build, BuildTask, Project } from './types';


function ownerParams(owner: string): QueryParams {
  return owner.startsWith('@') ? { group: owner.slice(1) } : { owner };
}

function sameOwner(a: string, b: string): boolean {
  return a.replace(/^@/, '') === b.replace(/^@/, '');
}

/** `<dir>` of a result directory `…/results/<owner>/<dir>/<chroot>/<id>-<pkg>/`, when it is one of `project`'s. */
function dirnameOf(resultDirUrl: string | null, chroot: string, project: string): string | null {
  if (!resultDirUrl) return null;
  let segments: string[];
  try {
    segments = new URL(resultDirUrl).pathname.split('/').map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
  const at = segments.lastIndexOf(chroot);
  const dir = at >= 3 && segments[at - 3] === 'results' ? segments[at - 1] : undefined;
  return dir !== undefined && (dir === project || dir.startsWith(`${project}:`)) ? dir : null;
}

export class V2Api implements VersionApi, BuildPager {
  readonly version = 'v2' as const;
  private readonly projectIds = new Map<string, number>();
  private readonly projectsById = new Map<number, Promise<Project>>();
  /** A build's chroot names, once it has some: they are fixed after the import, so each build is asked once. */
  private readonly chrootNames = new Map<number, string[]>();
  /** A result directory URL of each build's tasks: v2 builds do not name their Copr directory (Packit's `proj:pr:N`). */
  private readonly resultDirs = new Map<number, { url: string | null; chroot: string }>();

  constructor(private readonly ctx: ApiContext) {}

  async listBuildTasks(q: NormalizedTaskQuery): Promise<BuildTask[]> {
    if (q.scope.kind === 'build') return this.buildTaskPage(q.scope.buildId, q.state, q.offset, q.limit, q.signal);
    const out: BuildTask[] = [];
    for await (const task of this.iterateBuildTasks(q)) {
      out.push(task);
      if (out.length >= q.limit) break;
    }
    return out;
  }

  async *iterateBuildTasks(q: NormalizedTaskQuery): AsyncGenerator<BuildTask, void, undefined> {
    const { scope } = q;
    if (scope.kind !== 'build') {
      const builds = await this.buildStream(scope, Math.min(PAGE, Math.max(10, q.offset + q.limit)), q.signal);
      yield* tasksOfBuilds(this, builds, q.state, q.offset, q.limit, q.signal);
      return;
    }
    let offset = q.offset;
    for (let page = 0; page < MAX_PAGES; page++) {
      const tasks = await this.buildTaskPage(scope.buildId, q.state, offset, q.limit, q.signal);
      yield* tasks;
      if (tasks.length < q.limit) return;
      offset += tasks.length;
    }
  }

  /** One page of one build's tasks (in chroot order; only the multi-build listing lacks an order). */
  private async buildTaskPage(buildId: number, state: string | undefined, offset: number, limit: number, signal: AbortSignal | undefined): Promise<BuildTask[]> {
    try {
      const tasks = await this.ctx.get('/api_2/build_tasks', { build_id: buildId, state, offset, limit }, signal, decodeV2TaskList);
      const first = tasks[0];
      if (first && !this.resultDirs.has(buildId)) this.resultDirs.set(buildId, { url: first.result_dir_url, chroot: first.chroot_name });
      return tasks;
    } catch (e) {
      // The seed promises 404 for an unknown build, the real server answers 200 with no items: both mean "no tasks".
      if (e instanceof CoprError && e.kind === 'not-found') return [];
      throw e;
    }
  }

  /** Every task of one build (BuildPager). */
  async allChroots(buildId: number, signal: AbortSignal | undefined): Promise<BuildTask[]> {
    const out: BuildTask[] = [];
    const q = { scope: { kind: 'build' as const, buildId }, state: undefined, offset: 0, limit: PAGE, signal };
    for await (const task of this.iterateBuildTasks(q)) if (!out.some((t) => t.chroot_name === task.chroot_name)) out.push(task);
    if (out.length > 0) this.rememberChroots(buildId, out.map((t) => t.chroot_name));
    return out;
  }

  /** One page of a project's builds, newest first (BuildPager). */
  buildPage(project: ProjectRef, offset: number, limit: number, signal: AbortSignal | undefined): Promise<Build[]> {
    return this.listBuilds({ scope: { kind: 'project', project, projectId: undefined }, offset, limit, signal });
  }

  /** Builds newest first: one project's, or every project's of an owner merged (v2's owner filters are unreliable). */
  private async buildStream(scope: Exclude<Scope, { kind: 'build' }>, firstPage: number, signal: AbortSignal | undefined): Promise<AsyncGenerator<Build, void, undefined>> {
    if (scope.kind === 'project') {
      const ref = scope.project ?? (await this.projectById(scope.projectId as number, signal));
      return mergeNewestFirst([new ProjectBuilds(this, { owner: ref.owner, name: ref.name }, firstPage, signal, false)]);
    }
    const projects = await this.listProjects(scope.owner, signal);
    return mergeNewestFirst(projects.map((p) => new ProjectBuilds(this, { owner: p.owner, name: p.name }, firstPage, signal, true)));
  }

  async getBuildTask(buildId: number, chroot: string, signal?: AbortSignal): Promise<BuildTask> {
    let task: BuildTask;
    try {
      task = await this.ctx.get(`/api_2/build_tasks/${buildId}/${encodeURIComponent(chroot)}`, {}, signal, decodeV2TaskDetail);
    } catch (e) {
      // 1.190 answers 404 "Build task {} for build {} not found" (never formatted) for a chroot the build lacks, and
      // 500 for a chroot it has never heard of: both are "no such task" for the user, said in our own words.
      if (e instanceof CoprError && (e.kind === 'not-found' || (e.kind === 'http' && e.status === 500))) throw await this.missingTask(buildId, chroot, e, signal);
      throw e;
    }
    if (task.build_id !== buildId) {
      // The seed's own detail example carries the project id here; the URL is the authority.
      this.ctx.logger.debug(`v2 build task ${buildId}/${chroot} reported build_id ${task.build_id}; using ${buildId}.`);
    }
    return { ...task, build_id: buildId, chroot_name: chroot };
  }

  async listBuilds(q: NormalizedBuildQuery): Promise<Build[]> {
    if (q.scope.kind === 'owner') {
      const out: Build[] = [];
      let skip = q.offset;
      for await (const build of await this.buildStream(q.scope, Math.min(PAGE, q.offset + q.limit), q.signal)) {
        if (skip > 0) skip--;
        else out.push(build);
        if (out.length >= q.limit) break;
      }
      return out;
    }
    const projectId = await this.projectId(q.scope, q.signal);
    const records = await this.ctx.get('/api_2/builds', { project_id: projectId, offset: q.offset, limit: q.limit }, q.signal, decodeV2BuildList);
    const known = await this.knownProject(q.scope, q.signal);
    // A v2 build does not list its chroots; the Build model needs them (an empty list means "still importing").
    const builds = await Promise.all(
      records.map(async (r) => this.toBuild(r, r.chroots ?? (await this.chrootsOf(r.build.id, q.signal)), known, q.signal)),
    );
    return builds.sort(newestFirst);
  }

  async getBuild(buildId: number, signal?: AbortSignal): Promise<Build> {
    const { record, tasks } = await this.ctx.get(`/api_2/builds/${buildId}`, { show_build_tasks: 'true' }, signal, decodeV2BuildDetail);
    if (tasks?.[0]) this.resultDirs.set(buildId, { url: tasks[0].result_dir_url, chroot: tasks[0].chroot_name });
    const chroots = tasks ? tasks.map((t) => t.chroot_name) : await this.chrootsOf(buildId, signal);
    if (chroots.length > 0) this.rememberChroots(buildId, chroots);
    return this.toBuild(record, chroots, undefined, signal);
  }

  async listProjects(owner: string, signal?: AbortSignal): Promise<Project[]> {
    const out: Project[] = [];
    const seen = new Set<number>();
    for (let page = 0; page < MAX_PAGES; page++) {
      const params = { ...ownerParams(owner), offset: page * PAGE, limit: PAGE };
      const projects = await this.ctx.get('/api_2/projects', params, signal, decodeV2ProjectList);
      for (const p of projects) {
        // `owner=alice` also lists the @group projects alice created: they are the group's, not hers.
        if (p.owner !== owner) continue;
        if (p.id !== null && seen.has(p.id)) continue;
        if (p.id !== null) seen.add(p.id);
        out.push(p);
      }
      if (projects.length < PAGE) break;
    }
    return out;
  }

  async getProject(owner: string, name: string, signal?: AbortSignal): Promise<Project> {
    const found = await this.findProject({ owner, name }, signal);
    if (found.id === null) return found;
    const url = `/api_2/projects/${found.id}`;
    try {
      // show_chroots adds the enabled chroots the listing lacks; without them the project is still useful.
      const detailed = await this.ctx.get(url, { show_chroots: 'true' }, signal, (body, ctx) => decodeV2ProjectItem(body, '', ctx));
      return { ...detailed, owner: found.owner, full_name: found.full_name };
    } catch (e) {
      if (e instanceof CoprError && e.kind !== 'invalid-argument') {
        this.ctx.logger.debug(`Could not read the chroots of ${found.full_name}: ${e.message}`);
        return found;
      }
      throw e;
    }
  }

  async fetchGitHash(buildId: number, chroot: string, signal?: AbortSignal): Promise<string | null> {
    return (await this.getBuildTask(buildId, chroot, signal)).git_hash;
  }

  // -------------------------------------------------------------------------------------------- helpers

  /** The one v2 filter still asked of the server: a project's id (`/api_2/builds` orders those by id DESC). */
  private async projectId(scope: Extract<Scope, { kind: 'project' }>, signal: AbortSignal | undefined): Promise<number | undefined> {
    return scope.projectId ?? (await this.findProject(scope.project as ProjectRef, signal)).id ?? undefined;
  }


  private async chrootsOf(buildId: number, signal: AbortSignal | undefined): Promise<string[]> {
    return this.chrootNames.get(buildId) ?? (await this.allChroots(buildId, signal)).map((t) => t.chroot_name);
  }

  private async missingTask(buildId: number, chroot: string, cause: CoprError, signal: AbortSignal | undefined): Promise<CoprError> {
    const chroots = await this.allChroots(buildId, signal);
    if (chroots.some((t) => t.chroot_name === chroot)) return cause;
    let message = `Build ${buildId} has no chroot ${chroot} on this Copr.`;
    if (chroots.length === 0) {
      try {
        await this.ctx.get(`/api_2/builds/${buildId}`, {}, signal, () => undefined);
      } catch (e) {
        if (!(e instanceof CoprError && e.kind === 'not-found')) throw e;
        message = `Build ${buildId} does not exist on this Copr.`;
      }
    }
    return new CoprError('not-found', message, cause.url, 404);
  }

  private rememberChroots(buildId: number, names: string[]): void {
    if (this.chrootNames.size >= 5000) this.chrootNames.clear();
    if (this.resultDirs.size >= 5000) this.resultDirs.clear();
    this.chrootNames.set(buildId, names);
  }

  private async knownProject(scope: Extract<Scope, { kind: 'project' }>, signal: AbortSignal | undefined): Promise<Project | undefined> {
    if (scope.projectId !== undefined) return this.projectById(scope.projectId, signal);
    return scope.project ? this.findProject(scope.project, signal) : undefined;
  }

  /** `owner/name` → the v2 project (and its id, cached), through `/api_2/projects?owner=&name=`. */
  private async findProject(ref: ProjectRef, signal: AbortSignal | undefined): Promise<Project> {
    const key = `${ref.owner}/${ref.name}`;
    const cachedId = this.projectIds.get(key);
    if (cachedId !== undefined) return this.projectById(cachedId, signal);
    const url = this.ctx.url('/api_2/projects', { ...ownerParams(ref.owner), name: ref.name });
    const projects = await this.ctx.get('/api_2/projects', { ...ownerParams(ref.owner), name: ref.name }, signal, decodeV2ProjectList);
    const match = projects.find((p) => p.name === ref.name && sameOwner(p.owner, ref.owner));
    if (!match || match.id === null) {
      throw new CoprError('not-found', `Project ${key} does not exist on this Copr.`, url, 404);
    }
    this.projectIds.set(key, match.id);
    this.projectsById.set(match.id, Promise.resolve(match));
    return match;
  }

  private projectById(id: number, signal: AbortSignal | undefined): Promise<Project> {
    let p = this.projectsById.get(id);
    if (!p) {
      p = this.ctx.get(`/api_2/projects/${id}`, {}, signal, (body, ctx) => decodeV2ProjectItem(body, '', ctx));
      this.projectsById.set(id, p);
      // A failed lookup is not remembered: the next poll asks again.
      p.catch(() => this.projectsById.delete(id));
    }
    return p;
  }

  private dirnameFromTasks(buildId: number, project: string): string | null {
    const seen = this.resultDirs.get(buildId);
    return seen ? dirnameOf(seen.url, seen.chroot, project) : null;
  }

  private async toBuild(
    record: V2BuildRecord,
    taskChroots: string[] | null,
    known: Project | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Build> {
    let owner = record.owner;
    let project = record.project;
    let projectId = record.projectId ?? known?.id ?? null;
    if (owner === null || project === null) {
      const p = known ?? (projectId !== null ? await this.projectById(projectId, signal) : undefined);
      if (!p) {
        throw new CoprError(
          'invalid-response',
          `Copr sent an unexpected response: build ${record.build.id} names no project (_links.project is missing).`,
        );
      }
      owner = p.owner;
      project = p.name;
      projectId = projectId ?? p.id;
    }
    return {
      ...record.build,
      owner,
      project,
      dirname: record.dirname || this.dirnameFromTasks(record.build.id, project) || project,
      chroots: record.chroots ?? taskChroots ?? [],
      project_id: projectId,
    };
  }
}
