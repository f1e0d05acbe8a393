// Pure rules for what a new observation means: a build's state inferred from its chroots, which chroots newly
// failed, and what a finished build looks like to its consumers.
import type { Build, BuildTask, TaskState } from '../api/types';
import { isFinalState, statePriority } from '../api/states';

/** A build that reached a final state while the scheduler watched it, with its chroots at that moment. */
export interface FinishedBuild {
  build: Build;
  tasks: BuildTask[];
}

const FINAL_ORDER: readonly TaskState[] = ['canceled', 'failed', 'succeeded', 'skipped', 'forked'];

/**
 * The build state its chroots imply (copr-api.md §4), or undefined without chroots. While any chroot is unfinished
 * the build is unfinished (its most advanced state; all-waiting reads as pending, as Copr does). Once all are final,
 * a canceled chroot means the build was canceled (canceled wins), else failed beats succeeded beats skipped/forked.
 */
export function inferBuildState(tasks: readonly BuildTask[]): TaskState | undefined {
  if (tasks.length === 0) return undefined;
  const states = new Set(tasks.map((t) => t.state));
  const unfinished = [...states].filter((s) => !isFinalState(s));
  if (unfinished.length) {
    if (unfinished.every((s) => s === 'unknown')) return 'unknown';
    const known = unfinished.filter((s) => s !== 'unknown');
    const worst = known.reduce((a, b) => (statePriority(b) > statePriority(a) ? b : a));
    return worst === 'waiting' ? 'pending' : worst;
  }
  return FINAL_ORDER.find((s) => states.has(s)) ?? 'unknown';
}

/** Every chroot final (a build with no chroots yet is not). */
export function allChrootsFinal(tasks: readonly BuildTask[]): boolean {
  return tasks.length > 0 && tasks.every((t) => isFinalState(t.state));
}

/**
 * Chroots that are failed in `next` and count as a new failure: the chroot was seen unfinished before, or it was
 * never seen and the build is not in its start-up baseline (it appeared or got chroots while we were watching).
 */
export function newlyFailedChroots(
  previous: readonly BuildTask[] | undefined,
  next: readonly BuildTask[],
  opts: { live: boolean; baseline: boolean },
): BuildTask[] {
  if (!opts.live) return [];
  const before = new Map((previous ?? []).map((t) => [t.chroot_name, t.state] as const));
  return next.filter((t) => {
    if (t.state !== 'failed') return false;
    const was = before.get(t.chroot_name);
    if (was === undefined) return !opts.baseline;
    return !isFinalState(was);
  });
}

/** The latest `ended_on` of the chroots, for a build whose end we inferred rather than read. */
export function latestEnd(tasks: readonly BuildTask[]): number | null {
  let end: number | null = null;
  for (const t of tasks) if (t.ended_on !== null && (end === null || t.ended_on > end)) end = t.ended_on;
  return end;
}
