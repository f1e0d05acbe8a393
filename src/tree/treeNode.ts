// The base of every row. Nodes know their parent (for reveal) and build their TreeItem from the store on demand.
import type * as vscode from 'vscode';

export abstract class TreeNode {
  constructor(readonly parent: TreeNode | undefined) {}
  abstract readonly id: string;
  abstract getTreeItem(): vscode.TreeItem;
  getChildren(): TreeNode[] | Promise<TreeNode[]> {
    return [];
  }
  /** The tooltip, built only when VS Code asks for it (hover), so listing thousands of rows stays cheap. */
  tooltip(): vscode.MarkdownString | string | undefined {
    return undefined;
  }
}
