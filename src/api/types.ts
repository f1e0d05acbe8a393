// The one model of Copr data the rest of the extension sees, whatever API version the server speaks.
// Field names of BuildTask are the seed's (build-task-api-v2.txt) on purpose: they are the product's contract.

/** Every state Copr emits for a build or a build chroot (copr_common StatusEnum). */
export type TaskState =
  | 'failed'
  | 'succeeded'
  | 'canceled'
  | 'running'
  | 'pending'
  | 'skipped'
  | 'starting'
  | 'importing'
  | 'forked'
  | 'waiting'
  | 'unknown';

/** One build in one chroot. */
export interface BuildTask {
  chroot_name: string;
  build_id: number;
  state: TaskState;
  /** Unix seconds; null until the chroot starts. */
  started_on: number | null;
  /** Unix seconds; null until the chroot ends (and forever on some canceled builds). */
  ended_on: number | null;
  /** Null until the backend assigns a result directory. */
  result_dir_url: string | null;
  /** Null when the server cannot tell (always null in v3 lists; fetched on demand). */
  git_hash: string | null;
}

/** Build-level facts the tree and notifications need. */
export interface Build {
  id: number;
  /** `user` or `@group`. */
  owner: string;
  project: string;
  /** Usually the project name; Packit dirs look like `proj:pr:42`. */
  dirname: string;
  /** Null until the SRPM is imported. */
  package_name: string | null;
  package_version: string | null;
  /** Null for webhook rebuilds. */
  submitter: string | null;
  submitted_on: number;
  started_on: number | null;
  ended_on: number | null;
  /** The build's own aggregated state (canceled wins; see copr-api.md §4). */
  state: TaskState;
  /** Chroot names; may be [] while the sources are imported. */
  chroots: string[];
  /** The project's numeric id where the server has one (v2), else null. */
  project_id: number | null;
}

export interface Project {
  /** Numeric id on v2; null on v3. */
  id: number | null;
  owner: string;
  name: string;
  /** `owner/name`. */
  full_name: string;
  /** Enabled chroot names, when the server tells. */
  chroots: string[];
}

/** A page query, as in the seed: buildId wins over projectId/project, which win over owner. */
export interface BuildTaskQuery {
  owner?: string;
  /** `owner/name`. */
  project?: string;
  /** v2 only. */
  projectId?: number;
  buildId?: number;
  state?: TaskState;
  offset?: number;
  limit?: number;
  signal?: AbortSignal;
}

export interface BuildQuery {
  owner?: string;
  /** `owner/name`. */
  project?: string;
  projectId?: number;
  /** With `project` on API v3: only this package's builds (`build/list?packagename=`); v2 has no such filter. */
  packageName?: string;
  offset?: number;
  limit?: number;
  signal?: AbortSignal;
}

export type ApiVersion = 'v2' | 'v3';

export type CoprErrorKind =
  | 'not-found'
  | 'http'
  | 'network'
  | 'timeout'
  | 'invalid-response'
  | 'blocked'
  | 'invalid-argument';
