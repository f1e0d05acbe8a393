// Builds followed with "Copr: Watch Build…" that are not part of a configured scope.
import * as vscode from 'vscode';
import type { TreeContext } from '../treeContext';
import { TreeNode } from '../treeNode';
import { BuildNode } from './buildNode';

export class WatchedNode extends TreeNode {
  readonly id = 'watched';
  constructor(private readonly ctx: TreeContext, private readonly buildIds: () => number[]) {
    super(undefined);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Watched builds'), vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('eye');
    item.contextValue = 'watched';
    return item;
  }

  override getChildren(): TreeNode[] {
    return this.buildIds().map((id) => this.ctx.intern(new BuildNode(this.ctx, this, id)));
  }
}
