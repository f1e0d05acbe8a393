// A project: its newest builds, then "Load more…".
import * as vscode from 'vscode';
import type { ScopeState } from '../../monitor/taskStore';
import { clipLabel } from '../format';
import type { TreeContext } from '../treeContext';
import { TreeNode } from '../treeNode';
import { BuildNode, buildMatchesFilter } from './buildNode';
import { LoadMoreNode } from './loadMoreNode';
import { MessageNode } from './messageNode';

export function projectNodeId(fullName: string): string {
  return `project:${fullName}`;
}

export class ProjectNode extends TreeNode {
  readonly id: string;
  constructor(
    private readonly ctx: TreeContext,
    parent: TreeNode | undefined,
    readonly fullName: string,
    private readonly scopeKey: string,
  ) {
    super(parent);
    this.id = projectNodeId(fullName);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(clipLabel(this.fullName), vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('package');
    item.contextValue = 'project';
    const listing = this.ctx.store.project(this.fullName);
    if (listing) item.description = listing.buildIds.length === 1 ? vscode.l10n.t('1 build shown') : vscode.l10n.t('{0} builds shown', listing.buildIds.length);
    return item;
  }

  override getChildren(): TreeNode[] {
    return projectChildren(this.ctx, this, this.fullName, this.ctx.store.scopeState(this.scopeKey));
  }
}

/** Builds of a project (also used when a single configured project is the whole tree). */
export function projectChildren(ctx: TreeContext, parent: TreeNode | undefined, fullName: string, scope: ScopeState | undefined): TreeNode[] {
  const out: TreeNode[] = [];
  const idBase = parent?.id ?? projectNodeId(fullName);
  const listing = ctx.store.project(fullName);
  if (scope?.status === 'error' && scope.error) {
    const detail = listing ? vscode.l10n.t('The last good list is kept below. Retry with Copr: Refresh.') : vscode.l10n.t('Retry with Copr: Refresh.');
    out.push(new MessageNode(parent, `${idBase}/error`, 'error', scope.error.message, detail));
  }
  if (!listing) {
    if (!scope || scope.status === 'loading') out.push(new MessageNode(parent, `${idBase}/loading`, 'info', vscode.l10n.t('Loading…')));
    return out;
  }
  const filter = ctx.settings().stateFilter;
  for (const id of listing.buildIds) {
    const build = ctx.store.build(id);
    if (!build || !buildMatchesFilter(build, ctx.store.tasks(id), filter)) continue;
    out.push(ctx.intern(new BuildNode(ctx, parent, id)));
  }
  if (listing.buildIds.length === 0) {
    out.push(new MessageNode(parent, `${idBase}/empty`, 'empty', vscode.l10n.t('No builds in {0} yet', fullName)));
  } else if (out.length === 0 || (out.length === 1 && scope?.status === 'error')) {
    out.push(new MessageNode(parent, `${idBase}/filtered`, 'empty', vscode.l10n.t('No builds match the state filter')));
  }
  if (listing.hasMore) out.push(ctx.intern(new LoadMoreNode(parent, fullName)));
  return out;
}
