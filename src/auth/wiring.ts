// The write side of the extension, built in one place for activate(): the prompts seam, the signed-in session
// (shown as the view's description and the copr.signedIn context key), the write runner, and the commands that act
// on builds (sign in/out, cancel, resubmit, build this commit).
import * as vscode from 'vscode';
import type { Build, BuildTask } from '../api/types';
import { writesFor, type CoprWrites } from '../api/writes';
import type { CoprClient } from '../api/client';
import type { Event } from '../common/event';
import { Disposable } from '../common/lifecycle';
import type { Logger } from '../common/log';
import type { CoprSettings } from '../config/settings';
import { readCoprCliConfigText } from '../platform/node';
import { registerAuthCommands } from '../commands/auth';
import { BuildActions, type WriteScheduler } from '../commands/buildActions';
import { registerBuildCommitCommand, type BuildCommitDeps } from '../commands/buildCommit';
import { Prompts } from './prompts';
import { AuthSession } from './session';
import { WriteRunner } from './writeRunner';

export interface WritesWiringDeps {
  context: vscode.ExtensionContext;
  treeView: vscode.TreeView<unknown>;
  client(): CoprClient;
  settings(): CoprSettings;
  onDidChangeSettings: Event<unknown>;
  store: { build(id: number): Build | undefined; tasks(id: number): BuildTask[] | undefined; projectNames(): string[] };
  scheduler: WriteScheduler;
  open(url: string): Promise<unknown>;
  /** The build notifier: a resubmit's notification says which build it resubmits. */
  notifier: { describeWith(origin: (buildId: number) => string | undefined): vscode.Disposable };
  log: Logger;
}

export class WritesWiring extends Disposable {
  readonly prompts = new Prompts();
  readonly session: AuthSession;
  readonly runner: WriteRunner;
  readonly buildActions: BuildActions;
  /** Build This Commit's dependencies; tests replace `git` and `findSpecs`. */
  readonly buildCommit: BuildCommitDeps;
  /** Replaced by tests to act as in an untrusted workspace. */
  trusted: () => boolean = () => vscode.workspace.isTrusted;

  constructor(deps: WritesWiringDeps) {
    super();
    const writes = (): CoprWrites => writesFor(deps.client());
    const { prompts } = this;
    this.session = this._register(new AuthSession({ secrets: deps.context.secrets, baseUrl: () => deps.settings().url, prompts, log: deps.log, open: deps.open }));
    this.runner = new WriteRunner({ session: this.session, prompts, log: deps.log, trusted: () => this.trusted() });
    this.buildActions = this._register(
      new BuildActions({
        runner: this.runner, prompts, writes, store: deps.store, scheduler: deps.scheduler, getBuild: (id) => deps.client().getBuild(id),
        notificationSetting: () => deps.settings().notifications, log: deps.log,
      }),
    );
    this.buildCommit = {
      runner: this.runner,
      prompts,
      writes,
      projects: () => [...new Set([...deps.settings().projects.filter((p) => p.includes('/')), ...deps.store.projectNames()])],
      projectChroots: async (fullName) => {
        const [owner, name] = [fullName.slice(0, fullName.indexOf('/')), fullName.slice(fullName.indexOf('/') + 1)];
        return (await deps.client().getProject(owner, name)).chroots;
      },
      watch: (id) => deps.scheduler.watch(id),
      log: deps.log,
    };
    // In the view's title, not its description: VS Code does not show a description when the view is alone in its
    // container (the usual case: "Copr: Build Tasks"), and the person should see whose token acts on builds.
    const baseTitle = deps.treeView.title ?? 'Build Tasks';
    const show = () => {
      const user = this.session.user;
      deps.treeView.title = user ? vscode.l10n.t('{0} · signed in as {1}', baseTitle, user) : baseTitle;
      void vscode.commands.executeCommand('setContext', 'copr.signedIn', user !== undefined);
    };
    this._register(this.session.onDidChange(show));
    this._register(deps.notifier.describeWith((id) => this.buildActions.originOf(id)));
    this._register(deps.onDidChangeSettings(() => void this.session.reload()));
    for (const d of registerAuthCommands({
      session: this.session,
      prompts,
      writes,
      baseUrl: () => deps.settings().url,
      readConfigFile: readCoprCliConfigText,
      open: deps.open,
      log: deps.log,
    })) this._register(d);
    this._register(registerBuildCommitCommand(this.buildCommit));
    void this.session.reload();
  }
}
