// Copr API v3 writes: who am I (auth-check), cancel a build, build from a source package URL (what the web UI's
// "Resubmit" does), build from git (SCM). Every request goes through AuthorizedTransport, the one place the token is
// put on a request. Answers are checked against the real copr-frontend (test/integration/writes.test.ts): create/url
// answers {"items": [build]}, create/scm a bare build; 401 and 403 carry Copr's own text, kept for the person.
import { AuthorizedTransport, type Credentials } from './authorized';
import { errorMessageOf } from './decode';
import { CoprError } from './errors';
import { httpStatusError, type FetchFn, type RawResponse } from './http';
import { parseJsonBody } from './json';
import { isSafeHttpUrl } from './urls';
import type { ApiVersion } from './types';

/** Why a write did not happen, for the words and buttons the person gets. */
export type WriteFailure = 'unauthorized' | 'forbidden' | 'needs-v3' | 'conflict' | 'bad-request';

export class CoprWriteError extends CoprError {
  constructor(
    readonly failure: WriteFailure,
    message: string,
    /** Copr's own words (its `error` field), shown as a detail. */
    readonly serverText: string | undefined,
    url?: string,
    status?: number,
  ) {
    super(failure === 'needs-v3' ? 'invalid-argument' : 'http', message, url, status);
  }
}

export function isWriteFailure(e: unknown, failure: WriteFailure): e is CoprWriteError {
  return e instanceof CoprWriteError && e.failure === failure;
}

/** What a resubmit needs from the old build. */
export interface BuildSource {
  id: number;
  owner: string;
  project: string;
  dirname: string;
  /** The source package URL Copr built from; null when it has none (not imported, or an SCM build before import). */
  sourceUrl: string | null;
  chroots: string[];
}

export interface ScmBuildRequest {
  owner: string;
  project: string;
  /** An https clone URL. */
  cloneUrl: string;
  committish: string;
  subdirectory: string;
  /** The spec's path relative to the subdirectory. */
  spec: string;
  chroots: string[];
}

export interface UrlBuildRequest {
  owner: string;
  project: string;
  /** The Packit-style directory (`proj:pr:42`) when not the project's main one. */
  dirname?: string;
  url: string;
  chroots: string[];
}

export interface WritesDeps {
  baseUrl: string;
  transport: AuthorizedTransport;
  resolveVersion(signal?: AbortSignal): Promise<ApiVersion>;
}

export class CoprWrites {
  constructor(private readonly deps: WritesDeps) {}

  /** The user name the credentials belong to (GET /api_3/auth-check). */
  async whoAmI(credentials: Credentials, signal?: AbortSignal): Promise<string> {
    const body = await this.call('GET', '/api_3/auth-check', undefined, credentials, signal);
    const name = body && typeof body === 'object' ? (body as { name?: unknown }).name : undefined;
    if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]{1,100}$/.test(name)) {
      throw new CoprError('invalid-response', 'Copr accepted the token but did not say whose it is.', this.url('/api_3/auth-check'));
    }
    return name;
  }

  async cancelBuild(buildId: number, credentials: Credentials, signal?: AbortSignal): Promise<void> {
    await this.call('PUT', `/api_3/build/cancel/${checkedId(buildId)}`, undefined, credentials, signal);
  }

  /** A new build from a source package URL; resolves to its id. */
  async buildFromUrl(r: UrlBuildRequest, credentials: Credentials, signal?: AbortSignal): Promise<number> {
    const body: Record<string, unknown> = { ownername: r.owner, projectname: r.project, pkgs: r.url, chroots: r.chroots };
    if (r.dirname && r.dirname !== r.project) body.project_dirname = r.dirname;
    const answer = await this.call('POST', '/api_3/build/create/url', body, credentials, signal);
    const items = answer && typeof answer === 'object' ? (answer as { items?: unknown }).items : undefined;
    return idOf(Array.isArray(items) ? items[0] : answer, this.url('/api_3/build/create/url'));
  }

  /** A new build from git (source_build_method rpkg, as copr-cli buildscm does by default); resolves to its id. */
  async buildFromScm(r: ScmBuildRequest, credentials: Credentials, signal?: AbortSignal): Promise<number> {
    const body = {
      ownername: r.owner,
      projectname: r.project,
      clone_url: r.cloneUrl,
      committish: r.committish,
      subdirectory: r.subdirectory,
      spec: r.spec,
      scm_type: 'git',
      source_build_method: 'rpkg',
      chroots: r.chroots,
    };
    return idOf(await this.call('POST', '/api_3/build/create/scm', body, credentials, signal), this.url('/api_3/build/create/scm'));
  }

  /** The old build's project, directory, chroots and source package URL (a public read, sent without the token). */
  async buildSource(buildId: number, signal?: AbortSignal): Promise<BuildSource> {
    const url = this.url(`/api_3/build/${checkedId(buildId)}`);
    const body = await this.deps.transport.json({ method: 'GET', url, signal });
    const o = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const source = (o.source_package && typeof o.source_package === 'object' ? o.source_package : {}) as { url?: unknown };
    const owner = typeof o.ownername === 'string' ? o.ownername : '';
    const project = typeof o.projectname === 'string' ? o.projectname : '';
    if (!owner || !project) throw new CoprError('invalid-response', `Copr's answer for build ${buildId} has no project.`, url);
    return {
      id: buildId,
      owner,
      project,
      dirname: typeof o.project_dirname === 'string' && o.project_dirname ? o.project_dirname : project,
      sourceUrl: isSafeHttpUrl(source.url) ? source.url : null,
      chroots: Array.isArray(o.chroots) ? o.chroots.filter((c): c is string => typeof c === 'string') : [],
    };
  }

  // ---- internals

  private url(path: string): string {
    return `${this.deps.baseUrl}${path}`;
  }

  private async call(method: 'GET' | 'PUT' | 'POST', path: string, body: unknown, credentials: Credentials, signal?: AbortSignal): Promise<unknown> {
    if ((await this.deps.resolveVersion(signal)) !== 'v3') {
      throw new CoprWriteError('needs-v3', 'This action needs Copr API v3; this server speaks only API v2.', undefined);
    }
    const url = this.url(path);
    const res = await this.deps.transport.send({ method, url, body, credentials, signal });
    const text = new TextDecoder().decode(res.bytes);
    if (res.status >= 200 && res.status < 300) return parseJsonBody(text, url);
    throw refusalOf(res, text);
  }
}

function checkedId(id: number): number {
  if (!Number.isSafeInteger(id) || id <= 0) throw new CoprError('invalid-argument', `Not a build id: ${String(id)}.`);
  return id;
}

function idOf(build: unknown, url: string): number {
  const id = build && typeof build === 'object' ? (build as { id?: unknown }).id : undefined;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) {
    throw new CoprError('invalid-response', 'Copr accepted the build but its answer has no build id; refresh to find it.', url);
  }
  return id;
}

const FAILURE_OF: Record<number, WriteFailure> = { 400: 'bad-request', 401: 'unauthorized', 403: 'forbidden', 409: 'conflict' };

/** The error for a refused write: Copr's text kept apart for 401/403/409/400, else the read path's wording. */
function refusalOf(res: RawResponse, text: string): CoprError {
  const failure = FAILURE_OF[res.status];
  let serverText: string | undefined;
  try {
    serverText = errorMessageOf(parseJsonBody(text, res.url)) ?? undefined;
  } catch {
    serverText = undefined;
  }
  if (!failure || (serverText === undefined && res.status !== 401)) return httpStatusError(res, text);
  const message =
    failure === 'unauthorized'
      ? 'Copr did not accept your API token (wrong or expired).'
      : failure === 'forbidden'
        ? 'Copr refused: you do not have the rights for this.'
        : `Copr refused: ${serverText ?? ''}`;
  return new CoprWriteError(failure, message, serverText, res.url, res.status);
}

/** The writes of a client's server, with their own transport (the client's reads never carry the token). */
export function writesFor(client: { baseUrl: string; userAgent: string; resolveVersion(o?: { signal?: AbortSignal }): Promise<ApiVersion> }, fetchFn?: FetchFn): CoprWrites {
  return new CoprWrites({
    baseUrl: client.baseUrl,
    transport: new AuthorizedTransport({ baseUrl: client.baseUrl, userAgent: client.userAgent, fetch: fetchFn }),
    resolveVersion: (signal) => client.resolveVersion({ signal }),
  });
}
