// One build: `#<id> <package> <version>`, showing its worst chroot state and progress.
import * as vscode from 'vscode';
import { ALL_STATES, isFinalState, worstState } from '../../api/states';
import type { Build, BuildTask, TaskState } from '../../api/types';
import { buildContextValue } from '../contextValues';
import { clipLabel, escapeMarkdown, formatDuration, formatTime } from '../format';
import { stateIcon, stateWords } from '../stateIcon';
import type { TreeContext } from '../treeContext';
import { TreeNode } from '../treeNode';
import { MessageNode } from './messageNode';
import { TaskNode } from './taskNode';

export function buildNodeId(buildId: number): string {
  return `build:${buildId}`;
}

export class BuildNode extends TreeNode {
  readonly id: string;
  constructor(
    private readonly ctx: TreeContext,
    parent: TreeNode | undefined,
    readonly buildId: number,
  ) {
    super(parent);
    this.id = buildNodeId(buildId);
  }

  getTreeItem(): vscode.TreeItem {
    const build = this.ctx.store.build(this.buildId);
    const item = new vscode.TreeItem(`#${this.buildId}`, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    if (!build) {
      item.description = vscode.l10n.t('not loaded');
      return item;
    }
    const tasks = this.ctx.store.tasks(this.buildId);
    const state = buildDisplayState(build, tasks);
    item.label = buildLabel(build);
    item.iconPath = stateIcon(state);
    item.description = describeBuild(build, tasks);
    item.contextValue = buildContextValue(build, state);
    item.accessibilityInformation = { label: `${item.label}, ${item.description}` };
    return item;
  }

  override tooltip(): vscode.MarkdownString | undefined {
    const build = this.ctx.store.build(this.buildId);
    return build ? buildTooltip(build, this.ctx.store.tasks(this.buildId), this.ctx.nowSeconds()) : undefined;
  }

  override async getChildren(): Promise<TreeNode[]> {
    const build = this.ctx.store.build(this.buildId);
    let tasks = this.ctx.store.tasks(this.buildId);
    if (tasks === undefined) {
      try {
        tasks = await this.ctx.scheduler.ensureTasks(this.buildId);
      } catch (e) {
        return [new MessageNode(this, `${this.id}/error`, 'error', vscode.l10n.t('Could not load the chroots: {0}', errorText(e)))];
      }
    }
    if (tasks.length === 0) {
      const importing = !build || !isFinalState(build.state);
      return [
        importing
          ? new MessageNode(this, `${this.id}/importing`, 'importing', vscode.l10n.t('importing sources'), vscode.l10n.t('Copr assigns the chroots once the SRPM is built and imported.'))
          : new MessageNode(this, `${this.id}/none`, 'empty', vscode.l10n.t('no chroots')),
      ];
    }
    const filter = this.ctx.settings().stateFilter;
    const shown = filter.length ? tasks.filter((t) => filter.includes(t.state)) : tasks;
    if (shown.length === 0) {
      return [new MessageNode(this, `${this.id}/filtered`, 'empty', vscode.l10n.t('{0} chroots hidden by the state filter', tasks.length))];
    }
    return shown.map((t) => this.ctx.intern(new TaskNode(this.ctx, this, this.buildId, t.chroot_name)));
  }
}

export function buildLabel(build: Build): string {
  const name = build.package_name ?? vscode.l10n.t('(importing)');
  return clipLabel(`#${build.id} ${name}${build.package_version ? ` ${build.package_version}` : ''}`);
}

interface TaskSummary {
  worst: TaskState;
  done: number;
}
// The store replaces a build's task array when it changes, so a summary per array is computed once per change.
const summaries = new WeakMap<BuildTask[], TaskSummary>();

function summarize(tasks: BuildTask[]): TaskSummary {
  let s = summaries.get(tasks);
  if (!s) {
    s = { worst: worstState(tasks.map((t) => t.state)), done: tasks.filter((t) => isFinalState(t.state)).length };
    summaries.set(tasks, s);
  }
  return s;
}

/** The worst chroot state when the chroots are known; the build's own state otherwise. */
export function buildDisplayState(build: Build, tasks: BuildTask[] | undefined): TaskState {
  if (build.state === 'canceled') return 'canceled';
  if (!tasks || tasks.length === 0) return build.state;
  return summarize(tasks).worst;
}

export function describeBuild(build: Build, tasks: BuildTask[] | undefined): string {
  const state = stateWords(buildDisplayState(build, tasks));
  if (tasks && tasks.length) return vscode.l10n.t('{0} · {1}/{2} done', state, summarize(tasks).done, tasks.length);
  if (build.chroots.length === 0) {
    if (isFinalState(build.state)) return state;
    return build.state === 'importing' ? vscode.l10n.t('importing sources') : vscode.l10n.t('{0} · importing sources', state);
  }
  // A canceled build may leave chroots pending forever: only its chroot list can say how many ended.
  if (build.state === 'canceled') return vscode.l10n.t('{0} · {1} chroots', state, build.chroots.length);
  if (isFinalState(build.state)) return vscode.l10n.t('{0} · {1}/{2} done', state, build.chroots.length, build.chroots.length);
  return vscode.l10n.t('{0} · {1} chroots', state, build.chroots.length);
}

/** True when the build (or one of its known chroots) is in one of the filter's states. */
export function buildMatchesFilter(build: Build, tasks: BuildTask[] | undefined, filter: readonly TaskState[]): boolean {
  if (filter.length === 0 || filter.length === ALL_STATES.length) return true;
  if (tasks && tasks.length) return tasks.some((t) => filter.includes(t.state));
  return filter.includes(build.state);
}

function buildTooltip(build: Build, tasks: BuildTask[] | undefined, now: number): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown(`**${escapeMarkdown(buildLabel(build))}** — ${escapeMarkdown(`${build.owner}/${build.project}`)}\n\n`);
  if (build.dirname !== build.project) md.appendMarkdown(`${vscode.l10n.t('Directory')}: ${escapeMarkdown(build.dirname)}  \n`);
  md.appendMarkdown(`${vscode.l10n.t('Submitter')}: ${build.submitter ? escapeMarkdown(build.submitter) : vscode.l10n.t('unknown (e.g. a webhook)')}  \n`);
  md.appendMarkdown(`${vscode.l10n.t('Submitted')}: ${formatTime(build.submitted_on)}  \n`);
  if (build.started_on !== null) {
    const end = build.ended_on ?? now;
    md.appendMarkdown(`${vscode.l10n.t('Duration')}: ${formatDuration(end - build.started_on)}${build.ended_on === null ? ` (${vscode.l10n.t('so far')})` : ''}  \n`);
  }
  if (tasks && tasks.length) {
    const counts = new Map<TaskState, number>();
    for (const t of tasks) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
    md.appendMarkdown('\n' + [...counts].map(([s, n]) => `${n} ${escapeMarkdown(stateWords(s))}`).join(', '));
  } else {
    md.appendMarkdown(`\n${vscode.l10n.t('{0} chroots', build.chroots.length)}`);
  }
  return md;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
