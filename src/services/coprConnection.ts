// The current server: one CoprClient built from the settings, rebuilt when copr.url or copr.apiVersion changes.
// It is the scheduler's CoprSource, so the scheduler never holds a stale client.
import { CoprClient } from '../api';
import type { Build, BuildTask, Project } from '../api/types';
import type { Logger } from '../common/log';
import type { CoprSettings } from '../config/settings';
import type { CoprSource } from '../monitor/source';

export class CoprConnection implements CoprSource {
  private current: CoprClient | undefined;
  private key = '';
  /** The package a project's pages are limited to, if any (the workspace's own projects, src/discovery). */
  private packageOf: (project: string) => string | undefined = () => undefined;

  constructor(
    private readonly settings: () => CoprSettings,
    private readonly logger: Logger,
    private readonly version: string,
  ) {}

  /** The client for the configured server (created on first use and after a change of server). */
  client(): CoprClient {
    const s = this.settings();
    const key = `${s.url}|${s.apiVersion}`;
    if (!this.current || key !== this.key) {
      this.key = key;
      this.current = new CoprClient({
        baseUrl: s.url,
        apiVersion: s.apiVersion,
        userAgent: `copr-vscode/${this.version}`,
        logger: this.logger,
      });
      this.logger.info(`Copr server: ${s.url} (API ${s.apiVersion})`);
    }
    return this.current;
  }

  /** True when the settings now point at another server than the client in use. */
  serverChanged(): boolean {
    const s = this.settings();
    return this.current !== undefined && `${s.url}|${s.apiVersion}` !== this.key;
  }

  listProjects(owner: string, signal?: AbortSignal): Promise<Project[]> {
    return this.client().listProjects(owner, signal);
  }
  listBuilds(q: { owner?: string; project?: string; offset?: number; limit?: number; signal?: AbortSignal }): Promise<Build[]> {
    const packageName = q.project === undefined ? undefined : this.packageOf(q.project);
    return this.client().listBuilds(packageName ? { ...q, packageName } : q);
  }

  /** Asked at every page: the package a project's builds are limited to (API v3 `packagename`), if any. */
  setPackageFilter(packageOf: (project: string) => string | undefined): void {
    this.packageOf = packageOf;
  }
  listBuildTasks(q: { buildId: number; limit?: number; offset?: number; signal?: AbortSignal }): Promise<BuildTask[]> {
    return this.client().listBuildTasks(q);
  }
  getBuild(id: number, signal?: AbortSignal): Promise<Build> {
    return this.client().getBuild(id, signal);
  }
}
