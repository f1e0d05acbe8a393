// One chroot of one build: the product's "build task".
import * as vscode from 'vscode';
import type { Build, BuildTask } from '../../api/types';
import { taskNote } from '../buildWords';
import { taskContextValue } from '../contextValues';
import { clipLabel, escapeMarkdown, formatDuration, formatTime } from '../format';
import { stateIcon, stateWords } from '../stateIcon';
import type { TreeContext } from '../treeContext';
import { TreeNode } from '../treeNode';

export function taskNodeId(buildId: number, chroot: string): string {
  return `task:${buildId}/${chroot}`;
}

export class TaskNode extends TreeNode {
  readonly id: string;
  constructor(
    private readonly ctx: TreeContext,
    parent: TreeNode,
    readonly buildId: number,
    readonly chroot: string,
  ) {
    super(parent);
    this.id = taskNodeId(buildId, chroot);
  }

  task(): BuildTask | undefined {
    return this.ctx.store.tasks(this.buildId)?.find((t) => t.chroot_name === this.chroot);
  }

  override tooltip(): vscode.MarkdownString | undefined {
    const task = this.task();
    return task ? taskTooltip(task, this.ctx.store.reasonOf(this.buildId, this.chroot), this.ctx.store.build(this.buildId)) : undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(clipLabel(this.chroot), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const task = this.task();
    if (!task) {
      item.description = vscode.l10n.t('not loaded');
      return item;
    }
    const reason = this.ctx.store.reasonOf(this.buildId, this.chroot);
    item.iconPath = stateIcon(task.state);
    item.description = describeTask(task, this.ctx.nowSeconds(), reason, this.ctx.store.build(this.buildId));
    item.contextValue = taskContextValue(task);
    item.accessibilityInformation = { label: `${this.chroot}, ${item.description}` };
    item.command = {
      command: 'copr.showTaskDetails',
      title: vscode.l10n.t('Show Task Details'),
      arguments: [{ buildId: this.buildId, chroot: this.chroot }],
    };
    return item;
  }
}

export function describeTask(task: BuildTask, now: number, reason: string | undefined, build?: Build): string {
  const words = stateWords(task.state);
  // Copr leaves a canceled build's queued or running chroots as they were: say they will not run.
  const note = taskNote(build, task, (m, ...a) => vscode.l10n.t(m, ...a));
  if (note) return `${words} · ${note}`;
  if (task.state === 'running' && task.started_on !== null) {
    return vscode.l10n.t('running for {0}', formatDuration(now - task.started_on));
  }
  const parts = [words];
  if (task.started_on !== null && task.ended_on !== null) parts.push(formatDuration(task.ended_on - task.started_on));
  if (reason && task.state === 'failed') parts.push(clipLabel(reason, 80));
  return parts.join(' · ');
}

function taskTooltip(task: BuildTask, reason: string | undefined, build: Build | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown(`**${escapeMarkdown(task.chroot_name)}** — ${escapeMarkdown(stateWords(task.state))}\n\n`);
  const note = taskNote(build, task, (m, ...a) => vscode.l10n.t(m, ...a));
  if (note) md.appendMarkdown(`${escapeMarkdown(note)}\n\n`);
  if (reason) md.appendMarkdown(`${escapeMarkdown(vscode.l10n.t('Why: {0}', reason))}\n\n`);
  md.appendMarkdown(`${vscode.l10n.t('Started')}: ${formatTime(task.started_on)}  \n`);
  md.appendMarkdown(`${vscode.l10n.t('Ended')}: ${formatTime(task.ended_on)}  \n`);
  md.appendMarkdown(
    `${vscode.l10n.t('Result directory')}: ${task.result_dir_url ? escapeMarkdown(clipLabel(task.result_dir_url, 200)) : vscode.l10n.t('not yet assigned')}`,
  );
  return md;
}
