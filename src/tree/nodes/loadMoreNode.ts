// The last row of a project listing when the server may have older builds.
import * as vscode from 'vscode';
import { TreeNode } from '../treeNode';

export class LoadMoreNode extends TreeNode {
  readonly id: string;
  constructor(parent: TreeNode | undefined, readonly projectFullName: string) {
    super(parent);
    this.id = `more:${projectFullName}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = 'load-more';
    item.command = { command: 'copr.loadMore', title: vscode.l10n.t('Load More Builds'), arguments: [this.projectFullName] };
    return item;
  }
}
