// The world's records and how their state at a given time is derived from their plan.
// A chroot's state is a pure function of (plan, cancel time, forced state, now): advancing the clock needs no work.

import type { ChrootOutcome, FailureKind, SrpmFailureKind, TaskState } from './types';

export interface ProjectRec {
  id: number;
  /** `user` or `@group`. */
  owner: string;
  name: string;
  chroots: string[];
}

export interface ForcedState {
  state: TaskState;
  started_on: number | null;
  ended_on: number | null;
}

export interface ChrootRec {
  name: string;
  outcome: ChrootOutcome;
  failureKind: FailureKind | null;
  pendingAt: number;
  startAt: number;
  runAt: number;
  endAt: number;
  onCancel: 'keep' | 'canceled';
  forced: ForcedState | null;
}

export interface BuildRec {
  id: number;
  project: ProjectRec;
  dirname: string;
  pkg: string;
  version: string;
  submitter: string | null;
  submittedOn: number;
  importEndAt: number;
  canceledAt: number | null;
  chroots: ChrootRec[];
  /** Set only for the seed's build, whose result URL is the seed's foreign one. */
  fixedResultDirUrl?: string;
  fixedGitHash?: string;
  /** Hostile-data overrides per chroot name (BuildSpec.resultDirUrl). */
  resultDirUrls?: Record<string, string>;
  /** BuildSpec.chrootsWhileImporting: chroots are listed (waiting) during the import. */
  chrootsWhileImporting?: boolean;
  /** The source stage fails at importEndAt: no chroots are ever listed (srpmResults.ts serves its logs). */
  srpmFailure?: SrpmFailureKind;
}

export interface ChrootView {
  rec: ChrootRec;
  state: TaskState;
  started_on: number | null;
  ended_on: number | null;
  /** The backend has assigned a result directory (result_url not null). */
  hasResultDir: boolean;
  /** Failed because the build was canceled while it ran (no packaging failure to find in its logs). */
  canceledWhileRunning: boolean;
}

export interface BuildView {
  rec: BuildRec;
  state: TaskState;
  /** The SRPM build + import is done: chroots and source_package are visible. */
  imported: boolean;
  started_on: number | null;
  ended_on: number | null;
  chroots: ChrootView[];
}

const FINAL: ReadonlySet<TaskState> = new Set(['succeeded', 'failed', 'canceled', 'skipped', 'forked']);
const NO_RESULT_DIR: ReadonlySet<TaskState> = new Set(['waiting', 'pending', 'skipped', 'canceled', 'importing', 'unknown']);

export function isCanceledAt(b: BuildRec, t: number): boolean {
  return b.canceledAt !== null && b.canceledAt <= t;
}

/** Chroots exist (are listed) once the import is done, unless the build was canceled before that. */
export function chrootsVisible(b: BuildRec, t: number): boolean {
  if (b.chrootsWhileImporting && t < b.importEndAt && b.canceledAt === null) return true;
  if (t < b.importEndAt || b.srpmFailure) return false;
  return !(b.canceledAt !== null && b.canceledAt < b.importEndAt);
}

export function visibleChrootCount(b: BuildRec, t: number): number {
  return chrootsVisible(b, t) ? b.chroots.length : 0;
}

function planned(c: ChrootRec, t: number): ChrootView {
  const state = plannedState(c, t);
  return {
    rec: c,
    state,
    started_on: t >= c.startAt ? c.startAt : null,
    ended_on: t >= c.endAt ? c.endAt : null,
    hasResultDir: !NO_RESULT_DIR.has(state),
    canceledWhileRunning: false,
  };
}

function plannedState(c: ChrootRec, t: number): TaskState {
  if (t >= c.endAt) return c.outcome;
  if (t >= c.runAt) return 'running';
  if (t >= c.startAt) return 'starting';
  return t >= c.pendingAt ? 'pending' : 'waiting';
}

/** Just the state of chrootAt(), without building the view: for filters that scan many tasks. */
export function chrootStateAt(b: BuildRec, c: ChrootRec, t: number): TaskState {
  if (c.forced) return c.forced.state;
  if (b.canceledAt === null || b.canceledAt > t) return plannedState(c, t);
  const s = plannedState(c, b.canceledAt);
  if (FINAL.has(s)) return s;
  if (s === 'running' || s === 'starting') return 'failed';
  return c.onCancel === 'canceled' ? 'canceled' : s;
}

export function chrootAt(b: BuildRec, c: ChrootRec, t: number): ChrootView {
  if (c.forced) {
    const f = c.forced;
    return { rec: c, ...f, hasResultDir: !NO_RESULT_DIR.has(f.state), canceledWhileRunning: false };
  }
  if (!isCanceledAt(b, t)) return planned(c, t);
  const at = b.canceledAt as number;
  const v = planned(c, at);
  if (FINAL.has(v.state)) return v;
  if (v.state === 'running' || v.state === 'starting') {
    // The backend reports a killed job as failed (background_worker_build.py:_mark_finished).
    return { ...v, state: 'failed', ended_on: at, hasResultDir: true, canceledWhileRunning: true };
  }
  // Still queued: the build is canceled but the chroot keeps its state, or reads canceled; ended_on stays null.
  return { ...v, state: c.onCancel === 'canceled' ? 'canceled' : v.state, hasResultDir: false };
}

const CHROOT_PRIORITY: readonly TaskState[] = ['running', 'starting', 'pending', 'failed', 'succeeded', 'skipped', 'forked'];

/** Build-level state, copr-api.md §4 (FE/models.py Build.status). */
export function aggregateState(canceled: boolean, sourceState: TaskState | null, chroots: readonly TaskState[]): TaskState {
  if (canceled) return 'canceled';
  if (sourceState && ['starting', 'pending', 'running', 'importing', 'failed'].includes(sourceState)) return sourceState;
  for (const s of CHROOT_PRIORITY) if (chroots.includes(s)) return s;
  if (chroots.length === 0) return 'waiting';
  if (chroots.every((s) => s === 'waiting')) return 'pending';
  return 'unknown';
}

export function buildAt(b: BuildRec, t: number): BuildView {
  const canceled = isCanceledAt(b, t);
  const imported = chrootsVisible(b, t);
  const chroots = imported ? b.chroots.map((c) => chrootAt(b, c, t)) : [];
  const sourceState: TaskState = t < b.importEndAt ? 'importing' : b.srpmFailure ? 'failed' : 'succeeded';
  let started: number | null = null;
  let ended: number | null = null;
  let anyOpen = chroots.length === 0;
  for (const c of chroots) {
    if (c.started_on !== null && (started === null || c.started_on < started)) started = c.started_on;
    if (c.ended_on === null) anyOpen = true;
    else if (ended === null || c.ended_on > ended) ended = c.ended_on;
  }
  return {
    rec: b,
    state: aggregateState(canceled, sourceState, chroots.map((c) => c.state)),
    imported,
    started_on: started,
    ended_on: anyOpen ? null : ended,
    chroots,
  };
}

export function isFinal(state: TaskState): boolean {
  return FINAL.has(state);
}
