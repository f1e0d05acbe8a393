// The scheduler's only view of a Copr server. The API client implements it; unit tests script it in memory.
import type { MonitorPackage, MonitorQuery } from '../api/monitor';
import type { Build, BuildTask, Project } from '../api/types';

export interface CoprSource {
  listProjects(owner: string, signal?: AbortSignal): Promise<Project[]>;
  /** Newest first, one page. */
  listBuilds(q: { owner?: string; project?: string /* owner/name */; offset?: number; limit?: number; signal?: AbortSignal }): Promise<Build[]>;
  listBuildTasks(q: { buildId: number; limit?: number; offset?: number; signal?: AbortSignal }): Promise<BuildTask[]>;
  getBuild(id: number, signal?: AbortSignal): Promise<Build>;
  /** A project's monitor (latest build per package and chroot, main directory); null where the server has none. */
  monitor?(q: MonitorQuery): Promise<MonitorPackage[] | null>;
}
