// "This workspace": the Copr projects the open repository builds in (src/discovery), each with why it was chosen,
// and inside them only the builds of the workspace's packages; Packit PRs with builds, newest first, the current
// branch's marked. Shown only when discovery found something. Builds of a project that the user's own scopes
// already show stay there (a build row exists once in the tree: reveal and row refreshes key on its id).
import * as vscode from 'vscode';
import type { Build } from '../../api/types';
import type { Discovery, PrNamespace, WorkspaceProject } from '../../discovery/discover';
import { markCurrent, prsOfDirs, type PullRequestBuilds } from '../../discovery/prs';
import type { DiscoveryState, PrListing } from '../../discovery/workspaceDiscovery';
import { clipLabel } from '../format';
import type { TreeContext } from '../treeContext';
import { TreeNode } from '../treeNode';
import { BuildNode, buildMatchesFilter } from './buildNode';
import { LoadMoreNode } from './loadMoreNode';
import { MessageNode } from './messageNode';

export interface WorkspaceView {
  readonly state: DiscoveryState;
  prListing(ns: PrNamespace): PrListing | undefined;
  /** A PR project the user expanded: start polling it. */
  open(fullName: string): void;
  /** Projects the user's configured scopes show (owner scopes' projects included). */
  configuredProjects(): Set<string>;
}

export const WORKSPACE_ROOT_ID = 'workspace';
const PR_DIR = /:pr:\d+$/;

/** The root, or undefined when there is nothing to show (discovery off, or nothing found). */
export function workspaceRoot(ctx: TreeContext, view: WorkspaceView): TreeNode | undefined {
  const s = view.state;
  if (s.status === 'untrusted') return ctx.intern(new WorkspaceRootNode(ctx, view));
  if (s.status !== 'done' || !s.discovery.found) return undefined;
  return ctx.intern(new WorkspaceRootNode(ctx, view));
}

class WorkspaceRootNode extends TreeNode {
  readonly id = WORKSPACE_ROOT_ID;
  constructor(
    private readonly ctx: TreeContext,
    private readonly view: WorkspaceView,
  ) {
    super(undefined);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('This workspace'), vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('root-folder');
    item.contextValue = 'workspace';
    const s = this.view.state;
    if (s.status === 'done' && s.discovery.packages.length) item.description = clipLabel(s.discovery.packages.join(', '), 80);
    return item;
  }

  override tooltip(): string {
    return vscode.l10n.t('Copr projects found from this workspace\'s files (Packit config, .copr/Makefile, spec files, git remote). Turn off with the setting copr.workspaceDiscovery.');
  }

  override getChildren(): TreeNode[] {
    const s = this.view.state;
    if (s.status === 'untrusted') return [new TrustNode(this)];
    if (s.status !== 'done') return [];
    const d = s.discovery;
    const out: TreeNode[] = d.problems.map(
      (p, i) => new MessageNode(this, `${this.id}/problem:${i}`, 'error', clipLabel(p.file ? `${p.file}: ${p.message}` : p.message, 200), vscode.l10n.t('Fix the file and save it: discovery runs again.')),
    );
    const configured = this.view.configuredProjects();
    for (const p of d.projects) out.push(this.ctx.intern(new WorkspaceProjectNode(this.ctx, this, p, d, configured.has(`${p.owner}/${p.project}`))));
    for (const ns of d.prNamespaces) out.push(this.ctx.intern(new PrNamespaceNode(this.ctx, this, this.view, ns, d)));
    if (d.unplaced) out.push(...unplacedRows(this.ctx, this, d.unplaced, configured));
    return out;
  }
}

class TrustNode extends TreeNode {
  readonly id = `${WORKSPACE_ROOT_ID}/trust`;
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Trust this workspace to find its Copr builds'), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('shield');
    item.description = vscode.l10n.t('reads .packit.yaml, .copr/Makefile, *.spec, .git/config');
    item.tooltip = vscode.l10n.t('In Restricted Mode the extension does not read the workspace\'s files. Nothing from the repository is ever run.');
    item.command = { command: 'workbench.trust.manage', title: vscode.l10n.t('Manage Workspace Trust') };
    item.contextValue = 'message';
    return item;
  }
}

/** The workspace's builds of a project: its packages only (builds still importing have no package yet: kept). */
function ownBuilds(ctx: TreeContext, fullName: string, packages: readonly string[]): Build[] {
  const listing = ctx.store.project(fullName);
  const out: Build[] = [];
  for (const id of listing?.buildIds ?? []) {
    const b = ctx.store.build(id);
    if (b && (packages.length === 0 || b.package_name === null || packages.includes(b.package_name))) out.push(b);
  }
  return out;
}

function buildRows(ctx: TreeContext, parent: TreeNode, builds: readonly Build[]): TreeNode[] {
  const filter = ctx.settings().stateFilter;
  return builds.filter((b) => buildMatchesFilter(b, ctx.store.tasks(b.id), filter)).map((b) => ctx.intern(new BuildNode(ctx, parent, b.id)));
}

/** Loading / error rows of a project's scope; undefined when its listing is there. */
function scopeRows(ctx: TreeContext, parent: TreeNode, fullName: string): TreeNode[] | undefined {
  const scope = ctx.store.scopeState(`project:${fullName}`);
  const out: TreeNode[] = [];
  if (scope?.status === 'error' && scope.error) {
    const label = scope.error.kind === 'not-found'
      ? vscode.l10n.t('{0} does not exist, or is private or deleted', clipLabel(fullName))
      : clipLabel(scope.error.message, 200);
    out.push(new MessageNode(parent, `${parent.id}/error`, 'error', label, vscode.l10n.t('Retry with Copr: Refresh.')));
  }
  if (!ctx.store.project(fullName)) {
    if (out.length === 0) out.push(new MessageNode(parent, `${parent.id}/loading`, 'info', vscode.l10n.t('Loading…')));
    return out;
  }
  return out.length ? out : undefined;
}

class WorkspaceProjectNode extends TreeNode {
  readonly id: string;
  private readonly fullName: string;
  constructor(
    private readonly ctx: TreeContext,
    parent: TreeNode,
    private readonly project: WorkspaceProject,
    private readonly discovery: Discovery,
    private readonly shownElsewhere: boolean,
  ) {
    super(parent);
    this.fullName = `${project.owner}/${project.project}`;
    this.id = `${WORKSPACE_ROOT_ID}/project:${this.fullName}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(clipLabel(this.fullName), vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('package');
    item.contextValue = 'project';
    const more = this.project.reasons.length > 1 ? ` (+${this.project.reasons.length - 1})` : '';
    item.description = clipLabel(`${this.project.reasons[0] ?? ''}${more}`, 120);
    return item;
  }

  override tooltip(): string {
    const lines = [this.fullName, ...this.project.reasons];
    if (this.project.packages.length) lines.push(vscode.l10n.t('Builds of: {0}', this.project.packages.join(', ')));
    if (this.project.targets.length) lines.push(vscode.l10n.t('Targets: {0}', this.project.targets.join(', ')));
    return lines.map((l) => clipLabel(l, 300)).join('\n');
  }

  override getChildren(): TreeNode[] {
    if (this.shownElsewhere) {
      return [new MessageNode(this, `${this.id}/elsewhere`, 'info', vscode.l10n.t('Its builds are listed under {0} in your projects', clipLabel(this.fullName)))];
    }
    const early = scopeRows(this.ctx, this, this.fullName);
    if (early && !this.ctx.store.project(this.fullName)) return early;
    const builds = ownBuilds(this.ctx, this.fullName, this.project.packages);
    const main = builds.filter((b) => !this.project.prDirs || !PR_DIR.test(b.dirname));
    const out: TreeNode[] = [...(early ?? [])];
    if (this.project.prDirs) {
      const prs = markCurrent(prsOfDirs(this.fullName, builds), this.discovery.currentPr, this.discovery.commit, (p) => builds.filter((b) => b.dirname === p.dirname));
      for (const pr of prs) out.push(this.ctx.intern(new PrNode(this.ctx, this, pr, builds.filter((b) => b.dirname === pr.dirname))));
    }
    out.push(...buildRows(this.ctx, this, main));
    if (out.length === (early?.length ?? 0)) {
      const what = this.project.packages.join(', ') || this.fullName;
      out.push(new MessageNode(this, `${this.id}/empty`, 'empty', vscode.l10n.t('No builds of {0} among the newest {1}', clipLabel(what, 80), this.ctx.store.project(this.fullName)?.buildIds.length ?? 0)));
    }
    if (this.ctx.store.project(this.fullName)?.hasMore) out.push(this.ctx.intern(new LoadMoreNode(this, this.fullName)));
    return out;
  }
}

/** One PR: a `:pr:<n>` directory of a project (builds given), or a Packit PR project (builds from its listing). */
class PrNode extends TreeNode {
  readonly id: string;
  constructor(
    private readonly ctx: TreeContext,
    parent: TreeNode,
    private readonly pr: PullRequestBuilds,
    private readonly builds: readonly Build[] | undefined,
    private readonly packages: readonly string[] = [],
    private readonly view?: WorkspaceView,
  ) {
    super(parent);
    this.id = `${WORKSPACE_ROOT_ID}/pr:${pr.project}${pr.dirname ? `/${pr.dirname}` : ''}`;
  }

  getTreeItem(): vscode.TreeItem {
    const open = this.pr.current || this.builds !== undefined || this.ctx.store.project(this.pr.project) !== undefined;
    const item = new vscode.TreeItem(vscode.l10n.t('PR #{0}', this.pr.number), open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.pr.current ? 'git-pull-request-go-to-changes' : 'git-pull-request');
    const where = clipLabel(this.pr.dirname ? `${this.pr.project.split('/')[0]}/${this.pr.dirname}` : this.pr.project);
    item.description = this.pr.current ? vscode.l10n.t('{0} · current branch', where) : where;
    item.contextValue = 'pull-request';
    return item;
  }

  override getChildren(): TreeNode[] {
    if (this.builds) return buildRows(this.ctx, this, this.builds);
    this.view?.open(this.pr.project);
    const early = scopeRows(this.ctx, this, this.pr.project);
    if (early && !this.ctx.store.project(this.pr.project)) return early;
    const rows = [...(early ?? []), ...buildRows(this.ctx, this, ownBuilds(this.ctx, this.pr.project, this.packages))];
    return rows.length ? rows : [new MessageNode(this, `${this.id}/empty`, 'empty', vscode.l10n.t('No builds yet'))];
  }
}

/** Packit's own namespace: the PRs of this repository that have a project there. */
class PrNamespaceNode extends TreeNode {
  readonly id: string;
  constructor(
    private readonly ctx: TreeContext,
    parent: TreeNode,
    private readonly view: WorkspaceView,
    private readonly ns: PrNamespace,
    private readonly discovery: Discovery,
  ) {
    super(parent);
    this.id = `${WORKSPACE_ROOT_ID}/prs:${ns.owner}/${ns.prefix}${ns.identifier ?? ''}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Pull requests in {0}', clipLabel(`${this.ns.owner}/${this.ns.prefix}<n>`)), vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('git-pull-request');
    item.description = clipLabel(this.ns.reasons.join('; '), 120);
    item.contextValue = 'pull-requests';
    return item;
  }

  override getChildren(): TreeNode[] {
    const listing = this.view.prListing(this.ns);
    if (!listing) return [new MessageNode(this, `${this.id}/loading`, 'info', vscode.l10n.t('Loading…'))];
    if ('error' in listing) return [new MessageNode(this, `${this.id}/error`, 'error', clipLabel(listing.error, 200), vscode.l10n.t('Retry with Copr: Refresh.'))];
    if (listing.prs.length === 0) {
      return [new MessageNode(this, `${this.id}/empty`, 'empty', vscode.l10n.t('No pull request of this repository has a project in {0}', this.ns.owner))];
    }
    const prs = markCurrent(listing.prs, this.discovery.currentPr, this.discovery.commit, (p) => ownBuilds(this.ctx, p.project, this.ns.packages));
    return prs.map((pr) => this.ctx.intern(new PrNode(this.ctx, this, pr, undefined, this.ns.packages, this.view)));
  }
}

/** Packages known (spec Name:, .copr/Makefile) but no project named: where the user's projects build them. */
function unplacedRows(ctx: TreeContext, parent: TreeNode, unplaced: NonNullable<Discovery['unplaced']>, configured: Set<string>): TreeNode[] {
  const names = unplaced.packages.join(', ');
  const where = [...configured].filter((p) => ownBuilds(ctx, p, unplaced.packages).length > 0);
  if (where.length === 0) {
    return [new MessageNode(parent, `${parent.id}/unplaced`, 'info', vscode.l10n.t('{0} ({1}): no configured project builds it — Copr: Add Project…', clipLabel(names, 80), clipLabel(unplaced.reason, 120)))];
  }
  return where.map((p) => new MessageNode(parent, `${parent.id}/unplaced:${p}`, 'info', vscode.l10n.t('{0}: {1} builds in {2} (below)', clipLabel(names, 80), ownBuilds(ctx, p, unplaced.packages).length, clipLabel(p)), unplaced.reason));
}
