// The "Build Tasks" view: a TreeDataProvider over the task store. It never fetches on its own except through the
// scheduler (lazy chroot lists), and never builds URLs. Store changes re-render only the rows they touch.
import * as vscode from 'vscode';
import type { CoprSettings } from '../config/settings';
import type { Health, PollScheduler } from '../monitor/pollScheduler';
import type { Event } from '../common/event';
import type { StoreChange, TaskStore } from '../monitor/taskStore';
import { Disposable } from '../common/lifecycle';
import { labelText, stripInvisible } from '../common/displayText';
import { buildNodeId } from './nodes/buildNode';
import { MessageNode } from './nodes/messageNode';
import { OwnerNode } from './nodes/ownerNode';
import { ProjectNode, projectChildren, projectNodeId } from './nodes/projectNode';
import { taskNodeId } from './nodes/taskNode';
import { WatchedNode } from './nodes/watchedNode';
import { workspaceRoot, type WorkspaceView } from './nodes/workspaceNode';
import type { TreeContext } from './treeContext';
import type { TreeNode } from './treeNode';

export class BuildTaskTree extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<TreeNode | undefined | void>());
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly nodes = new Map<string, TreeNode>();
  private readonly ctx: TreeContext;
  private lastScopeShape = '';
  /** "This workspace" (src/discovery): its view, and which scopes are its own rather than the user's. */
  private workspace: { view: WorkspaceView; isWorkspaceScope(key: string): boolean } | undefined;

  constructor(
    private readonly store: TaskStore,
    scheduler: Pick<PollScheduler, 'loadMore' | 'ensureTasks'>,
    settings: () => CoprSettings,
    private readonly health: { readonly health: Health; readonly onDidChangeHealth: Event<Health> },
  ) {
    super();
    this.ctx = {
      store,
      scheduler,
      settings,
      intern: (node) => {
        this.nodes.set(node.id, node);
        return node;
      },
      nowSeconds: () => Math.floor(Date.now() / 1000),
    };
    this._register(store.onDidChange((c) => this.onStoreChange(c)));
    this._register(store.onDidReset(() => this.refreshAll()));
    this._register(health.onDidChangeHealth(() => this.changeEmitter.fire()));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return displayable(node.getTreeItem());
  }

  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    item.tooltip ??= node.tooltip();
    return item;
  }

  getChildren(node?: TreeNode): vscode.ProviderResult<TreeNode[]> {
    return node ? node.getChildren() : this.roots();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  setWorkspace(workspace: { view: WorkspaceView; isWorkspaceScope(key: string): boolean }): void {
    this.workspace = workspace;
    this.refreshAll();
  }

  /** Everything again (settings changed, filter changed). */
  refreshAll(): void {
    this.nodes.clear();
    this.changeEmitter.fire();
  }

  /** The node of a task or build if the tree has shown it, for `TreeView.reveal`. */
  findNode(buildId: number, chroot?: string): TreeNode | undefined {
    return (chroot && this.nodes.get(taskNodeId(buildId, chroot))) || this.nodes.get(buildNodeId(buildId));
  }

  private roots(): TreeNode[] {
    const workspace = this.workspace && workspaceRoot(this.ctx, this.workspace.view);
    return workspace ? [workspace, ...this.userRoots()] : this.userRoots();
  }

  private userRoots(): TreeNode[] {
    const outage = this.outageRow();
    const rest = this.scopeRoots();
    if (!outage || rest.length === 0) return rest;
    // One message per outage: a scope row saying the same thing as the outage row is dropped.
    const same = (n: TreeNode) => n instanceof MessageNode && n.kind === 'error' && n.label === (outage as MessageNode).label;
    return [outage, ...rest.filter((n) => !same(n))];
  }

  /** While polling is backing off or paused, one row says why; the last good tree stays below it. */
  private outageRow(): TreeNode | undefined {
    const h = this.health.health;
    if (h.state === 'backoff') {
      return new MessageNode(undefined, 'health', 'error', h.error.message, vscode.l10n.t('Retrying automatically at {0}. Copr: Refresh retries now.', new Date(h.retryAt).toLocaleTimeString()));
    }
    if (h.state === 'blocked') {
      return new MessageNode(undefined, 'health', 'error', h.error.message, vscode.l10n.t('Polling is paused until you run Copr: Refresh.'));
    }
    return undefined;
  }

  private scopeRoots(): TreeNode[] {
    const scopes = this.store.scopes().filter((s) => s.scope.kind !== 'build' && !this.workspace?.isWorkspaceScope(s.key));
    const watched = this.store.watched().filter((id) => !this.isInConfiguredScope(id));
    const roots: TreeNode[] = [];
    const only = scopes.length === 1 ? scopes[0] : undefined;
    if (only && only.scope.kind === 'project' && watched.length === 0) {
      // One project configured: its builds are the top level.
      return projectChildren(this.ctx, undefined, only.projects[0] ?? `${only.scope.owner}/${only.scope.project}`, only);
    }
    for (const s of scopes) {
      if (s.scope.kind === 'owner') roots.push(this.ctx.intern(new OwnerNode(this.ctx, s.scope.owner, s.key)));
      else if (s.scope.kind === 'project') {
        roots.push(this.ctx.intern(new ProjectNode(this.ctx, undefined, `${s.scope.owner}/${s.scope.project}`, s.key)));
      }
    }
    if (watched.length) roots.push(this.ctx.intern(new WatchedNode(this.ctx, () => this.store.watched().filter((id) => !this.isInConfiguredScope(id)))));
    return roots;
  }

  private isInConfiguredScope(buildId: number): boolean {
    const build = this.store.build(buildId);
    if (!build) return false;
    const listing = this.store.project(`${build.owner}/${build.project}`);
    return !!listing && listing.buildIds.includes(buildId);
  }

  private onStoreChange(change: StoreChange): void {
    const shape = JSON.stringify([
      this.store.scopes().map((s) => [s.key, s.status, s.projects.length]),
      this.store.watched(),
    ]);
    if (shape !== this.lastScopeShape || change.scopes.length) {
      this.lastScopeShape = shape;
      this.changeEmitter.fire();
      return;
    }
    const fired = new Set<TreeNode>();
    for (const fullName of change.projects) {
      const node = this.nodes.get(projectNodeId(fullName));
      if (!node) {
        // A single-project tree has no project row: its builds are the roots.
        this.changeEmitter.fire();
        return;
      }
      fired.add(node);
    }
    for (const id of change.builds) {
      const node = this.nodes.get(buildNodeId(id));
      if (node && !(node.parent && fired.has(node.parent))) fired.add(node);
    }
    for (const node of fired) this.changeEmitter.fire(node);
  }
}

/**
 * Every row's label and description carry server text (package, version, chroot, owner, project, error messages, failure
 * reasons) and render `$(icon)`: escaped here, once for every node kind (src/common/displayText.ts). The rows' own
 * words never use icons.
 */
function displayable(item: vscode.TreeItem): vscode.TreeItem {
  if (typeof item.label === 'string') item.label = labelText(item.label);
  else if (item.label) item.label = { ...item.label, label: labelText(item.label.label) };
  if (typeof item.description === 'string') item.description = labelText(item.description);
  if (typeof item.tooltip === 'string') item.tooltip = stripInvisible(item.tooltip);
  return item;
}
