// Which failures a package's spec file should show, and where: pure (no vscode), so the rules are unit-tested.
// A chroot shows the failure of the newest build of the package that finished in it; a newer success clears it.

import type { Build, BuildTask } from '../api/types';
import { resultFileUrl } from '../api/urls';
import type { FailureReason, LogName } from '../triage/failureReason';
import { specMarks } from '../triage/specMapping';
import { sourceStageFailed, sourceStageTask, SRPM_STAGE } from '../triage/sourceStage';

export interface PackageBuild {
  build: Build;
  /** undefined: the build's chroots are not loaded. */
  tasks: readonly BuildTask[] | undefined;
}

export interface CurrentFailure {
  build: Build;
  task: BuildTask;
}

export interface CurrentFailures {
  failures: CurrentFailure[];
  /** Failed builds whose chroots must be loaded to know which chroots they failed in (newest first). */
  needTasks: number[];
}

/**
 * Per chroot, the newest build that finished it (succeeded or failed); the failed ones are returned. A chroot that
 * is canceled, skipped or still in progress in a newer build keeps the older outcome.
 */
export function currentFailures(builds: readonly PackageBuild[]): CurrentFailures {
  const settled = new Set<string>();
  const failures: CurrentFailure[] = [];
  const needTasks: number[] = [];
  for (const { build, tasks } of [...builds].sort((a, b) => b.build.id - a.build.id)) {
    // The source stage is one more "chroot": a failed one shows until a newer build's sources build (it gets chroots).
    if (sourceStageFailed(build, tasks)) {
      if (!settled.has(SRPM_STAGE)) failures.push({ build, task: sourceStageTask(build) });
      settled.add(SRPM_STAGE);
      continue;
    }
    if (build.chroots.length > 0 || (tasks?.length ?? 0) > 0) settled.add(SRPM_STAGE);
    if (!tasks) {
      if (build.state === 'succeeded') for (const chroot of build.chroots) settled.add(chroot);
      else if (build.state === 'failed' && build.chroots.some((c) => !settled.has(c))) needTasks.push(build.id);
      continue;
    }
    for (const task of tasks) {
      if (settled.has(task.chroot_name)) continue;
      if (task.state === 'succeeded') settled.add(task.chroot_name);
      else if (task.state === 'failed') {
        settled.add(task.chroot_name);
        failures.push({ build, task });
      }
    }
  }
  return { failures, needTasks };
}

export type ProblemSeverity = 'error' | 'warning';

export interface SpecProblem {
  /** 0-based line of the spec file. */
  line: number;
  message: string;
  severity: ProblemSeverity;
  buildId: number;
  /** The chroots of that build failing this way, sorted. */
  chroots: string[];
  /** The log that shows the cause (https URL), when one is known and safe. */
  logUrl?: string;
}

export interface ClassifiedFailure extends CurrentFailure {
  reason: FailureReason;
}

const LOG_FILES: Record<LogName, string> = {
  'builder-live': 'builder-live.log.gz',
  build: 'build.log.gz',
  root: 'root.log.gz',
  backend: 'backend.log.gz',
};

/** The spec's problems for these failures: one per (build, line, message), listing the chroots that share it. */
export function specProblems(specText: string, failures: readonly ClassifiedFailure[]): SpecProblem[] {
  const byKey = new Map<string, SpecProblem>();
  for (const { build, task, reason } of failures) {
    const severity: ProblemSeverity = reason.notYourPackage ? 'warning' : 'error';
    for (const mark of marksFor(specText, reason)) {
      // A failing section reads the same in every chroot even when its detail (a test count) differs.
      const what = reason.category === 'section-failed' ? `section:${reason.section ?? ''}` : mark.message;
      const key = `${build.id}|${mark.line}|${severity}|${what}`;
      const known = byKey.get(key);
      if (known) {
        if (!known.chroots.includes(task.chroot_name)) known.chroots.push(task.chroot_name);
        continue;
      }
      const logUrl = resultFileUrl(task.result_dir_url, LOG_FILES[reason.source ?? reason.evidence[0]?.log ?? 'builder-live']);
      byKey.set(key, { line: mark.line, message: mark.message, severity, buildId: build.id, chroots: [task.chroot_name], ...(logUrl ? { logUrl } : {}) });
    }
  }
  const problems = [...byKey.values()];
  for (const p of problems) p.chroots.sort();
  return problems.sort((a, b) => a.line - b.line || b.buildId - a.buildId || a.message.localeCompare(b.message));
}

/** "missing build dependency: x — failed in fedora-rawhide-x86_64, epel-9-x86_64 (Copr build #123)". */
export function problemMessage(p: SpecProblem): string {
  return `${p.message} — failed in ${p.chroots.join(', ')} (Copr build #${p.buildId})`;
}

/** specMarks, plus the failures that are not the spec's (infrastructure, unknown) on the Name: line. */
function marksFor(specText: string, reason: FailureReason): Array<{ line: number; message: string }> {
  const marks = specMarks(specText, reason);
  if (marks.length > 0) return marks;
  const note = reason.notYourPackage ? ' (not your package: a resubmit may be enough)' : '';
  return [{ line: nameLine(specText), message: `${reason.summary}${note}` }];
}

function nameLine(specText: string): number {
  const index = specText.split(/\r?\n/).findIndex((l) => /^Name\s*:/i.test(l.trim()));
  return index >= 0 ? index : 0;
}
