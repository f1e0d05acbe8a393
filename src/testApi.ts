// What activate() returns: the extension's objects, so integration tests can drive and observe them through the
// real extension host instead of reaching into module globals. Not a public API for other extensions.
import type * as vscode from 'vscode';
import type { CoprSettings } from './config/settings';
import type { PollScheduler } from './monitor/pollScheduler';
import type { TaskStore } from './monitor/taskStore';
import type { CoprConnection } from './services/coprConnection';
import type { BuildTaskTree } from './tree/buildTaskTree';
import type { TreeNode } from './tree/treeNode';
import type { TaskActions } from './commands/taskActions';
import type { ExternalOpener } from './ui/externalOpener';
import type { CoprStatusBar } from './statusBar/coprStatusBar';
import type { VscodeNotificationSink } from './notifications/notificationSink';
import type { TriageService } from './triage/triageService';
import type { SpecDiagnostics } from './diagnostics/specDiagnostics';
import type { WorkspaceDiscovery } from './discovery/workspaceDiscovery';
import type { WritesWiring } from './auth/wiring';

export interface CoprTestApi {
  store: TaskStore;
  scheduler: PollScheduler;
  tree: BuildTaskTree;
  treeView: vscode.TreeView<TreeNode>;
  connection: CoprConnection;
  settings(): CoprSettings;
  statusBar: CoprStatusBar;
  /** Every notification the extension asked VS Code to show (the test host hides toasts). */
  notifications: VscodeNotificationSink;
  /** The current settings' problems, one line each naming the setting. */
  settingsProblems(): string[];
  /** The task commands, the details panels (lastHtml) and the copr-log documents. */
  taskActions: TaskActions;
  /** Every URL handed to the system browser (`opened`); tests replace the browser with setLauncher. */
  opener: ExternalOpener;
  /** Failure triage: full reasons per failed chroot (reason, reasonFor), whenIdle. */
  triage: TriageService;
  /** The "Copr" diagnostics on workspace .spec files (collection, whenIdle). */
  specDiagnostics: SpecDiagnostics;
  /** Acting on builds: the prompts seam (setAnswerer), the session, the build actions, Build This Commit's seams. */
  writes: WritesWiring;
  /** "This workspace": discovery's state, requests, useFolders (fixture folders) and whenIdle. */
  discovery: WorkspaceDiscovery;
  /** activate()'s own duration, measured inside the extension host. */
  activationMs: number;
}
