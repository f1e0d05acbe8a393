// An owner (user or @group) and its projects.
import * as vscode from 'vscode';
import { clipLabel } from '../format';
import type { TreeContext } from '../treeContext';
import { TreeNode } from '../treeNode';
import { MessageNode } from './messageNode';
import { ProjectNode } from './projectNode';

export class OwnerNode extends TreeNode {
  readonly id: string;
  constructor(
    private readonly ctx: TreeContext,
    readonly owner: string,
    private readonly scopeKey: string,
  ) {
    super(undefined);
    this.id = `owner:${owner}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(clipLabel(this.owner), vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.owner.startsWith('@') ? 'organization' : 'account');
    item.contextValue = 'owner';
    const scope = this.ctx.store.scopeState(this.scopeKey);
    if (scope) item.description = vscode.l10n.t('{0} projects', scope.projects.length);
    return item;
  }

  override getChildren(): TreeNode[] {
    const scope = this.ctx.store.scopeState(this.scopeKey);
    const out: TreeNode[] = [];
    if (scope?.status === 'error' && scope.error) {
      out.push(new MessageNode(this, `${this.id}/error`, 'error', scope.error.message));
    }
    if (!scope || (scope.status === 'loading' && scope.projects.length === 0)) {
      out.push(new MessageNode(this, `${this.id}/loading`, 'info', vscode.l10n.t('Loading…')));
      return out;
    }
    if (scope.projects.length === 0 && scope.status === 'ok') {
      out.push(new MessageNode(this, `${this.id}/empty`, 'empty', vscode.l10n.t('{0} has no projects', this.owner)));
    }
    for (const fullName of scope.projects) out.push(this.ctx.intern(new ProjectNode(this.ctx, this, fullName, this.scopeKey)));
    return out;
  }
}
