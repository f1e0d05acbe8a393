// Helpers shared by the integration suites: the extension's own objects, settings, the simulator, waiting.
import * as vscode from 'vscode';
import type { CoprTestApi } from '../../src/testApi';
import type { TreeNode } from '../../src/tree/treeNode';

export const EXTENSION_ID = 'copr-builds.copr-builds';

export async function extensionApi(): Promise<CoprTestApi> {
  const ext = vscode.extensions.getExtension<CoprTestApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  return ext.activate();
}

const KEYS = ['url', 'apiVersion', 'owner', 'projects', 'maxBuilds', 'stateFilter', 'pollInterval', 'idleRefreshMinutes', 'notifications', 'specDiagnostics', 'workspaceDiscovery'];

/** Sets copr.* (user settings); keys not given are reset to their defaults. */
export async function configure(values: Record<string, unknown>): Promise<void> {
  const cfg = vscode.workspace.getConfiguration('copr');
  for (const key of KEYS) {
    await cfg.update(key, key in values ? values[key] : undefined, vscode.ConfigurationTarget.Global);
  }
}

export async function resetSettings(): Promise<void> {
  await configure({});
}

/** Polls `probe` until it returns a value (not undefined/false) or the deadline passes; the failure names `what`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface RowView {
  node: TreeNode;
  label: string;
  description: string;
  icon: string | undefined;
  contextValue: string | undefined;
  tooltip: string;
}

/** What a person sees of a row: label, description, icon id, tooltip text. */
export function row(api: CoprTestApi, node: TreeNode): RowView {
  const item = api.tree.resolveTreeItem(api.tree.getTreeItem(node), node);
  const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
  const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
  const tooltip = typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? '');
  return { node, label, description: String(item.description ?? ''), icon, contextValue: item.contextValue, tooltip };
}

export async function children(api: CoprTestApi, node?: TreeNode): Promise<RowView[]> {
  const nodes = (await api.tree.getChildren(node)) ?? [];
  return nodes.map((n) => row(api, n));
}
