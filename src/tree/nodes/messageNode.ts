// Placeholder rows: "importing sources", "no builds yet", and errors with Retry and Show Log.
import * as vscode from 'vscode';
import { TreeNode } from '../treeNode';

export type MessageKind = 'error' | 'info' | 'importing' | 'empty';

const ICONS: Record<MessageKind, vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  info: new vscode.ThemeIcon('info'),
  importing: new vscode.ThemeIcon('cloud-download', new vscode.ThemeColor('charts.blue')),
  empty: new vscode.ThemeIcon('circle-outline'),
};

export class MessageNode extends TreeNode {
  constructor(
    parent: TreeNode | undefined,
    readonly id: string,
    readonly kind: MessageKind,
    readonly label: string,
    readonly detail?: string,
  ) {
    super(parent);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = ICONS[this.kind];
    item.contextValue = this.kind === 'error' ? 'message error' : 'message';
    if (this.detail) item.tooltip = this.detail;
    if (this.kind === 'error') item.description = vscode.l10n.t('Retry from the title bar or the row');
    return item;
  }
}
