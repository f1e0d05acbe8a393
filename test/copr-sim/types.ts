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
  | 'hang';

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
}

export interface PopulateSpec {
  owner?: string;
  project: string;
  builds: number;
  chroots: number;
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
