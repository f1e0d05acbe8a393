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
    loadYaml,
    log: w.log,
  });
  const configuredKeys = () => new Set(scopesOf(w.settings()).map(scopeKey));
  w.tree.setWorkspace({
    view: {
      get state() {
        return discovery.state;
      },
      prListing: (ns) => discovery.prListing(ns),
      open: (fullName) => discovery.open(fullName),
      configuredProjects: () => {
        const keys = configuredKeys();
        return new Set(w.store.scopes().filter((s) => keys.has(s.key)).flatMap((s) => s.projects));
      },
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
      if (now.enabled !== last.enabled || now.url !== last.url) discovery.rerun();
      last = now;
    }),
    w.onDidCompleteCycle((cycle) => {
      if (cycle.level === 'all') discovery.rerun();
    }),
  );
  void discovery.run();
  return discovery;
}

/** The user's scopes, then the workspace's projects that they do not already cover. */
export function withWorkspaceScopes(configured: Scope[], discovery: WorkspaceDiscovery): Scope[] {
  const keys = new Set(configured.map(scopeKey));
  return [...configured, ...discovery.scopes().filter((s) => !keys.has(scopeKey(s)))];
}
