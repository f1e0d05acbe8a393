// The seed's API: /api_2 (older and self-hosted Copr instances, and the simulator). Paging is offset/limit with no
// total; errors are {"message","data"}; a v2 build names its project only through _links.project (an id), so
// owner and name are looked up once per project and cached.

import type { NormalizedBuildQuery, NormalizedTaskQuery, ProjectRef, Scope } from './args';
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

const PAGE = 100;
/** A hostile or buggy server that never ends a listing is cut off here (1,000 pages = 100,000 items). */
const MAX_PAGES = 1000;

function ownerParams(owner: string): QueryParams {
  return owner.startsWith('@') ? { group: owner.slice(1) } : { owner };
}

function sameOwner(a: string, b: string): boolean {
  return a.replace(/^@/, '') === b.replace(/^@/, '');
}

export class V2Api implements VersionApi {
  readonly version = 'v2' as const;
  private readonly projectIds = new Map<string, number>();
  private readonly projectsById = new Map<number, Promise<Project>>();
  /** A build's chroot names, once it has some: they are fixed after the import, so each build is asked once. */
  private readonly chrootNames = new Map<number, string[]>();

  constructor(private readonly ctx: ApiContext) {}

  async listBuildTasks(q: NormalizedTaskQuery): Promise<BuildTask[]> {
    const params: QueryParams = { ...(await this.scopeParams(q.scope, q.signal)), state: q.state, offset: q.offset, limit: q.limit };
    try {
      return await this.ctx.get('/api_2/build_tasks', params, q.signal, decodeV2TaskList);
    } catch (e) {
      // The seed promises 404 for an unknown build, the real server answers 200 with no items: both mean "no tasks".
      if (q.scope.kind === 'build' && e instanceof CoprError && e.kind === 'not-found') return [];
      throw e;
    }
  }

  async *iterateBuildTasks(q: NormalizedTaskQuery): AsyncGenerator<BuildTask, void, undefined> {
    let offset = q.offset;
    for (let page = 0; page < MAX_PAGES; page++) {
      const tasks = await this.listBuildTasks({ ...q, offset });
      yield* tasks;
      if (tasks.length < q.limit) return;
      offset += tasks.length;
    }
  }

  async getBuildTask(buildId: number, chroot: string, signal?: AbortSignal): Promise<BuildTask> {
    const task = await this.ctx.get(`/api_2/build_tasks/${buildId}/${encodeURIComponent(chroot)}`, {}, signal, decodeV2TaskDetail);
    if (task.build_id !== buildId) {
      // The seed's own detail example carries the project id here; the URL is the authority.
      this.ctx.logger.debug(`v2 build task ${buildId}/${chroot} reported build_id ${task.build_id}; using ${buildId}.`);
    }
    return { ...task, build_id: buildId, chroot_name: chroot };
  }

  async listBuilds(q: NormalizedBuildQuery): Promise<Build[]> {
    const scopeParams = await this.scopeParams(q.scope, q.signal);
    const records = await this.ctx.get('/api_2/builds', { ...scopeParams, offset: q.offset, limit: q.limit }, q.signal, decodeV2BuildList);
    const known = q.scope.kind === 'project' ? await this.knownProject(q.scope, q.signal) : undefined;
    // A v2 build does not list its chroots; the Build model needs them (an empty list means "still importing").
    const builds = await Promise.all(
      records.map(async (r) => this.toBuild(r, r.chroots ?? (await this.chrootsOf(r.build.id, q.signal)), known, q.signal)),
    );
    return builds.sort(newestFirst);
  }

  async getBuild(buildId: number, signal?: AbortSignal): Promise<Build> {
    const { record, tasks } = await this.ctx.get(`/api_2/builds/${buildId}`, { show_build_tasks: 'true' }, signal, decodeV2BuildDetail);
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

  private async scopeParams(scope: Scope, signal: AbortSignal | undefined): Promise<QueryParams> {
    switch (scope.kind) {
      case 'build':
        return { build_id: scope.buildId };
      case 'project':
        return { project_id: scope.projectId ?? (await this.findProject(scope.project as ProjectRef, signal)).id ?? undefined };
      case 'owner':
        return ownerParams(scope.owner);
    }
  }

  private async chrootsOf(buildId: number, signal: AbortSignal | undefined): Promise<string[]> {
    const cached = this.chrootNames.get(buildId);
    if (cached) return cached;
    const names: string[] = [];
    const q = { scope: { kind: 'build' as const, buildId }, state: undefined, offset: 0, limit: PAGE, signal };
    for await (const task of this.iterateBuildTasks(q)) if (!names.includes(task.chroot_name)) names.push(task.chroot_name);
    if (names.length > 0) this.rememberChroots(buildId, names);
    return names;
  }

  private rememberChroots(buildId: number, names: string[]): void {
    if (this.chrootNames.size >= 5000) this.chrootNames.clear();
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
      dirname: record.dirname || project,
      chroots: record.chroots ?? taskChroots ?? [],
      project_id: projectId,
    };
  }
}
