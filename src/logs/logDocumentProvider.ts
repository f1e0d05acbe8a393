// The `copr-log:` documents: one read-only text document per task and log (`copr-log:/<buildId>/<chroot>/<log>.log`).
// Each open document owns a LogSession (download, bounded tail, live following); the session is disposed when
// VS Code closes the document, which stops its timer and aborts its download.
import * as vscode from 'vscode';
import { isActiveState } from '../api/states';
import type { BuildTask } from '../api/types';
import type { Clock, TimerHandle } from '../common/clock';
import { Disposable, toDisposable } from '../common/lifecycle';
import type { Logger } from '../common/log';
import { checkExternalUrl } from '../details/linkPolicy';
import { logLocations, LOG_TITLES } from './logNames';
import { LogSession, type LogTarget } from './logSession';
import { LOG_SCHEME, logPath, parseLogPath, type LogRef } from './logUri';
import { showInformation, showWarning } from '../ui/messages';
import type { LogHostPolicy } from '../api/logHosts';

export const LOG_LANGUAGE_ID = 'copr-log';
/** Kept from the end of a log: enough for every failure's context, small enough for the editor. */
export const DEFAULT_TAIL_CHARS = 5 * 1024 * 1024;
export const DEFAULT_FOLLOW_MS = 3_000;

export interface LogProviderDeps {
  /** The task as the monitor knows it now (undefined when the store has not loaded it). */
  storedTask(buildId: number, chroot: string): BuildTask | undefined;
  /** The task from the server (for builds the store does not follow). */
  fetchTask(buildId: number, chroot: string): Promise<BuildTask>;
  clock: Clock;
  userAgent: string;
  log: Logger;
  /** The connection's log host policy (the client's logHosts); absent = any http(s) URL. */
  logHosts?(): LogHostPolicy | undefined;
}

const CLOSE_GRACE_MS = 2_000;

export class LogDocumentProvider extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changeEmitter.event;
  private readonly sessions = new Map<string, LogSession>();
  private readonly uris = new Map<string, vscode.Uri>();
  private readonly pendingCloses = new Set<TimerHandle>();
  /** Tests shorten it to see a live log grow within seconds. */
  followMs = DEFAULT_FOLLOW_MS;
  tailChars = DEFAULT_TAIL_CHARS;

  constructor(private readonly deps: LogProviderDeps) {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, this));
    this._register(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme === LOG_SCHEME) this.closeSoon(doc.uri);
      }),
    );
    this._register(toDisposable(() => {
      for (const t of this.pendingCloses) t.cancel();
      for (const s of this.sessions.values()) s.dispose();
      this.sessions.clear();
    }));
  }

  static uriOf(ref: LogRef): vscode.Uri {
    return vscode.Uri.from({ scheme: LOG_SCHEME, path: logPath(ref) });
  }

  /** The session behind an open document (tests read `following` and `version`). */
  session(ref: LogRef): LogSession | undefined {
    return this.sessions.get(logPath(ref));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parseLogPath(uri.path);
    if (!ref) return `[copr] ${uri.toString()} is not a Copr log (expected copr-log:/<build id>/<chroot>/<log>.log).`;
    const session = this.sessionFor(ref, uri);
    await session.load();
    return session.text();
  }

  /** Opens the log in an editor, at a 1-based line of the full log when given. */
  async open(ref: LogRef, line?: number): Promise<vscode.TextEditor> {
    const uri = LogDocumentProvider.uriOf(ref);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== LOG_LANGUAGE_ID) {
      // Only when the manifest contributes the language; plain text otherwise.
      doc = await Promise.resolve(vscode.languages.setTextDocumentLanguage(doc, LOG_LANGUAGE_ID)).catch(() => doc);
    }
    const session = this.sessions.get(logPath(ref));
    let selection: vscode.Range | undefined;
    if (line !== undefined && session) {
      const docLine = session.documentLine(line);
      if (docLine === undefined) {
        void showInformation(
          vscode.l10n.t('Line {0} of {1} is before the part of the log that is shown (only its end is kept).', line, LOG_TITLES[ref.log]),
        );
      } else {
        const at = Math.min(docLine, doc.lineCount) - 1;
        selection = new vscode.Range(at, 0, at, doc.lineAt(at).text.length);
      }
    }
    const editor = await vscode.window.showTextDocument(doc, { preview: false, selection });
    if (selection) editor.revealRange(selection, vscode.TextEditorRevealType.InCenter);
    return editor;
  }

  private sessionFor(ref: LogRef, uri: vscode.Uri): LogSession {
    const key = logPath(ref);
    const existing = this.sessions.get(key);
    if (existing) return existing;
    const session = new LogSession({
      ref,
      locate: () => this.locate(ref),
      isActive: () => {
        const t = this.deps.storedTask(ref.buildId, ref.chroot);
        // A task the store does not follow is followed until its live file disappears.
        return t ? isActiveState(t.state) : true;
      },
      clock: this.deps.clock,
      userAgent: this.deps.userAgent,
      logger: this.deps.log,
      followMs: this.followMs,
      tailChars: this.tailChars,
      policy: this.deps.logHosts?.(),
    });
    session.onDidChange(() => this.changeEmitter.fire(uri));
    this.sessions.set(key, session);
    this.uris.set(key, uri);
    return session;
  }

  /**
   * A close is not always the end: setting the copr-log language closes and reopens the same document, and a close
   * can arrive after the same log was opened again. The session goes only if no document shows it a moment later.
   */
  private closeSoon(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.deps.clock.setTimeout(() => {
      this.pendingCloses.delete(timer);
      if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) this.closeSession(uri.path);
    }, CLOSE_GRACE_MS);
    this.pendingCloses.add(timer);
  }

  private closeSession(path: string): void {
    const session = this.sessions.get(path);
    if (!session) return;
    this.sessions.delete(path);
    this.uris.delete(path);
    session.dispose();
  }

  /** The server changed: every open log document is read again, from the new server. */
  reloadAll(): void {
    const uris = [...this.uris.values()];
    for (const path of [...this.sessions.keys()]) this.closeSession(path);
    for (const uri of uris) this.changeEmitter.fire(uri);
  }

  private async locate(ref: LogRef): Promise<LogTarget> {
    let task = this.deps.storedTask(ref.buildId, ref.chroot);
    if (!task || !task.result_dir_url) task = await this.deps.fetchTask(ref.buildId, ref.chroot);
    if (!task.result_dir_url) {
      return { problem: `Build ${ref.buildId} (${ref.chroot}) has no result directory yet: the task has not started, so there is no log.` };
    }
    const check = checkExternalUrl(task.result_dir_url);
    if (!check.ok) return { problem: `Not fetching the log: the server's result directory URL was refused. ${check.reason}` };
    const policy = this.deps.logHosts?.();
    const host = policy?.check(check.url);
    if (policy && host && !host.ok) {
      if (host.host) this.offerHost(ref, policy, host.host);
      return { problem: `${host.reason} Not fetched.` };
    }
    return { locations: logLocations(check.url, ref.log, task.state), state: task.state };
  }

  /** A log on a host that is not the server's: fetched only after a click on a button that names the host. */
  private offerHost(ref: LogRef, policy: LogHostPolicy, host: string): void {
    const fetchIt = vscode.l10n.t('Fetch from {0}', host);
    void showWarning(
      vscode.l10n.t('The {0} of build {1} ({2}) is on {3}, which is neither the Copr server nor its result storage. Fetch it from {3}?', LOG_TITLES[ref.log], ref.buildId, ref.chroot, host),
      fetchIt,
    ).then((choice) => {
      if (choice !== fetchIt || this.isDisposed) return;
      policy.allow(host);
      const key = logPath(ref);
      const uri = this.uris.get(key) ?? LogDocumentProvider.uriOf(ref);
      this.closeSession(key);
      this.changeEmitter.fire(uri);
    });
  }
}
