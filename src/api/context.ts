// What both version backends share: the base URL, the transport, the logger, and "GET this path, decode it".

import type { DecodeContext } from './decode';
import type { HttpTransport } from './http';
import type { Logger } from '../common/log';
import type { Build, BuildTask, Project, ApiVersion } from './types';
import type { NormalizedBuildQuery, NormalizedTaskQuery } from './args';

export type QueryParams = Record<string, string | number | boolean | undefined>;

export class ApiContext {
  constructor(
    readonly base: string,
    readonly http: HttpTransport,
    readonly logger: Logger,
    /** Sees every decoded body first (the client learns the server's storage hosts from it). */
    private readonly onBody?: (body: unknown) => void,
  ) {}

  readonly onUnknownState = (raw: string): void => {
    this.logger.warn(`Copr sent an unknown state "${raw}"; it is shown as "unknown".`);
  };

  /** `base + path` with the defined params (URLSearchParams percent-encodes `@` as %40). */
  url(path: string, params: QueryParams = {}): string {
    const url = new URL(this.base + path);
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  async get<T>(path: string, params: QueryParams, signal: AbortSignal | undefined, decode: (body: unknown, ctx: DecodeContext) => T): Promise<T> {
    const url = this.url(path, params);
    const body = await this.http.getJson(url, signal);
    const decoded = decode(body, { url, onUnknownState: this.onUnknownState });
    this.onBody?.(body);
    return decoded;
  }
}

/** One API version's way of answering the client's questions (inputs already validated). */
export interface VersionApi {
  readonly version: ApiVersion;
  listBuildTasks(q: NormalizedTaskQuery): Promise<BuildTask[]>;
  /** Every task from q.offset on, page by page (q.limit per request where the server pages). */
  iterateBuildTasks(q: NormalizedTaskQuery): AsyncGenerator<BuildTask, void, undefined>;
  /** git_hash may be null here on v3; the client adds it. */
  getBuildTask(buildId: number, chroot: string, signal?: AbortSignal): Promise<BuildTask>;
  listBuilds(q: NormalizedBuildQuery): Promise<Build[]>;
  getBuild(buildId: number, signal?: AbortSignal): Promise<Build>;
  listProjects(owner: string, signal?: AbortSignal): Promise<Project[]>;
  getProject(owner: string, name: string, signal?: AbortSignal): Promise<Project>;
  /** May reject; the client turns failures into null. */
  fetchGitHash(buildId: number, chroot: string, signal?: AbortSignal): Promise<string | null>;
}

export function newestFirst(a: { id: number }, b: { id: number }): number {
  return b.id - a.id;
}
