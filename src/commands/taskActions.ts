// The task commands: Show Task Details, Open Result Directory, Copy Git Hash, Open Build in Copr and View Log.
// Each accepts a task row's `{ buildId, chroot }`, the TaskNode itself (context menus), or nothing (command palette:
// it asks). They read the monitor's store first and the server only for what the store does not have.
import * as vscode from 'vscode';
import { STATE_TABLE } from '../api/states';
import type { Build, BuildTask } from '../api/types';
import { buildIdWebUrl, buildWebUrl } from '../api/urls';
import type { CoprClient } from '../api';
import { systemClock, type Clock } from '../common/clock';
import { Disposable } from '../common/lifecycle';
import type { Logger } from '../common/log';
import type { CoprSettings } from '../config/settings';
import { DetailsPanels, type DetailsStore, type TaskKey } from '../details/detailsPanel';
import { isValidGitHash } from '../details/gitHash';
import type { DetailsMessage } from '../details/messages';
import { LogDocumentProvider } from '../logs/logDocumentProvider';
import { isLogName, LOG_NAMES, LOG_TITLES, type LogName } from '../logs/logNames';
import { ExternalOpener } from '../ui/externalOpener';
import { refOfArgument, resolveBuildId, resolveTaskRef, type TaskRef, type TaskRefPrompts } from './taskRef';
import { showError, showInformation, showWarning } from '../ui/messages';
import { labelText } from '../common/displayText';

export interface TaskActionsDeps {
  extensionUri: vscode.Uri;
  store: DetailsStore;
  client(): CoprClient;
  settings(): CoprSettings;
  log: Logger;
  /** Sent as `User-Agent: copr-vscode/<version>` with log downloads. */
  version: string;
  clock?: Clock;
  /** Fired when the configured server changed (the store's onDidReset): open logs and panels read again. */
  onServerChange?: (listener: () => void) => { dispose(): void };
}

const STATUS_MESSAGE_MS = 3_000;

export class TaskActions extends Disposable {
  readonly opener: ExternalOpener;
  readonly panels: DetailsPanels;
  readonly logs: LogDocumentProvider;

  constructor(private readonly deps: TaskActionsDeps) {
    super();
    this.opener = new ExternalOpener(deps.log);
    this.logs = this._register(
      new LogDocumentProvider({
        storedTask: (id, chroot) => this.storedTask(id, chroot),
        fetchTask: (id, chroot) => deps.client().getBuildTask(id, chroot),
        clock: deps.clock ?? systemClock,
        userAgent: `copr-vscode/${deps.version}`,
        log: deps.log,
        logHosts: () => deps.client().logHosts,
      }),
    );
    this.panels = this._register(
      new DetailsPanels({
        extensionUri: deps.extensionUri,
        store: deps.store,
        log: deps.log,
        nowMs: () => Date.now(),
        server: {
          fetchBuild: (id) => deps.client().getBuild(id),
          fetchTasks: (id) => deps.client().listBuildTasks({ buildId: id, limit: 100 }),
          gitHash: (id, chroot) => deps.client().getGitHash(id, chroot),
          buildUrl: (id, build) => this.buildUrl(id, build),
        },
        onAction: (task, message) => this.runPanelAction(task, message),
      }),
    );
    if (deps.onServerChange) {
      this._register(
        deps.onServerChange(() => {
          this.logs.reloadAll();
          this.panels.reloadAll();
        }),
      );
    }
    const register = (id: string, fn: (...args: unknown[]) => Promise<unknown>) =>
      this._register(vscode.commands.registerCommand(id, (...args: unknown[]) => this.guard(id, () => fn(...args))));
    register('copr.showTaskDetails', (arg) => this.showTaskDetails(arg));
    register('copr.openResultDir', (arg) => this.openResultDir(arg));
    register('copr.copyGitHash', (arg) => this.copyGitHash(arg));
    register('copr.openBuildInCopr', (arg) => this.openBuildInCopr(arg));
    register('copr.viewLog', (arg, log, line) => this.viewLog(arg, log, line));
  }

  // ---- commands (each resolves to something a test can check)

  async showTaskDetails(arg: unknown): Promise<TaskKey | undefined> {
    const ref = await this.resolve(arg);
    if (!ref) return undefined;
    this.panels.show(ref);
    return ref;
  }

  /** Resolves to whether a browser was asked to open the result directory. */
  async openResultDir(arg: unknown): Promise<boolean> {
    const ref = await this.resolve(arg);
    if (!ref) return false;
    const task = await this.task(ref, (t) => t.result_dir_url !== null);
    if (!task.result_dir_url) {
      void showInformation(
        vscode.l10n.t('Build {0} ({1}) has no result directory yet: the task has not started yet ({2}).', ref.buildId, ref.chroot, STATE_TABLE[task.state].words),
      );
      return false;
    }
    return this.opener.open(task.result_dir_url);
  }

  /** Resolves to the hash put on the clipboard, or undefined when there was none to copy. */
  async copyGitHash(arg: unknown): Promise<string | undefined> {
    const ref = await this.resolve(arg);
    if (!ref) return undefined;
    const stored = this.storedTask(ref.buildId, ref.chroot)?.git_hash ?? null;
    // v3 lists never carry the hash: ask the server (the client caches known hashes).
    const hash = stored ?? (await this.deps.client().getGitHash(ref.buildId, ref.chroot));
    if (hash === null) {
      void showWarning(
        vscode.l10n.t('Copr cannot tell the git hash of build {0} ({1}): the sources may not be imported yet, or the server does not publish it.', ref.buildId, ref.chroot),
      );
      return undefined;
    }
    if (!isValidGitHash(hash)) {
      this.deps.log.warn(`Build ${ref.buildId} (${ref.chroot}): the server's git hash is not 40 or 64 hex digits; not copied.`);
      void showWarning(
        vscode.l10n.t('The server gave a git hash for build {0} ({1}) that is not a commit id (40 or 64 hex digits); nothing was copied.', ref.buildId, ref.chroot),
      );
      return undefined;
    }
    await vscode.env.clipboard.writeText(hash);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(copy) Copied git hash {0} of {1}', hash.slice(0, 12), labelText(ref.chroot)), STATUS_MESSAGE_MS);
    return hash;
  }

  /** Resolves to whether a browser was asked to open the build's page. */
  async openBuildInCopr(arg: unknown): Promise<boolean> {
    const buildId = await resolveBuildId(arg, this.prompts());
    if (buildId === undefined) return false;
    let build = this.deps.store.build(buildId);
    if (!build) {
      try {
        build = await this.deps.client().getBuild(buildId);
      } catch (e) {
        // The redirect-by-id page still works when the build record cannot be read.
        this.deps.log.warn(`Build ${buildId}: ${e instanceof Error ? e.message : String(e)}; opening the page by id.`);
      }
    }
    const url = this.buildUrl(buildId, build);
    return url ? this.opener.open(url) : false;
  }

  /** `log` and `line` come from evidence lines (`copr.viewLog`, { buildId, chroot }, 'build', 120). */
  async viewLog(arg: unknown, logArg?: unknown, lineArg?: unknown): Promise<vscode.Uri | undefined> {
    const a = (arg && typeof arg === 'object' ? arg : {}) as { log?: unknown; line?: unknown };
    const ref = await this.resolve(arg);
    if (!ref) return undefined;
    let log: LogName | undefined = isLogName(logArg) ? logArg : isLogName(a.log) ? a.log : undefined;
    log ??= await this.pickLog(ref);
    if (!log) return undefined;
    const rawLine = lineArg ?? a.line;
    const line = typeof rawLine === 'number' && Number.isInteger(rawLine) && rawLine > 0 ? rawLine : undefined;
    const editor = await this.logs.open({ ...ref, log }, line);
    return editor.document.uri;
  }

  // ---- helpers

  private async runPanelAction(task: TaskKey, message: Exclude<DetailsMessage, { command: 'showTask' }>): Promise<unknown> {
    switch (message.command) {
      case 'openResultDir':
        return this.openResultDir(task);
      case 'copyGitHash':
        return this.copyGitHash(task);
      case 'openBuildInCopr':
        return this.openBuildInCopr(task);
      case 'viewLog':
        return this.viewLog(task, message.log, message.line);
      case 'cancelBuild':
        return vscode.commands.executeCommand('copr.cancelBuild', { buildId: task.buildId });
      case 'resubmitBuild':
        return vscode.commands.executeCommand('copr.resubmitBuild', this.storedTask(task.buildId, task.chroot)?.state === 'failed' ? task : { buildId: task.buildId });
    }
  }

  private buildUrl(buildId: number, build: Build | undefined): string | undefined {
    const server = this.deps.settings().url;
    try {
      return build ? buildWebUrl(server, build) : buildIdWebUrl(server, buildId);
    } catch {
      return undefined;
    }
  }

  private storedTask(buildId: number, chroot: string): BuildTask | undefined {
    return this.deps.store.tasks(buildId)?.find((t) => t.chroot_name === chroot);
  }

  /** The stored task when it has what is needed, else a fresh one from the server. */
  private async task(ref: TaskRef, enough: (t: BuildTask) => boolean): Promise<BuildTask> {
    const stored = this.storedTask(ref.buildId, ref.chroot);
    if (stored && enough(stored)) return stored;
    try {
      return await this.deps.client().getBuildTask(ref.buildId, ref.chroot);
    } catch (e) {
      if (stored) return stored;
      throw e;
    }
  }

  private resolve(arg: unknown): Promise<TaskRef | undefined> {
    // A row passes its ref directly; skip the prompts' setup cost for the common case.
    const given = refOfArgument(arg);
    if (given?.chroot) return Promise.resolve({ buildId: given.buildId, chroot: given.chroot });
    return resolveTaskRef(arg, {
      prompts: this.prompts(),
      loadTasks: async (id) => this.deps.store.tasks(id) ?? (await this.deps.client().listBuildTasks({ buildId: id, limit: 100 })),
    });
  }

  private prompts(): TaskRefPrompts {
    return {
      askBuild: (validate) =>
        Promise.resolve(
          vscode.window.showInputBox({
            title: vscode.l10n.t('Copr build'),
            prompt: vscode.l10n.t('A build id, or the URL of a build page or result directory'),
            placeHolder: '9812345',
            ignoreFocusOut: true,
            validateInput: validate,
          }),
        ),
      pickChroot: async (buildId, choices) => {
        const picked = await vscode.window.showQuickPick(
          choices.map((c) => ({ label: labelText(c.chroot), chroot: c.chroot, description: STATE_TABLE[c.state].words, iconPath: new vscode.ThemeIcon(STATE_TABLE[c.state].icon.replace(/~spin$/, '')) })),
          { title: vscode.l10n.t('Chroot of build {0}', buildId), placeHolder: vscode.l10n.t('Pick a chroot'), matchOnDescription: true },
        );
        return picked?.chroot;
      },
    };
  }

  private async pickLog(ref: TaskRef): Promise<LogName | undefined> {
    const state = this.storedTask(ref.buildId, ref.chroot)?.state;
    const picked = await vscode.window.showQuickPick(
      LOG_NAMES.map((log) => ({ label: LOG_TITLES[log], description: describeLog(log), log })),
      { title: vscode.l10n.t('Log of {0} (build {1}{2})', labelText(ref.chroot), ref.buildId, state ? `, ${STATE_TABLE[state].words}` : ''), placeHolder: vscode.l10n.t('Pick a log') },
    );
    return picked?.log;
  }

  private async guard(command: string, fn: () => Promise<unknown>): Promise<unknown> {
    try {
      return await fn();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.deps.log.error(`${command}: ${message}`);
      void showError(message);
      return undefined;
    }
  }
}

function describeLog(log: LogName): string {
  switch (log) {
    case 'builder-live':
      return vscode.l10n.t('the whole build, live while it runs');
    case 'backend':
      return vscode.l10n.t('the Copr backend: builder machine, timeouts');
    case 'build':
      return vscode.l10n.t("mock's rpmbuild output (when the chroot ends)");
    case 'root':
      return vscode.l10n.t('buildroot installation: BuildRequires (when the chroot ends)');
  }
}
