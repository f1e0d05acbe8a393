// Connects workspace discovery to the rest: the tree's "This workspace" root, the scheduler's scopes (through the
// composition root's applySettings), the spec index used by spec diagnostics and triage, and the settings.
import * as vscode from 'vscode';
import type { Logger } from '../common/log';
import { scopesOf, type CoprSettings } from '../config/settings';
import type { SpecFileIndex } from '../diagnostics/specFileIndex';
import { scopeKey, type Scope } from '../monitor/scopes';
import type { TaskStore } from '../monitor/taskStore';
import { loadYaml } from '../platform/node';
import type { CoprConnection } from '../services/coprConnection';
import type { BuildTaskTree } from '../tree/buildTaskTree';
import { WorkspaceDiscovery } from './workspaceDiscovery';

export interface DiscoveryWiring {
  settings(): CoprSettings;
  onDidChangeSettings: vscode.Event<unknown>;
  connection: CoprConnection;
  store: TaskStore;
  tree: BuildTaskTree;
  specs: SpecFileIndex;
  log: Logger;
  /** The scheduler's cycles: a user's refresh ('all') also asks again which Packit PR projects exist. */
  onDidCompleteCycle: vscode.Event<{ level: string }>;
  /** Re-applies the scopes (the composition root's applySettings). */
  apply(): void;
  /** Owns what is created here (context.subscriptions). */
  subscriptions: { push(...items: vscode.Disposable[]): unknown };
}

export function wireWorkspaceDiscovery(w: DiscoveryWiring): WorkspaceDiscovery {
  const discovery = new WorkspaceDiscovery({
    enabled: () => w.settings().workspaceDiscovery,
    client: () => w.connection.client(),
    remoteProjects: () => {
      const s = w.settings();
      // The owner's projects as the scheduler listed them: matching the remote costs no extra project/list.
      const owner = s.owner ? (w.store.scopeState(scopeKey({ kind: 'owner', owner: s.owner }))?.projects ?? []) : [];
      return [...new Set([...s.projects, ...owner])];
    },
    loadYaml,
    log: w.log,
  });
  const configuredKeys = () => new Set(scopesOf(w.settings()).map(scopeKey));
  /** Projects the user's own scopes show (an owner scope's projects included). */
  const configuredProjects = () => {
    const keys = configuredKeys();
    return new Set(w.store.scopes().filter((s) => keys.has(s.key)).flatMap((s) => s.projects));
  };
  // Evaluated at each page request, so a project the user's scopes come to cover is never narrowed.
  w.connection.setPackageFilter((project) => (configuredProjects().has(project) ? undefined : packageFilter(discovery).get(project)));
  w.tree.setWorkspace({
    view: {
      get state() {
        return discovery.state;
      },
      prListing: (ns) => discovery.prListing(ns),
      open: (fullName) => discovery.open(fullName),
      configuredProjects,
    },
    isWorkspaceScope: (key) => !configuredKeys().has(key),
  });
  const specNamesOf = (uri: vscode.Uri): readonly string[] => {
    const s = discovery.state;
    return s.status === 'done' ? (s.discovery.specPackages.get(vscode.workspace.asRelativePath(uri, false)) ?? []) : [];
  };
  let last = { enabled: w.settings().workspaceDiscovery, url: w.settings().url };
  w.subscriptions.push(
    discovery,
    discovery.onDidChange(() => {
      w.specs.setExtraNames(specNamesOf);
      w.apply();
    }),
    w.onDidChangeSettings(() => {
      const now = { enabled: w.settings().workspaceDiscovery, url: w.settings().url };
      if (now.url !== last.url) discovery.refresh();
      else if (now.enabled !== last.enabled || discovery.remoteProjectsChanged()) discovery.rerun();
      last = now;
    }),
    w.onDidCompleteCycle((cycle) => {
      if (cycle.level === 'all') discovery.refresh();
      else if (discovery.remoteProjectsChanged()) discovery.rerun();
    }),
  );
  void discovery.run();
  return discovery;
}

/**
 * The workspace's own projects (not also the user's) that build exactly one of its packages: their pages are asked
 * with `packagename`, so a project shared by many packages still shows this one's newest builds, at no extra request.
 */
function packageFilter(discovery: WorkspaceDiscovery): Map<string, string> {
  const out = new Map<string, string>();
  const s = discovery.state;
  if (s.status !== 'done') return out;
  for (const p of s.discovery.projects) {
    const name = `${p.owner}/${p.project}`;
    if (p.packages.length === 1) out.set(name, p.packages[0] as string);
  }
  for (const ns of s.discovery.prNamespaces) {
    const listing = discovery.prListing(ns);
    if (ns.packages.length === 1 && listing && 'prs' in listing) for (const pr of listing.prs) out.set(pr.project, ns.packages[0] as string);
  }
  return out;
}

/** The user's scopes, then the workspace's projects that they do not already cover. */
export function withWorkspaceScopes(configured: Scope[], discovery: WorkspaceDiscovery): Scope[] {
  const keys = new Set(configured.map(scopeKey));
  return [...configured, ...discovery.scopes().filter((s) => !keys.has(scopeKey(s)))];
}
