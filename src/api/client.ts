// The extension's only way to talk to Copr. It speaks the seed's Build Task API (v2) and the same job on API v3,
// picks the version itself ('auto'), validates every query before sending it, and fails only with CoprError
// (or the caller's own AbortError when it cancels).

import { abortReason, subscribeAbort } from './abort';
import { checkChroot, checkId, checkOwner, normalizeBuildQuery, normalizeTaskQuery, parseProject } from './args';
import { ApiContext, type VersionApi } from './context';
import { decodeV3Items, decodeV3Project, decodeV3Version } from './decode';
import { CoprError } from './errors';
import { HttpTransport, type FetchFn, type TransportOptions } from './http';
import { fetchLog, type FetchLogOptions, type LogChunk } from './logs';
import { LogHostPolicy } from './logHosts';
import { decodeMonitor, type MonitorPackage, type MonitorQuery } from './monitor';
import { decodePackageList, packageListParams, type CoprPackage, type PackageQuery } from './packages';
import type { ApiVersion, Build, BuildQuery, BuildTask, BuildTaskQuery, Project } from './types';
import { isSafeHttpUrl, normalizeBaseUrl } from './urls';
import { V2Api } from './v2';
import { V3Api } from './v3';
import { nullLogger, type Logger } from '../common/log';

export interface CoprClientOptions extends TransportOptions {
  /** The Copr frontend, e.g. https://copr.fedorainfracloud.org. Credentials in it are dropped. */
  baseUrl: string;
  /** 'auto' (default) asks GET /api_3/ once and uses v2 unless it answers {"version": 3}. */
  apiVersion?: 'auto' | ApiVersion;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** Per-call options, or just the AbortSignal (the poll scheduler's CoprSource passes a bare signal). */
export type CallArg = CallOptions | AbortSignal | undefined;

function signalOf(arg: CallArg): AbortSignal | undefined {
  if (arg === undefined || arg === null) return undefined;
  if (typeof AbortSignal !== 'undefined' && arg instanceof AbortSignal) return arg;
  return (arg as CallOptions).signal;
}

/** Git hashes kept per client; a task's dist-git commit never changes once set. */
const GIT_HASH_CACHE_SIZE = 2000;

export class CoprClient {
  /** The base URL as used: no credentials, no trailing slash. */
  readonly baseUrl: string;
  private readonly http: HttpTransport;
  private readonly ctx: ApiContext;
  private readonly logger: Logger;
  private readonly requested: 'auto' | ApiVersion;
  private version: Promise<ApiVersion> | undefined;
  /** The detected version once known (speculative v3 requests stop then). */
  private settled: ApiVersion | undefined;
  private readonly apis: { v2?: V2Api; v3?: V3Api } = {};
  private readonly gitHashes = new Map<string, string>();
  private readonly fetchFn: FetchFn | undefined;
  /** Where this server's logs may be fetched from without asking: its own host, and storage it names (repo_url). */
  readonly logHosts: LogHostPolicy;

  constructor(options: CoprClientOptions) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    const requested = options.apiVersion ?? 'auto';
    if (requested !== 'auto' && requested !== 'v2' && requested !== 'v3') {
      throw new CoprError('invalid-argument', `apiVersion must be 'auto', 'v2' or 'v3', not "${String(requested)}".`);
    }
    if (options.timeoutMs !== undefined && !(options.timeoutMs > 0)) {
      throw new CoprError('invalid-argument', 'timeoutMs must be a positive number of milliseconds.');
    }
    this.requested = requested;
    this.logger = options.logger ?? nullLogger;
    this.http = new HttpTransport({ ...options, logger: this.logger });
    this.fetchFn = options.fetch;
    this.logHosts = new LogHostPolicy(this.baseUrl);
    this.ctx = new ApiContext(this.baseUrl, this.http, this.logger, (body) => this.logHosts.learnFrom(body));
    if (requested !== 'auto') this.version = Promise.resolve(requested);
  }

  /** The User-Agent this client sends. */
  get userAgent(): string {
    return this.http.userAgent;
  }

  /**
   * The API version this server speaks, asked once and remembered. Only a definite answer is remembered: a network
   * failure, a timeout, bot protection, 429 or a 5xx rejects, and the next call asks again.
   */
  resolveVersion(options?: CallArg): Promise<ApiVersion> {
    if (!this.version) {
      const detecting = this.detectVersion();
      detecting.then((v) => (this.settled = v), () => undefined);
      this.version = detecting;
      detecting.catch(() => {
        if (this.version === detecting) this.version = undefined;
      });
    }
    return raceAbort(this.version, signalOf(options));
  }

  /**
   * One page of build tasks, as in the seed: buildId wins over projectId/project, which win over owner; state
   * filters; limit 1..100 (default 100); offset ≥ 0 (default 0). An unknown build has no tasks ([]).
   */
  async listBuildTasks(query: BuildTaskQuery): Promise<BuildTask[]> {
    const q = normalizeTaskQuery(query);
    return (await this.api(q.signal)).listBuildTasks(q);
  }

  /**
   * Every build task of the query from `offset` on, as an async iterator of tasks (not pages): it fetches one page
   * (`limit`, default 100) at a time, only when the consumer gets there, and stops at the first short page. Break out
   * of the `for await` to stop early. Tasks already seen are not repeated when pages shift under new builds.
   * Validation errors reject the first `next()`.
   */
  async *listAllBuildTasks(query: BuildTaskQuery): AsyncGenerator<BuildTask, void, undefined> {
    const q = normalizeTaskQuery(query);
    const api = await this.api(q.signal);
    const seen = new Set<string>();
    for await (const task of api.iterateBuildTasks(q)) {
      const key = `${task.build_id}\u0000${task.chroot_name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      yield task;
    }
  }

  /**
   * One task with everything the server can tell, including git_hash (on v3 from /backend/get-build-task, null when
   * that fails). Rejects with 'not-found' (status 404) when the build or the chroot does not exist.
   */
  async getBuildTask(buildId: number, chrootName: string, arg?: CallArg): Promise<BuildTask> {
    const signal = signalOf(arg);
    checkId(buildId, 'buildId');
    checkChroot(chrootName);
    const api = await this.api(signal);
    if (api.version === 'v2') {
      const task = await api.getBuildTask(buildId, chrootName, signal);
      if (task.git_hash !== null) this.rememberGitHash(buildId, chrootName, task.git_hash);
      return task;
    }
    const [task, gitHash] = await Promise.all([
      api.getBuildTask(buildId, chrootName, signal),
      this.getGitHash(buildId, chrootName, signal),
    ]);
    return { ...task, git_hash: gitHash };
  }

  /**
   * The dist-git commit a task was built from, or null when the server cannot tell (never an error, except the
   * caller's AbortError). Known hashes are cached: a task's hash is fixed once its sources are imported, so a cached
   * value is final whatever the task's state.
   */
  async getGitHash(buildId: number, chrootName: string, arg?: CallArg): Promise<string | null> {
    const signal = signalOf(arg);
    checkId(buildId, 'buildId');
    checkChroot(chrootName);
    const key = `${buildId}/${chrootName}`;
    const cached = this.gitHashes.get(key);
    if (cached !== undefined) return cached;
    const api = await this.api(signal);
    try {
      const hash = await api.fetchGitHash(buildId, chrootName, signal);
      if (hash !== null) this.rememberGitHash(buildId, chrootName, hash);
      return hash;
    } catch (e) {
      if (signal?.aborted) throw abortReason(signal);
      this.logger.debug(`No git hash for ${key}: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  }

  /** One page of builds, newest first (limit 1..100, default 100, always sent). Scope: project/projectId or owner. */
  async listBuilds(query: BuildQuery): Promise<Build[]> {
    const q = normalizeBuildQuery(query);
    // Project ids exist only on v2: no point asking v3 first.
    if (q.scope.kind === 'project' && q.scope.projectId !== undefined) return (await this.api(q.signal)).listBuilds(q);
    return this.v3First(q.signal, (api) => api.listBuilds(q));
  }

  async getBuild(buildId: number, arg?: CallArg): Promise<Build> {
    const signal = signalOf(arg);
    checkId(buildId, 'buildId');
    return (await this.api(signal)).getBuild(buildId, signal);
  }

  /** Every project of a user or @group (paged internally). An unknown owner has none. */
  async listProjects(owner: string, arg?: CallArg): Promise<Project[]> {
    const signal = signalOf(arg);
    checkOwner(owner);
    return this.v3First(signal, (api) => api.listProjects(owner, signal));
  }

  /**
   * The newest projects (up to 100) whose owner and name contain these texts: API v3 `project/search` with an
   * "owner/name" query, which copr-frontend answers with SQL ILIKE on both, not its full-text index. Null on API v2.
   * The caller filters the names exactly (ILIKE's '_' matches any character).
   */
  async searchProjects(owner: string, nameContains: string, arg?: CallArg): Promise<Project[] | null> {
    const signal = signalOf(arg);
    checkOwner(owner);
    if (typeof nameContains !== 'string' || !/^[\w.+-]{1,100}$/.test(nameContains)) {
      throw new CoprError('invalid-argument', `"${String(nameContains).slice(0, 80)}" is not part of a Copr project name.`);
    }
    const api = await this.api(signal);
    if (api.version !== 'v3') return null;
    const params = { query: `${owner}/${nameContains}`, limit: 100, order: 'id', order_type: 'DESC' };
    return this.ctx.get('/api_3/project/search', params, signal, (body, ctx) => decodeV3Items(body, ctx, decodeV3Project));
  }

  async getProject(owner: string, name: string, arg?: CallArg): Promise<Project> {
    const signal = signalOf(arg);
    const ref = parseProject(`${checkOwner(owner)}/${name}`);
    return (await this.api(signal)).getProject(ref.owner, ref.name, signal);
  }

  /** A project directory's monitor (src/api/monitor.ts); null on a server without API v3, which has none. */
  async monitor(q: MonitorQuery): Promise<MonitorPackage[] | null> {
    const ref = parseProject(q.project);
    const api = await this.api(q.signal);
    if (api.version !== 'v3') return null;
    const params = { ownername: ref.owner, projectname: ref.name, project_dirname: q.dirname };
    return this.ctx.get('/api_3/monitor', params, q.signal, decodeMonitor);
  }

  /** One page of a project's packages, oldest first (src/api/packages.ts); null on API v2, which has no such list. */
  async listPackages(q: PackageQuery): Promise<CoprPackage[] | null> {
    const params = packageListParams(q);
    const api = await this.api(q.signal);
    if (api.version !== 'v3') return null;
    return this.ctx.get('/api_3/package/list', params, q.signal, decodePackageList);
  }

  /**
   * The result directory of a build's source (SRPM) stage, from API v3's `build/source-chroot/<id>`; null on API v2
   * (which has no such call) or when the server gives no safe http(s) URL.
   */
  async getSourceResultUrl(buildId: number, arg?: CallArg): Promise<string | null> {
    const signal = signalOf(arg);
    checkId(buildId, 'buildId');
    if ((await this.resolveVersion(signal)) !== 'v3') return null;
    return this.ctx.get(`/api_3/build/source-chroot/${buildId}`, {}, signal, (body) => {
      const url = body && typeof body === 'object' ? (body as { result_url?: unknown }).result_url : undefined;
      return isSafeHttpUrl(url) ? url : null;
    });
  }

  /** A build log with this client's User-Agent, only from this server's own hosts (logHosts). */
  fetchLog(url: string, options: Omit<FetchLogOptions, 'transport'> = {}): Promise<LogChunk> {
    return fetchLog(url, { fetch: this.fetchFn, policy: this.logHosts, ...options, transport: this.http });
  }

  /** Requests on the wire and waiting for a slot (diagnostics). */
  get pendingRequests(): { inFlight: number; queued: number } {
    return { inFlight: this.http.inFlight, queued: this.http.queued };
  }

  // -------------------------------------------------------------------------------------------- internals

  private async api(signal: AbortSignal | undefined): Promise<VersionApi> {
    const version = await this.resolveVersion({ signal });
    if (version === 'v3') return (this.apis.v3 ??= new V3Api(this.ctx));
    return (this.apis.v2 ??= new V2Api(this.ctx));
  }

  /**
   * On a server whose version is not known yet, asks the v3 question alongside the version probe (Fedora Copr speaks
   * v3), so a cold start costs one round trip less; on a v2 server the spare answer is dropped and v2 is asked.
   */
  private async v3First<T>(signal: AbortSignal | undefined, call: (api: VersionApi) => Promise<T>): Promise<T> {
    if (this.settled || this.requested !== 'auto') return call(await this.api(signal));
    const speculative = call((this.apis.v3 ??= new V3Api(this.ctx)));
    speculative.catch(() => undefined);
    const version = await this.resolveVersion({ signal });
    if (version === 'v3') return speculative;
    return call(await this.api(signal));
  }

  private async detectVersion(): Promise<ApiVersion> {
    const url = this.ctx.url('/api_3/');
    let version: ApiVersion;
    try {
      version = decodeV3Version(await this.http.getJson(url)) === 3 ? 'v3' : 'v2';
    } catch (e) {
      if (!(e instanceof CoprError)) throw e;
      const definite =
        e.kind === 'invalid-response' || e.kind === 'not-found' || (e.kind === 'http' && e.status !== undefined && e.status < 500 && e.status !== 429);
      if (!definite) throw e;
      version = 'v2';
    }
    this.logger.info(`${this.baseUrl} speaks Copr API ${version}${this.requested === 'auto' ? ' (detected)' : ''}.`);
    return version;
  }

  private rememberGitHash(buildId: number, chroot: string, hash: string): void {
    if (this.gitHashes.size >= GIT_HASH_CACHE_SIZE) {
      const oldest = this.gitHashes.keys().next();
      if (!oldest.done) this.gitHashes.delete(oldest.value);
    }
    this.gitHashes.set(`${buildId}/${chroot}`, hash);
  }
}

/** `promise`, but rejecting with the caller's AbortError as soon as `signal` aborts (the shared work goes on). */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const unsubscribe = subscribeAbort(signal, () => reject(abortReason(signal)));
    promise.then(
      (v) => {
        unsubscribe();
        resolve(v);
      },
      (e: unknown) => {
        unsubscribe();
        reject(e);
      },
    );
  });
}
