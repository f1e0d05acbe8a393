// "Copr: Show Task Details": one webview panel per task, reused when it is already open. The page is rendered by
// the pure renderDetails() and re-rendered when the monitor's store announces a change of the panel's build (no
// polling of its own). Messages from the page are validated (parseDetailsMessage) before anything acts on them.
import * as vscode from 'vscode';
import type { Build, BuildTask } from '../api/types';
import { Disposable, toDisposable, type IDisposable } from '../common/lifecycle';
import type { Logger } from '../common/log';
import { detailsData, type DetailsData } from './detailsModel';
import { parseDetailsMessage, type DetailsMessage } from './messages';
import { renderDetails } from './renderDetails';
import { SRPM_STAGE } from '../triage/sourceStage';
import { showError } from '../ui/messages';

export const DETAILS_VIEW_TYPE = 'coprTaskDetails';

export interface TaskKey {
  buildId: number;
  chroot: string;
}

/** What the panel reads from the monitor's store (TaskStore satisfies it). */
export interface DetailsStore {
  build(id: number): Build | undefined;
  tasks(buildId: number): readonly BuildTask[] | undefined;
  reasonOf(buildId: number, chroot: string): unknown;
  onDidChange(listener: (e: { builds: readonly number[] }) => void): IDisposable;
}

/** Server reads for tasks the store does not hold, and the on-demand git hash. */
export interface DetailsServer {
  fetchBuild(buildId: number): Promise<Build>;
  fetchTasks(buildId: number): Promise<BuildTask[]>;
  gitHash(buildId: number, chroot: string): Promise<string | null>;
  buildUrl(buildId: number, build: Build | undefined): string | undefined;
}

export interface DetailsPanelsDeps {
  extensionUri: vscode.Uri;
  store: DetailsStore;
  server: DetailsServer;
  log: Logger;
  /** Runs an action button (open result dir, copy hash, open in Copr, view log) for the panel's task. */
  onAction(task: TaskKey, message: Exclude<DetailsMessage, { command: 'showTask' }>): Promise<unknown>;
  nowMs(): number;
}

function keyOf(t: TaskKey): string {
  return `${t.buildId}/${t.chroot}`;
}

export class DetailsPanels extends Disposable {
  private readonly panels = new Map<string, DetailsPanel>();

  constructor(private readonly deps: DetailsPanelsDeps) {
    super();
    this._register(
      deps.store.onDidChange((change) => {
        const builds = new Set(change.builds);
        for (const panel of this.panels.values()) if (builds.has(panel.task.buildId)) panel.update();
      }),
    );
    this._register(
      vscode.window.registerWebviewPanelSerializer(DETAILS_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state) => this.revive(panel, state),
      }),
    );
    this._register(toDisposable(() => {
      for (const p of [...this.panels.values()]) p.dispose();
    }));
  }

  /** Shows the task's panel, creating it or revealing the one already open. */
  show(task: TaskKey): DetailsPanel {
    const existing = this.panels.get(keyOf(task));
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(DETAILS_VIEW_TYPE, titleOf(task), vscode.ViewColumn.Active, this.webviewOptions());
    return this.adopt(task, panel);
  }

  get(task: TaskKey): DetailsPanel | undefined {
    return this.panels.get(keyOf(task));
  }

  /** The HTML last given to a panel's webview (tests check its CSP and escaping). */
  lastHtml(task: TaskKey): string | undefined {
    return this.panels.get(keyOf(task))?.html;
  }

  /** The server changed: forget what was fetched and read it again. */
  reloadAll(): void {
    for (const p of this.panels.values()) void p.reload();
  }

  get openCount(): number {
    return this.panels.size;
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(this.deps.extensionUri, 'media')],
    };
  }

  private revive(panel: vscode.WebviewPanel, state: unknown): void {
    const s = state as { buildId?: unknown; chroot?: unknown } | undefined;
    const buildId = typeof s?.buildId === 'number' && Number.isInteger(s.buildId) && s.buildId > 0 ? s.buildId : undefined;
    const chroot = typeof s?.chroot === 'string' && /^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$/.test(s.chroot) ? s.chroot : undefined;
    if (buildId === undefined || chroot === undefined || this.panels.has(keyOf({ buildId, chroot }))) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.webviewOptions();
    this.adopt({ buildId, chroot }, panel);
  }

  private adopt(task: TaskKey, panel: vscode.WebviewPanel): DetailsPanel {
    const p = new DetailsPanel(task, panel, this.deps, (raw) => this.handleMessage(task, raw));
    this.panels.set(keyOf(task), p);
    panel.onDidDispose(() => {
      this.panels.delete(keyOf(task));
      p.dispose();
    });
    p.update();
    void p.loadMissing();
    return p;
  }

  /** A message from a panel's page; resolves to false when it was not a valid one (and nothing was done). */
  async handleMessage(task: TaskKey, raw: unknown): Promise<boolean> {
    const message = parseDetailsMessage(raw);
    if (!message) {
      this.deps.log.warn(`Ignored an unexpected message from the details page of build ${task.buildId} (${task.chroot}).`);
      return false;
    }
    if (message.command === 'showTask') {
      const known = this.panels.get(keyOf(task))?.chrootNames() ?? [];
      if (!known.includes(message.chroot)) {
        this.deps.log.warn(`Ignored a request to show chroot "${message.chroot}", which build ${task.buildId} does not have.`);
        return false;
      }
      this.show({ buildId: task.buildId, chroot: message.chroot });
      return true;
    }
    try {
      await this.deps.onAction(task, message);
    } catch (e) {
      this.deps.log.error(`Details action ${message.command} failed: ${e instanceof Error ? e.message : String(e)}`);
      void showError(e instanceof Error ? e.message : String(e));
    }
    return true;
  }
}

function titleOf(t: TaskKey): string {
  return `${t.chroot} · #${t.buildId}`;
}

function makeNonce(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(bytes, (b) => abc[b % abc.length]).join('');
}

export class DetailsPanel extends Disposable {
  private fetched: { build?: Build; tasks?: BuildTask[] } = {};
  private fetchedGitHash: string | null | undefined;
  private problem: string | undefined;
  private readonly nonce = makeNonce();
  private _html = '';
  private _renders = 0;

  constructor(
    readonly task: TaskKey,
    readonly panel: vscode.WebviewPanel,
    private readonly deps: DetailsPanelsDeps,
    onMessage: (raw: unknown) => Promise<boolean>,
  ) {
    super();
    panel.iconPath = undefined;
    this._register(panel.webview.onDidReceiveMessage((raw: unknown) => void onMessage(raw)));
    this._register(panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.visible) this.update();
    }));
  }

  get html(): string {
    return this._html;
  }

  /** How many times the webview's HTML was replaced (tests observe live updates). */
  get renders(): number {
    return this._renders;
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  chrootNames(): string[] {
    return this.data().chroots.map((c) => c.chroot);
  }

  data(): DetailsData {
    const { buildId, chroot } = this.task;
    const { store } = this.deps;
    const tasks = store.tasks(buildId) ?? this.fetched.tasks;
    const build = store.build(buildId) ?? this.fetched.build;
    return detailsData({
      buildId,
      chroot,
      task: tasks?.find((t) => t.chroot_name === chroot),
      build,
      tasks,
      reason: store.reasonOf(buildId, chroot),
      sourceReason: store.reasonOf(buildId, SRPM_STAGE),
      fetchedGitHash: this.fetchedGitHash,
      buildUrl: this.deps.server.buildUrl(buildId, build),
      nowSeconds: Math.floor(this.deps.nowMs() / 1000),
      problem: this.problem,
    });
  }

  update(): void {
    if (this.isDisposed) return;
    const webview = this.panel.webview;
    const media = vscode.Uri.joinPath(this.deps.extensionUri, 'media');
    const html = renderDetails({
      cspSource: webview.cspSource,
      nonce: this.nonce,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.css')).toString(),
      data: this.data(),
    });
    if (html === this._html) return;
    this._html = html;
    this._renders++;
    webview.html = html;
  }

  reload(): Promise<void> {
    this.fetched = {};
    this.fetchedGitHash = undefined;
    this.problem = undefined;
    this.update();
    return this.loadMissing();
  }

  /** Reads from the server what the store does not have: the build, its tasks, and the git hash (on demand). */
  async loadMissing(): Promise<void> {
    const { buildId, chroot } = this.task;
    const { store, server } = this.deps;
    try {
      const [build, tasks] = await Promise.all([
        store.build(buildId) ? undefined : server.fetchBuild(buildId),
        store.tasks(buildId) ? undefined : server.fetchTasks(buildId),
      ]);
      this.fetched = { build, tasks };
      if (tasks && chroot !== SRPM_STAGE && !tasks.some((t) => t.chroot_name === chroot)) this.problem = `Build ${buildId} has no chroot ${chroot}.`;
    } catch (e) {
      this.problem = `Could not load build ${buildId}: ${e instanceof Error ? e.message : String(e)}`;
    }
    this.update();
    const task = this.data().task;
    if (task && !task.git_hash && task.started_on !== null) {
      this.fetchedGitHash = await server.gitHash(buildId, chroot).catch(() => null);
      this.update();
    }
  }
}
