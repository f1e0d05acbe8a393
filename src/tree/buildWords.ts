// The words of a build row and its tooltip, as plain functions (no `vscode`), so every claim is unit-tested.
// Rule: the first word is the state Copr itself gives the build; what our tree knows earlier (a failed chroot while
// others still run) is added after it, never instead of it. The icon may alert early (see buildIconState).

import { isActiveState, isFinalState } from '../api/states';
import type { Build, BuildTask, TaskState } from '../api/types';
import type { Translate } from '../monitor/notificationPolicy';

export type { Translate };
export type StateWords = (state: TaskState) => string;

/** copr-frontend's models.Build.status: the first of these chroot states present wins ("waiting" counts as pending). */
const COPR_CHROOT_ORDER: readonly TaskState[] = ['running', 'starting', 'pending', 'failed', 'succeeded', 'skipped', 'forked'];
const CHROOT_RANK: ReadonlyMap<TaskState, number> = new Map(COPR_CHROOT_ORDER.map((state, i) => [state, i]));

/**
 * The state Copr gives this build, from its chroots when we have them (they may be fresher than the build record),
 * else the record's own. As in copr-frontend: a canceled build is canceled whatever its chroots say; while every
 * chroot waits for the sources, the source's state (importing, pending, running …) is the build's.
 */
export function coprBuildState(build: Build, tasks: readonly BuildTask[] | undefined): TaskState {
  if (build.state === 'canceled' || !tasks || tasks.length === 0) return build.state;
  // One pass, no allocation: every row and its icon ask this (2,500 rows × 40 chroots in the tree benchmark).
  let best = COPR_CHROOT_ORDER.length;
  let waiting = 0;
  for (const task of tasks) {
    if (task.state === 'waiting') {
      waiting++;
      continue;
    }
    const rank = CHROOT_RANK.get(task.state);
    if (rank !== undefined && rank < best) best = rank;
  }
  if (waiting === tasks.length) return build.state;
  if (best < COPR_CHROOT_ORDER.length) return COPR_CHROOT_ORDER[best];
  return waiting > 0 ? 'pending' : build.state;
}

/**
 * `#<id> <package> <version>`. Before Copr knows the package (its SRPM is not built yet) the row says so, without
 * naming a stage: such a build may be pending, running or importing, and its description says which.
 */
export function buildRowLabel(build: Build, t: Translate): string {
  const name = build.package_name ?? t('(no package yet)');
  return `#${build.id} ${name}${build.package_version ? ` ${build.package_version}` : ''}`;
}

/** The row's icon: a failed chroot shows at once (the early alert); otherwise Copr's own state. */
export function buildIconState(build: Build, tasks: readonly BuildTask[] | undefined): TaskState {
  if (build.state === 'canceled') return 'canceled';
  if (tasks?.some((t) => t.state === 'failed')) return 'failed';
  return coprBuildState(build, tasks);
}

/** Chroots that will not run any more because the build was canceled (Copr leaves them pending or running). */
export function unbuiltOfCanceled(build: Build, tasks: readonly BuildTask[] | undefined): number {
  if (build.state !== 'canceled' || !tasks) return 0;
  return tasks.filter((t) => !isFinalState(t.state)).length;
}

/** `running · 1 failed · 2/3 done`, `canceled · 1 failed · 2 not built`, `importing · 3 chroots`, … */
export function describeBuildRow(build: Build, tasks: readonly BuildTask[] | undefined, t: Translate, words: StateWords): string {
  const state = coprBuildState(build, tasks);
  const lead = words(state);
  if (tasks && tasks.length) {
    const failed = tasks.filter((x) => x.state === 'failed').length;
    const parts = [lead];
    if (failed > 0 && state !== 'failed') parts.push(t('{0} failed', failed));
    if (state === 'canceled') {
      // Copr counts every chroot of a canceled build as finished; "n/m done" would promise the rest.
      const unbuilt = unbuiltOfCanceled(build, tasks);
      parts.push(unbuilt > 0 ? t('{0} not built', unbuilt) : t('{0} chroots', tasks.length));
    } else if (tasks.every((x) => x.state === 'waiting')) {
      parts.push(t('{0} chroots waiting', tasks.length));
    } else {
      parts.push(t('{0}/{1} done', tasks.filter((x) => isFinalState(x.state)).length, tasks.length));
    }
    return parts.join(' · ');
  }
  if (build.chroots.length === 0) {
    if (isFinalState(build.state)) return lead;
    return build.state === 'importing' ? t('importing sources') : t('{0} · importing sources', lead);
  }
  if (isFinalState(build.state) && build.state !== 'canceled') return t('{0} · {1}/{2} done', lead, build.chroots.length, build.chroots.length);
  return t('{0} · {1} chroots', lead, build.chroots.length);
}

/** The tooltip's state lines (Markdown-free text; the caller escapes): Copr's state, then per-state chroot counts. */
export function buildStateLines(build: Build, tasks: readonly BuildTask[] | undefined, t: Translate, words: StateWords): string[] {
  const lines = [t('Copr state: {0}', words(coprBuildState(build, tasks)))];
  if (tasks && tasks.length) {
    const counts = new Map<TaskState, number>();
    for (const x of tasks) counts.set(x.state, (counts.get(x.state) ?? 0) + 1);
    lines.push([...counts].map(([s, n]) => `${n} ${words(s)}`).join(', '));
    const unbuilt = unbuiltOfCanceled(build, tasks);
    if (unbuilt > 0) lines.push(t('The build was canceled: {0} chroots will not be built.', unbuilt));
  } else {
    lines.push(t('{0} chroots', build.chroots.length));
  }
  return lines;
}

/** A chroot row's words when its build's state changes what they mean (a canceled build's queued chroots). */
export function taskNote(build: Build | undefined, task: BuildTask, t: Translate): string | undefined {
  if (build?.state === 'canceled' && isActiveState(task.state)) return t('not built: build canceled');
  return undefined;
}
