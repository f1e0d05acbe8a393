// Composition root: builds the objects and registers them, nothing else.
import * as vscode from 'vscode';
import { systemClock } from './common/clock';
import { scopesOf, type CoprSettings } from './config/settings';
import { PollScheduler } from './monitor/pollScheduler';
import { TaskStore } from './monitor/taskStore';
import { CoprConnection } from './services/coprConnection';
import { SettingsWatcher } from './services/settingsWatcher';
import { BuildTaskTree } from './tree/buildTaskTree';
import { registerRefreshCommands } from './commands/refresh';
import { registerSettingsCommands } from './commands/settings';
import type { CoprTestApi } from './testApi';
import { trimListings } from './monitor/listings';
import { TaskActions } from './commands/taskActions';
import { CoprStatusBar } from './statusBar/coprStatusBar';
import { BuildNotifier } from './notifications/buildNotifier';
import { VscodeNotificationSink } from './notifications/notificationSink';
import { registerWatchCommands } from './commands/watch';
import { registerAlertCommands } from './commands/alerts';
import { TriageService, fetchTextVia } from './triage/triageService';
import { sourceStageFailed, SRPM_STAGE } from './triage/sourceStage';
import { SpecDiagnostics } from './diagnostics/specDiagnostics';
import { wireWorkspaceDiscovery, withWorkspaceScopes } from './discovery/wiring';
import { WritesWiring } from './auth/wiring';

export const VIEW_ID = 'coprBuildTasks';

export function activate(context: vscode.ExtensionContext): CoprTestApi {
  const started = Date.now();
  const log = vscode.window.createOutputChannel('Copr', { log: true });
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
  const settingsWatcher = new SettingsWatcher(log);
  const settings = (): CoprSettings => settingsWatcher.current();
  const connection = new CoprConnection(settings, log, version);
  const store = new TaskStore();
  const scheduler = new PollScheduler({ source: connection, store, clock: systemClock, settings, logger: log });
  const tree = new BuildTaskTree(store, scheduler, settings, scheduler);
  const treeView = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(log, settingsWatcher, scheduler, store, tree, treeView);

  context.subscriptions.push(
    ...registerRefreshCommands({ scheduler, log, viewId: VIEW_ID }),
    ...registerSettingsCommands({ settings, listProjects: (owner) => connection.listProjects(owner), log }),
  );

  // <monitor-consumers>
  // A build whose source (SRPM) stage failed has no chroot: its details are the source stage's ('srpm-builds').
  const showDetails = (buildId: number, chroot?: string) =>
    vscode.commands.executeCommand('copr.showTaskDetails', { buildId, chroot: chroot ?? (sourceStageFailed(store.build(buildId), store.tasks(buildId)) ? SRPM_STAGE : undefined) });
  const reveal = async (buildId: number, chroot: string) => {
    const node = tree.findNode(buildId, chroot);
    if (node) await treeView.reveal(node, { select: true, focus: false, expand: true });
  };
  const statusBar = new CoprStatusBar({ store, health: scheduler });
  const notificationSink = new VscodeNotificationSink();
  const notifier = new BuildNotifier({
    onBuildsFinished: scheduler.onBuildsFinished,
    setting: () => settings().notifications,
    sink: notificationSink,
    logger: log,
    actions: {
      showDetails,
      openLog: (buildId, chroot) => vscode.commands.executeCommand('copr.viewLog', { buildId, chroot }),
      openInCopr: (buildId) => vscode.commands.executeCommand('copr.openBuildInCopr', { buildId }),
      showFailures: () => vscode.commands.executeCommand('copr.showFailures'),
    },
  });
  context.subscriptions.push(
    statusBar,
    notifier,
    ...registerWatchCommands({ scheduler, store, logger: log }),
    ...registerAlertCommands({ store, reveal, showDetails }),
  );
  // </monitor-consumers>
  // <triage>
  const triage = new TriageService({
    store,
    onChrootsFailed: scheduler.onChrootsFailed,
    fetchText: fetchTextVia((url, options) => connection.client().fetchLog(url, options)),
    sourceResultUrl: (build, signal) => connection.client().getSourceResultUrl(build.id, signal),
    clock: systemClock,
    logger: log,
  });
  const specDiagnostics = new SpecDiagnostics({
    store,
    triage,
    enabled: () => settings().specDiagnostics,
    onDidChangeSettings: settingsWatcher.onDidChange,
    loadTasks: (buildId) => scheduler.ensureTasks(buildId),
    log,
  });
  context.subscriptions.push(
    triage,
    specDiagnostics,
    notifier.explainWith({ settle: (finished) => triage.settle(finished), explain: (f) => triage.explain(f.build, f.tasks) }),
  );
  // </triage>

  // <task-actions>
  const taskActions = new TaskActions({
    extensionUri: context.extensionUri,
    // The details panel shows the full failure reason (with evidence lines) where triage has one.
    store: {
      build: (id) => store.build(id),
      tasks: (id) => store.tasks(id),
      reasonOf: (buildId, chroot) => triage.reason(buildId, chroot) ?? store.reasonOf(buildId, chroot),
      onDidChange: store.onDidChange,
    },
    client: () => connection.client(),
    settings,
    log,
    version,
    onServerChange: store.onDidReset,
  });
  context.subscriptions.push(taskActions);
  // </task-actions>
  // <writes>
  const writes = new WritesWiring({
    context, treeView, client: () => connection.client(), settings, onDidChangeSettings: settingsWatcher.onDidChange, store, scheduler,
    open: (url) => taskActions.opener.open(url), notifier, log,
  });
  context.subscriptions.push(writes);
  // </writes>

  // <workspace-discovery>
  const discovery = wireWorkspaceDiscovery({
    settings, onDidChangeSettings: settingsWatcher.onDidChange, connection, store, tree, specs: specDiagnostics.specs, log,
    onDidCompleteCycle: scheduler.onDidCompleteCycle, apply: () => applySettings(), subscriptions: context.subscriptions,
  });
  // </workspace-discovery>

  let shownBuilds = settings().maxBuilds;
  const applySettings = () => {
    const s = settings();
    if (connection.serverChanged()) store.reset();
    if (s.maxBuilds < shownBuilds) trimListings(store, s.maxBuilds);
    // More builds per project: the pages are asked again now, not at the next (perhaps dormant, hourly) refresh.
    const morePerPage = s.maxBuilds > shownBuilds;
    shownBuilds = s.maxBuilds;
    const scopes = scopesOf(s);
    // A positive key on purpose: `copr.configured == false` means `!copr.configured`, which is also true while the
    // extension is still activating, so the welcome view flashed up even with projects configured.
    const found = discovery.state.status === 'done' && discovery.state.discovery.found;
    void vscode.commands.executeCommand('setContext', 'copr.nothingConfigured', scopes.length === 0 && store.watched().length === 0 && !found);
    scheduler.setScopes(withWorkspaceScopes(scopes, discovery));
    if (morePerPage) void scheduler.refresh();
    tree.refreshAll();
  };
  context.subscriptions.push(
    settingsWatcher.onDidChange(applySettings),
    vscode.window.onDidChangeWindowState((w) => scheduler.setFocused(w.focused)),
  );
  scheduler.setFocused(vscode.window.state.focused);
  applySettings();

  log.info(`Copr Builds ${version} activated in ${Date.now() - started} ms`);
  return { store, scheduler, tree, treeView, connection, settings, statusBar, notifications: notificationSink, settingsProblems: () => settingsWatcher.problems, taskActions, opener: taskActions.opener, triage, specDiagnostics, writes, discovery, activationMs: Date.now() - started };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions and disposed by VS Code.
}
