// Composition root: builds the objects and registers them, nothing else.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Copr', { log: true });
  context.subscriptions.push(log);
  const emitter = new vscode.EventEmitter<void>();
  context.subscriptions.push(emitter);
  const tree: vscode.TreeDataProvider<string> = {
    onDidChangeTreeData: emitter.event,
    getTreeItem: (e) => new vscode.TreeItem(e),
    getChildren: () => [],
  };
  context.subscriptions.push(
    vscode.window.createTreeView('coprBuildTasks', { treeDataProvider: tree }),
    vscode.commands.registerCommand('copr.refresh', () => {
      log.info('refresh');
      emitter.fire();
    }),
  );
}

export function deactivate(): void {}
