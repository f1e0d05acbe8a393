// What the details page shows, gathered from the store into one plain object. Pure: the panel builds it, the renderer
// turns it into HTML, the tests build it by hand.
import { isTaskState } from '../api/states';
import type { Build, BuildTask, TaskState } from '../api/types';
import type { EvidenceLine, LogName } from '../triage/failureReason';
import { LOG_NAMES, isLogName } from '../logs/logNames';

export interface ReasonView {
  summary: string;
  /** The package is probably not at fault (infrastructure): a resubmit may be enough. */
  notYourPackage: boolean;
  evidence: EvidenceLine[];
}

export interface ChrootRow {
  chroot: string;
  state: TaskState;
  current: boolean;
}

export interface DetailsData {
  buildId: number;
  chroot: string;
  /** Undefined until the store (or a fetch) has the task. */
  task: BuildTask | undefined;
  build: Build | undefined;
  /** Every chroot of the build, this one included (marked `current`), in the store's order. */
  chroots: ChrootRow[];
  reason: ReasonView | undefined;
  /** Why the build's source (SRPM) stage failed, when it did (the build then has no chroots). */
  sourceStage?: ReasonView;
  /** The task's git hash, or the one fetched on demand; null when the server cannot tell, undefined when unknown yet. */
  gitHash: string | null | undefined;
  /** The build's page on the configured Copr server, when it can be built. */
  buildUrl: string | undefined;
  /** Unix seconds, for the running duration. */
  nowSeconds: number;
  /** A sentence for the person when something could not be loaded. */
  problem?: string;
}

export interface DetailsSources {
  buildId: number;
  chroot: string;
  task: BuildTask | undefined;
  build: Build | undefined;
  tasks: readonly BuildTask[] | undefined;
  /** Whatever the store's reasonOf returned: a summary string, a FailureReason-like object, or nothing. */
  reason: unknown;
  /** The same for the build's source stage (reasonOf(buildId, 'srpm-builds')). */
  sourceReason?: unknown;
  fetchedGitHash: string | null | undefined;
  buildUrl: string | undefined;
  nowSeconds: number;
  problem?: string;
}

export function detailsData(s: DetailsSources): DetailsData {
  const seen = new Set<string>();
  const chroots: ChrootRow[] = [];
  for (const t of s.tasks ?? []) {
    if (seen.has(t.chroot_name)) continue;
    seen.add(t.chroot_name);
    chroots.push({ chroot: t.chroot_name, state: t.state, current: t.chroot_name === s.chroot });
  }
  // Chroots the build names but whose tasks are not loaded yet still belong in the list.
  for (const name of s.build?.chroots ?? []) {
    if (seen.has(name)) continue;
    seen.add(name);
    chroots.push({ chroot: name, state: 'unknown', current: name === s.chroot });
  }
  const taskHash = s.task?.git_hash ?? undefined;
  return {
    buildId: s.buildId,
    chroot: s.chroot,
    task: s.task,
    build: s.build,
    chroots,
    reason: reasonView(s.reason),
    sourceStage: reasonView(s.sourceReason),
    gitHash: taskHash ?? s.fetchedGitHash,
    buildUrl: s.buildUrl,
    nowSeconds: s.nowSeconds,
    problem: s.problem,
  };
}

const MAX_EVIDENCE_SHOWN = 50;

/** Reads a failure reason defensively: the triage helper's FailureReason, a plain summary string, or nothing. */
export function reasonView(value: unknown): ReasonView | undefined {
  if (typeof value === 'string') return value.trim() ? { summary: value, notYourPackage: false, evidence: [] } : undefined;
  if (!value || typeof value !== 'object') return undefined;
  const r = value as { summary?: unknown; notYourPackage?: unknown; evidence?: unknown };
  if (typeof r.summary !== 'string') return undefined;
  const evidence: EvidenceLine[] = [];
  if (Array.isArray(r.evidence)) {
    for (const e of r.evidence.slice(0, MAX_EVIDENCE_SHOWN)) {
      const line = evidenceLine(e);
      if (line) evidence.push(line);
    }
  }
  return { summary: r.summary, notYourPackage: r.notYourPackage === true, evidence };
}

function evidenceLine(value: unknown): EvidenceLine | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const e = value as { log?: unknown; line?: unknown; text?: unknown };
  if (!isLogName(e.log) || typeof e.text !== 'string') return undefined;
  if (typeof e.line !== 'number' || !Number.isInteger(e.line) || e.line < 1) return undefined;
  return { log: e.log, line: e.line, text: e.text };
}

export function stateOf(value: unknown): TaskState {
  return isTaskState(value) ? value : 'unknown';
}

export const VIEWABLE_LOGS: readonly LogName[] = LOG_NAMES;
