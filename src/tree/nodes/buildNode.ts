// One build: `#<id> <package> <version>`, showing its worst chroot state and progress.
import * as vscode from 'vscode';
import { ALL_STATES, isFinalState } from '../../api/states';
import type { Build, BuildTask, TaskState } from '../../api/types';
import { buildIconState, buildRowLabel, buildStateLines, describeBuildRow, type Translate } from '../buildWords';
import { buildContextValue } from '../contextValues';
import { clipLabel, escapeMarkdown, formatDuration, formatTime } from '../format';
import { stateIcon, stateWords } from '../stateIcon';
import type { TreeContext } from '../treeContext';
import { sourceStageFailed, SRPM_STAGE } from '../../triage/sourceStage';
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
    const { state, description } = rowFacts(build, tasks);
    item.label = buildLabel(build);
    item.iconPath = stateIcon(state);
    item.description = description;
    const source = sourceReason(this.ctx, build, tasks);
    if (source) item.description = vscode.l10n.t('{0} · SRPM: {1}', item.description, clipLabel(source, 80));
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
          : sourceStageFailed(build, tasks)
            ? new MessageNode(this, `${this.id}/srpm`, 'info', vscode.l10n.t('source package (SRPM) failed: {0}', sourceReason(this.ctx, build, tasks) ?? vscode.l10n.t('reading its log…')))
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

/** Why the build's source (SRPM) stage failed, when it did and triage knows (the build then has no chroots). */
function sourceReason(ctx: TreeContext, build: Build | undefined, tasks: BuildTask[] | undefined): string | undefined {
  return sourceStageFailed(build, tasks) && build ? ctx.store.reasonOf(build.id, SRPM_STAGE) : undefined;
}

export function buildLabel(build: Build): string {
  return clipLabel(buildRowLabel(build, (m, ...a) => vscode.l10n.t(m, ...a)));
}

const t: Translate = (message, ...args) => vscode.l10n.t(message, ...args);

/** The row's icon state: an early failure alert, else the state Copr gives the build (see buildWords.ts). */
export function buildDisplayState(build: Build, tasks: BuildTask[] | undefined): TaskState {
  return buildIconState(build, tasks);
}

// The store replaces a build's record and its task array when either changes, so a row's icon state and words are
// worked out once per (record, task array), not on every getTreeItem: VS Code asks for every row on each refresh.
const rowFactsCache = new WeakMap<BuildTask[], { build: Build; state: TaskState; description: string }>();

function rowFacts(build: Build, tasks: BuildTask[] | undefined): { state: TaskState; description: string } {
  const hit = tasks && rowFactsCache.get(tasks);
  if (hit && hit.build === build) return hit;
  const facts = { build, state: buildDisplayState(build, tasks), description: describeBuild(build, tasks) };
  if (tasks) rowFactsCache.set(tasks, facts);
  return facts;
}

/** The row's words: Copr's state first, then failures, then progress. */
export function describeBuild(build: Build, tasks: BuildTask[] | undefined): string {
  return describeBuildRow(build, tasks, t, stateWords);
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
  md.appendMarkdown('\n' + buildStateLines(build, tasks, t, stateWords).map(escapeMarkdown).join('  \n'));
  return md;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
