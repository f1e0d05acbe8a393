// The simulator's public types: options, the control handle, and the vocabulary of the world it models.

import type { TaskState } from '../../src/api/types';

export type { TaskState };

/** Why a failed chroot failed; each one has its own recognisable log lines (see logs.ts). */
export type FailureKind =
  | 'missing-buildrequires'
  | 'build-error'
  | 'check-failure'
  | 'unpackaged-files'
  | 'missing-files'
  | 'spec-error'
  | 'no-space'
  | 'builder-lost'
  | 'build-timeout';

export const FAILURE_KINDS: readonly FailureKind[] = [
  'missing-buildrequires',
  'build-error',
  'check-failure',
  'unpackaged-files',
  'missing-files',
  'spec-error',
  'no-space',
  'builder-lost',
  'build-timeout',
];

/** Why a build's source (SRPM) stage failed, by source method; such a build gets no chroots (see srpmLogs.ts). */
export type SrpmFailureKind =
  | 'spec-parse'
  | 'source-404'
  | 'missing-patch'
  | 'no-makefile'
  | 'makefile-error'
  | 'repo-not-found'
  | 'network'
  | 'pypi'
  | 'rubygems';

export const SRPM_FAILURE_KINDS: readonly SrpmFailureKind[] = [
  'spec-parse', 'source-404', 'missing-patch', 'no-makefile', 'makefile-error', 'repo-not-found', 'network', 'pypi', 'rubygems',
];

/** Kinds that are not the package's fault (a resubmit may be enough). */
export const INFRASTRUCTURE_KINDS: readonly FailureKind[] = ['no-space', 'builder-lost', 'build-timeout'];

/** How a chroot ends when nothing interferes. */
export type ChrootOutcome = 'succeeded' | 'failed' | 'skipped' | 'forked';

export type ApiMode = 'v2' | 'v3' | 'both';

export interface SimulatorOptions {
  /** 0 or absent = any free port. */
  port?: number;
  /** Seeds the generated part of the world (fixtures.ts is seed-independent). Default 1. */
  seed?: number;
  api?: ApiMode;
  /** 'manual' (default): time moves only through clock.advance. 'realtime': wall time × speed. */
  clock?: 'manual' | 'realtime';
  /** Realtime multiplier (default 1). */
  speed?: number;
  /** How *.gz files are served: as gzip files (default) or as text/plain with Content-Encoding: gzip. */
  gzipMode?: 'file' | 'encoding';
  /** Unix seconds at which the world starts (default fixtures.DEFAULT_START_TIME). */
  startTime?: number;
  /** 'default': fixtures + seeded world; 'empty': nothing; 'bench': fixtures + bench/big (2,500 builds × 40 chroots). */
  world?: 'default' | 'empty' | 'bench';
  /** Host to bind (default 127.0.0.1). */
  host?: string;
}

export type FaultKind =
  | 'latency'
  | 'html200'
  | 'html502'
  | 'html504'
  | 'json500'
  | '429'
  | '503'
  | 'truncated'
  | 'drop'
  | 'hang'
  /** Status, headers (with the full Content-Length) and half the body, then nothing until close: a stalled body. */
  | 'stall'
  /** A 200 JSON body of `bytes` (default 50 MB), streamed in chunks. */
  | 'huge'
  /** A 200 JSON body of `depth` (default 100,000) nested arrays. */
  | 'deep';

export interface FaultSpec {
  /** A string matches a path prefix (of the path with query when it contains '?'); a RegExp is tested on the path with query. */
  path: string | RegExp;
  kind: FaultKind;
  /** latency: delay before the normal answer (default 100). */
  ms?: number;
  /** 429/503: the Retry-After header in seconds (default 1). */
  retryAfter?: number;
  /** Applies this many times, then removes itself; absent = until removed. */
  times?: number;
  /** huge: body size in bytes (default 50 MB). */
  bytes?: number;
  /** huge: send Content-Length (default true); false = chunked, so only a reader's own cap stops it. */
  declareLength?: boolean;
  /** deep: nesting depth (default 100,000). */
  depth?: number;
}

export interface BuildSpec {
  owner: string;
  project: string;
  package?: string;
  version?: string;
  /** Default: the project's chroots. */
  chroots?: string[];
  /** Per chroot; chroots not named succeed. */
  outcome?: Record<string, ChrootOutcome>;
  /** The failure kind of every failed chroot (default: chosen by the seed). */
  failureKind?: FailureKind;
  /** Default 'simuser'; null = webhook rebuild. */
  submitter?: string | null;
  /** Default: the project name. */
  dirname?: string;
  /** Running time of each chroot (default 300). The import takes 60 s, queueing 30 s, starting 20 s. */
  durationSeconds?: number;
  /**
   * Hostile-data overrides. The result directory URL served for every chroot (a string) or for the chroots named
   * (javascript:, data:, file:, 10,000-character URLs...), instead of the simulator's own. Logs stay where they are.
   */
  resultDirUrl?: string | Record<string, string>;
  /** The git_hash served for every chroot (v2 build tasks, /backend/get-build-task), e.g. one that is not hex. */
  gitHash?: string;
  /**
   * The chroots are listed from submission on, `waiting` while the sources are imported (copr-frontend allocates
   * BuildChroots at submission when the chroots are known, as the real seed's importing build shows); default: listed
   * only once imported (chroots: [] before, when they come from the package's settings).
   */
  chrootsWhileImporting?: boolean;
  /** The source (SRPM) stage fails this way at the end of the import: the build fails with no chroots. */
  srpmFailure?: SrpmFailureKind;
}

export interface RequestRecord {
  method: string;
  /** Path with query, as received. */
  path: string;
  /** 0 when no response was sent (drop, hang). */
  status: number;
  /** Body bytes written. */
  bytes: number;
  /** Simulated unix seconds when the request arrived. */
  time: number;
  /** Wall-clock ms when the request arrived. */
  wallMs: number;
  /** The request headers tests assert on (absent when not sent). */
  headers: RecordedHeaders;
}

export interface RecordedHeaders {
  'user-agent'?: string;
  authorization?: string;
  cookie?: string;
  range?: string;
  accept?: string;
}

export interface PopulateSpec {
  owner?: string;
  project: string;
  builds: number;
  chroots: number;
  /** Package names the builds take in turn (default: every build is of 'bench-pkg'). */
  packages?: string[];
  /** The newest build is submitted this long before now, plus an hour (default 0: an hour ago). */
  quietSeconds?: number;
}

export interface SimWorld {
  addBuild(spec: BuildSpec): number;
  setChrootState(buildId: number, chroot: string, state: TaskState): void;
  cancelBuild(buildId: number): void;
  addProject(owner: string, name: string, chroots: string[]): void;
  /** The v3 build object as served now, or undefined. */
  getBuild(id: number): unknown;
  /** The v3 build-chroot items of a build as served now. */
  getChroots(id: number): unknown[];
  /** The failure kind of a chroot that is failed now (null when it is not failed, or failed because it was canceled). */
  failureKindOf(buildId: number, chroot: string): FailureKind | null;
  /** Adds many finished builds to a project (created if missing) fast; returns the new build ids. */
  populate(spec: PopulateSpec): number[];
  /** Ids of all builds, ascending. */
  buildIds(): number[];
}

export interface SimulatorHandle {
  /** http://127.0.0.1:PORT (no trailing slash). */
  url: string;
  close(): Promise<void>;
  clock: { now(): number; advance(seconds: number): void };
  world: SimWorld;
  faults: { add(f: FaultSpec): number; remove(id: number): void; clear(): void };
  requests: {
    list(): RequestRecord[];
    count(filter?: (r: RequestRecord) => boolean): number;
    reset(): void;
  };
}
