// The workspace's .spec files and the package names they stand for, found once and kept up to date by a file
// watcher. Files are read through vscode.workspace.fs, so untrusted and virtual workspaces work the same; nothing
// is executed.
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { Logger } from '../common/log';
import { specNames } from './specNames';

export interface SpecFile {
  uri: vscode.Uri;
  text: string;
  names: string[];
}

const MAX_SPEC_FILES = 50;
/** A spec file is small; anything bigger is not one worth reading. */
const MAX_SPEC_BYTES = 1024 * 1024;

export class SpecFileIndex extends Disposable {
  private files: Promise<SpecFile[]> | undefined;
  private extraNames: (uri: vscode.Uri) => readonly string[] = () => [];
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  /** The set of spec files or one's contents changed. */
  readonly onDidChange: vscode.Event<void> = this.changeEmitter.event;

  constructor(private readonly log: Logger) {
    super();
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/*.spec'));
    const invalidate = () => {
      this.files = undefined;
      this.changeEmitter.fire();
    };
    this._register(watcher.onDidCreate(invalidate));
    this._register(watcher.onDidDelete(invalidate));
    this._register(watcher.onDidChange(invalidate));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(invalidate));
  }

  /**
   * More names a spec stands for, from workspace discovery (src/discovery: Packit's downstream_package_name for its
   * specfile_path), so diagnostics and triage find the spec of the package the workspace builds.
   */
  setExtraNames(names: (uri: vscode.Uri) => readonly string[]): void {
    this.extraNames = names;
    this.files = undefined;
    this.changeEmitter.fire();
  }

  /** The spec files (cached until one is created, changed, deleted or renamed). */
  specFiles(): Promise<SpecFile[]> {
    this.files ??= this.scan();
    return this.files;
  }

  /** The spec files that stand for this package. */
  async forPackage(name: string): Promise<SpecFile[]> {
    return (await this.specFiles()).filter((f) => f.names.includes(name));
  }

  private async scan(): Promise<SpecFile[]> {
    let uris: vscode.Uri[];
    try {
      uris = await vscode.workspace.findFiles('**/*.spec', '**/node_modules/**', MAX_SPEC_FILES);
    } catch (e) {
      this.log.warn(`Looking for .spec files failed: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
    const read = await Promise.all(uris.map((uri) => this.read(uri)));
    return read.filter((f): f is SpecFile => f !== undefined);
  }

  private async read(uri: vscode.Uri): Promise<SpecFile | undefined> {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_SPEC_BYTES) return undefined;
      const text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
      return { uri, text, names: [...new Set([...specNames(uri.path, text), ...this.extraNames(uri)])] };
    } catch (e) {
      this.log.debug(`Could not read ${uri.toString()}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }
}
