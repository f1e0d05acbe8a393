// What to tell a person when builds end: pure, so the wording, the filtering by setting and the batching are
// unit-tested without VS Code. The notifier passes vscode.l10n.t as `t`; tests use the plain formatter.
import type { Build, BuildTask } from '../api/types';
import { STATE_TABLE } from '../api/states';
import type { FinishedBuild } from './transitions';

export type NotificationSetting = 'failures' | 'all' | 'off';
export type NotificationSeverity = 'info' | 'warning' | 'error';
export type NotificationActionId = 'showDetails' | 'openLog' | 'openInCopr' | 'showFailures';

export interface NotificationAction {
  id: NotificationActionId;
  /** The button's words (already translated). */
  title: string;
  buildId?: number;
  chroot?: string;
}

export interface NotificationMessage {
  severity: NotificationSeverity;
  text: string;
  actions: NotificationAction[];
  /** The builds it speaks about. */
  buildIds: number[];
}

/** vscode.l10n.t's shape: `{0}`-style placeholders. */
export type Translate = (message: string, ...args: Array<string | number>) => string;

export const formatPlain: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] === undefined ? m : String(args[Number(i)])));

const MAX_CHROOTS_NAMED = 4;
const MAX_BUILDS_NAMED = 5;

/**
 * Why a finished build's chroots failed, in one line ("only s390x: %check failed"), when triage knows it; the
 * notifier passes the triage service's summary across chroots.
 */
export type ExplainFailure = (f: FinishedBuild) => string | undefined;

/** The longest reason text put into a summary notification for several builds. */
const MAX_REASON_IN_SUMMARY = 80;

/** The messages to show for builds that ended in one cycle: one per build, or one summary when several. */
export function composeNotifications(
  finished: readonly FinishedBuild[],
  setting: NotificationSetting,
  t: Translate = formatPlain,
  explain: ExplainFailure = () => undefined,
): NotificationMessage[] {
  if (setting === 'off') return [];
  const wanted = finished.filter((f) => setting === 'all' || isFailure(f));
  if (wanted.length === 0) return [];
  if (wanted.length === 1) return [single(wanted[0], t, explain)];
  return [summary(wanted, t, explain)];
}

function why(f: FinishedBuild, explain: ExplainFailure): string | undefined {
  if (!isFailure(f)) return undefined;
  const text = explain(f)?.trim();
  return text ? text : undefined;
}

export function isFailure(f: FinishedBuild): boolean {
  return f.build.state === 'failed' || f.tasks.some((task) => task.state === 'failed');
}

/** "python-foo 1.2-3", or "Build 123" before the sources are imported. */
export function buildLabel(build: Build, t: Translate = formatPlain): string {
  if (build.package_name) return build.package_version ? `${build.package_name} ${build.package_version}` : build.package_name;
  return t('Build {0}', build.id);
}

/** The outcome in words, after the label: "2 of 5 chroots failed — a, b". */
export function outcomeWords(f: FinishedBuild, t: Translate = formatPlain): string {
  const total = f.tasks.length;
  const failed = f.tasks.filter((x) => x.state === 'failed');
  if (failed.length) return t('{0} of {1} chroots failed — {2}', failed.length, total, nameList(failed, t));
  switch (f.build.state) {
    case 'failed':
      return t('failed before its chroots were built (sources or import)');
    case 'succeeded':
      return total ? t('succeeded in {0} chroots', total) : t('succeeded');
    case 'canceled': {
      const done = f.tasks.filter((x) => x.state === 'succeeded').length;
      return total ? t('canceled ({0} of {1} chroots had succeeded)', done, total) : t('canceled');
    }
    default:
      return t(STATE_TABLE[f.build.state].words);
  }
}

function single(f: FinishedBuild, t: Translate, explain: ExplainFailure): NotificationMessage {
  const firstFailed = f.tasks.find((x) => x.state === 'failed');
  const actions: NotificationAction[] = [{ id: 'showDetails', title: t('Show Details'), buildId: f.build.id, ...(firstFailed ? { chroot: firstFailed.chroot_name } : {}) }];
  if (firstFailed) actions.push({ id: 'openLog', title: t('Open Log'), buildId: f.build.id, chroot: firstFailed.chroot_name });
  actions.push({ id: 'openInCopr', title: t('Open in Copr'), buildId: f.build.id });
  const reason = why(f, explain);
  const text = reason ? t('{0}: {1}. Why: {2}', buildLabel(f.build, t), outcomeWords(f, t), reason) : `${buildLabel(f.build, t)}: ${outcomeWords(f, t)}`;
  return { severity: severityOf([f]), text, actions, buildIds: [f.build.id] };
}

function summary(all: readonly FinishedBuild[], t: Translate, explain: ExplainFailure): NotificationMessage {
  const failures = all.filter(isFailure);
  const ordered = [...failures, ...all.filter((f) => !isFailure(f))];
  const named = ordered.slice(0, MAX_BUILDS_NAMED).map((f) => {
    const reason = why(f, explain);
    const words = `${buildLabel(f.build, t)} ${shortOutcome(f, t)}`;
    return reason ? `${words}: ${clip(reason, MAX_REASON_IN_SUMMARY)}` : words;
  });
  const rest = ordered.length - named.length;
  const list = rest > 0 ? t('{0}; and {1} more', named.join('; '), rest) : named.join('; ');
  const text = failures.length
    ? t('{0} Copr builds finished, {1} with failures: {2}', all.length, failures.length, list)
    : t('{0} Copr builds finished: {1}', all.length, list);
  const actions: NotificationAction[] = failures.length ? [{ id: 'showFailures', title: t('Show Failures') }] : [];
  return { severity: severityOf(all), text, actions, buildIds: all.map((f) => f.build.id) };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function shortOutcome(f: FinishedBuild, t: Translate): string {
  const failed = f.tasks.filter((x) => x.state === 'failed').length;
  if (failed) return t('failed ({0} of {1} chroots)', failed, f.tasks.length);
  return t(STATE_TABLE[f.build.state].words);
}

function severityOf(all: readonly FinishedBuild[]): NotificationSeverity {
  if (all.some(isFailure)) return 'error';
  if (all.some((f) => f.build.state === 'canceled')) return 'warning';
  return 'info';
}

function nameList(tasks: readonly BuildTask[], t: Translate): string {
  const names = tasks.map((x) => x.chroot_name);
  if (names.length <= MAX_CHROOTS_NAMED) return names.join(', ');
  return t('{0} and {1} more', names.slice(0, MAX_CHROOTS_NAMED).join(', '), names.length - MAX_CHROOTS_NAMED);
}
