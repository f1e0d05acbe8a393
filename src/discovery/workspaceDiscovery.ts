// The vscode side of discovery: reads the workspace's files (only when the workspace is trusted), runs the rules
// (discover.ts), asks Copr once per Packit PR namespace which PR projects exist, and says so through onDidChange.
// Re-runs when one of the files it read changes (FileSystemWatchers it owns), when folders, trust or the setting
// change. Nothing from the repository is run: files are read as text through vscode.workspace.fs.
import * as vscode from 'vscode';
import type { CoprClient } from '../api';
import type { CoprPackage } from '../api/packages';
import { CoprError } from '../api/errors';
import { Disposable, toDisposable } from '../common/lifecycle';
import type { Logger } from '../common/log';
import type { Scope } from '../monitor/scopes';
import { specNames } from '../diagnostics/specNames';
import { discover, type Discovery, type PrNamespace, type SpecFacts } from './discover';
import { mergeDiscoveries, nsKey } from './merge';
import { gatherFacts, WATCHED_GLOBS, type FolderReader } from './facts';
import { prsOfNamespace, type PullRequestBuilds } from './prs';
import { PACKIT_CONFIG_FILES, type YamlParse } from './packitConfig';
import type { GitRemote } from './gitInfo';
import { matchRemotes, remoteCandidates, withRemoteMatches } from './remoteMatch';

export type DiscoveryState =
  | { status: 'off' }
  | { status: 'untrusted' }
  | { status: 'running' }
  | { status: 'done'; discovery: Discovery };

/** What a PR namespace's search gave: the PRs with projects, or why it could not tell. */
export type PrListing = { prs: PullRequestBuilds[] } | { error: string };

export interface WorkspaceDiscoveryDeps {
  enabled(): boolean;
  client(): Pick<CoprClient, 'searchProjects' | 'listPackages'>;
  /** The projects the user configured (`copr.projects`, then `copr.owner`'s projects as listed): the git remote is
   * matched against their packages' SCM sources. */
  remoteProjects(): string[];
  /** js-yaml's load on the desktop; undefined in the web host (src/platform). */
  loadYaml(): YamlParse | undefined;
  log: Logger;
}

const MAX_SPECS = 50;
const MAX_WALK_DEPTH = 3;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.venv', 'dist', 'out', 'build', '.tox']);
/** PR projects polled without being opened: the current branch's and the newest one. */
const PR_PROJECTS_POLLED = 2;
const RERUN_DELAY_MS = 300;

export class WorkspaceDiscovery extends Disposable {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange: vscode.Event<void> = this.changeEmitter.event;
  private current: DiscoveryState = { status: 'off' };
  private readonly prListings = new Map<string, PrListing>();
  /** PR projects the user opened in the tree: polled from then on. */
  private readonly opened = new Set<string>();
  private folderOverride: vscode.Uri[] | undefined;
  private watchers: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private runId = 0;
  private running: Promise<void> | undefined;
  /** Each project's first package/list page, asked once per session (Copr: Refresh asks again). */
  private readonly packagePages = new Map<string, CoprPackage[]>();
  /** The remoteProjects() the last run matched against. */
  private remoteInput = '';
  /** Requests this discovery sent to Copr (tests and the README's numbers). */
  requests = 0;

  constructor(private readonly deps: WorkspaceDiscoveryDeps) {
    super();
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.rerun()));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.rerun()));
    this._register(toDisposable(() => {
      if (this.timer) clearTimeout(this.timer);
      for (const w of this.watchers) w.dispose();
    }));
  }

  get state(): DiscoveryState {
    return this.current;
  }

  prListing(ns: PrNamespace): PrListing | undefined {
    return this.prListings.get(nsKey(ns));
  }

  /** Tests point discovery at fixture folders instead of the workspace's. */
  useFolders(folders: vscode.Uri[] | undefined): Promise<void> {
    this.folderOverride = folders;
    return this.run();
  }

  /** Runs again soon (several file events collapse into one run). */
  rerun(): void {
    if (this.isDisposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, RERUN_DELAY_MS);
  }

  /** Copr: Refresh: forgets what Copr said (PR projects, package lists) and runs again. */
  refresh(): void {
    this.packagePages.clear();
    this.rerun();
  }

  /** The configured projects changed since the last run (the owner's projects got listed): match the remote again. */
  remoteProjectsChanged(): boolean {
    return this.deps.remoteProjects().join('\n') !== this.remoteInput;
  }

  /** Resolves when no run is going on or due (tests). */
  async whenIdle(): Promise<void> {
    while (this.running || this.timer) await (this.running ?? new Promise((r) => setTimeout(r, RERUN_DELAY_MS)));
  }

  /** A PR project the user expanded: poll it from now on. */
  open(fullName: string): void {
    if (this.opened.has(fullName)) return;
    this.opened.add(fullName);
    this.changeEmitter.fire();
  }

  /** The projects the scheduler should follow for the workspace (besides the user's own scopes). */
  scopes(): Scope[] {
    if (this.current.status !== 'done') return [];
    const d = this.current.discovery;
    const names = d.projects.map((p) => `${p.owner}/${p.project}`);
    for (const ns of d.prNamespaces) {
      const listing = this.prListings.get(nsKey(ns));
      if (!listing || 'error' in listing) continue;
      const polled = listing.prs.filter((p, i) => p.current || i < PR_PROJECTS_POLLED || this.opened.has(p.project));
      names.push(...polled.slice(0, PR_PROJECTS_POLLED + this.opened.size).map((p) => p.project));
    }
    return [...new Set(names)].map((n) => {
      const slash = n.indexOf('/');
      return { kind: 'project', owner: n.slice(0, slash), project: n.slice(slash + 1) };
    });
  }

  run(): Promise<void> {
    const id = ++this.runId;
    const run = this.doRun(id).catch((e: unknown) => this.deps.log.warn(`Workspace discovery failed: ${e instanceof Error ? e.message : String(e)}`));
    this.running = run.finally(() => {
      if (this.runId === id) this.running = undefined;
    });
    return this.running;
  }

  private set(state: DiscoveryState): void {
    if (state.status !== 'done' && state.status === this.current.status) return;
    this.current = state;
    this.changeEmitter.fire();
  }

  private async doRun(id: number): Promise<void> {
    await Promise.resolve(); // never report synchronously: the composition root is still wiring when run() starts
    const folders = this.folderOverride ?? (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri);
    // Noted even when discovery is off or untrusted: a change of these alone need not run it again.
    this.remoteInput = this.deps.remoteProjects().join('\n');
    this.watch(folders);
    if (!this.deps.enabled() || folders.length === 0) return this.set({ status: 'off' });
    if (!vscode.workspace.isTrusted) {
      // Untrusted: no file is read. Only whether a Packit config or .copr/Makefile exists is asked (a stat), so that
      // the "trust to see its builds" row shows only in repositories that have something to find.
      return this.set({ status: (await anyExists(folders, [...PACKIT_CONFIG_FILES, '.copr/Makefile'])) ? 'untrusted' : 'off' });
    }
    if (this.current.status !== 'done') this.set({ status: 'running' });
    const found: Discovery[] = [];
    const remotes: GitRemote[] = [];
    for (const folder of folders) {
      const facts = await gatherFacts(folderReader(folder), folders.length > 1 ? folder.path.slice(folder.path.lastIndexOf('/') + 1) : undefined);
      // The YAML reader is loaded only for a folder that has a Packit config.
      found.push(discover(facts, facts.packit.length ? this.deps.loadYaml() : undefined));
      remotes.push(...facts.remotes);
    }
    if (id !== this.runId) return;
    const discovery = withRemoteMatches(mergeDiscoveries(found), await this.matchRemote(remotes, id));
    if (id !== this.runId) return;
    await this.searchPrs(discovery, id);
    if (id !== this.runId) return;
    this.deps.log.info(`Workspace discovery: ${discovery.projects.length} projects, ${discovery.prNamespaces.length} Packit PR namespaces, ${discovery.problems.length} problems.`);
    this.set({ status: 'done', discovery });
  }

  /** Packages of the user's projects built from this repository: one package/list page per project, cached. */
  private async matchRemote(remotes: GitRemote[], id: number): Promise<ReturnType<typeof matchRemotes>> {
    const configured = this.deps.remoteProjects();
    const packages: CoprPackage[] = [];
    for (const project of remoteCandidates(remotes, configured)) {
      let page = this.packagePages.get(project);
      if (!page) {
        try {
          this.requests++;
          page = (await this.deps.client().listPackages({ project, limit: 100 })) ?? [];
        } catch (e) {
          // A deleted project or a failing server: no match, logged, not asked again until Copr: Refresh.
          this.deps.log.info(`Workspace discovery: the packages of ${project} could not be listed: ${e instanceof Error ? e.message : String(e)}`);
          page = [];
        }
        this.packagePages.set(project, page);
        if (id !== this.runId) return [];
      }
      packages.push(...page);
    }
    return matchRemotes(remotes, packages);
  }

  private async searchPrs(d: Discovery, id: number): Promise<void> {
    const wanted = new Set(d.prNamespaces.map(nsKey));
    for (const k of [...this.prListings.keys()]) if (!wanted.has(k)) this.prListings.delete(k);
    for (const ns of d.prNamespaces) {
      try {
        this.requests++;
        const projects = await this.deps.client().searchProjects(ns.owner, ns.prefix);
        if (id !== this.runId) return;
        this.prListings.set(nsKey(ns), projects === null ? { error: 'this Copr server has no project search (API v2)' } : { prs: prsOfNamespace(ns, projects) });
      } catch (e) {
        this.prListings.set(nsKey(ns), { error: e instanceof CoprError || e instanceof Error ? e.message : String(e) });
      }
    }
  }

  private watch(folders: readonly vscode.Uri[]): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    for (const folder of folders) {
      for (const glob of WATCHED_GLOBS) {
        const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, glob));
        const again = () => this.rerun();
        this.watchers.push(watcher, watcher.onDidCreate(again), watcher.onDidChange(again), watcher.onDidDelete(again));
      }
    }
  }
}

async function anyExists(folders: readonly vscode.Uri[], paths: readonly string[]): Promise<boolean> {
  for (const folder of folders) {
    for (const path of paths) {
      try {
        await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, ...path.split('/')));
        return true;
      } catch {
        // absent
      }
    }
  }
  return false;
}

function folderReader(folder: vscode.Uri): FolderReader {
  const fs = vscode.workspace.fs;
  const uriOf = (path: string) => vscode.Uri.joinPath(folder, ...path.split('/'));
  const read = async (path: string, maxBytes: number): Promise<string | null | undefined> => {
    try {
      const uri = uriOf(path);
      const stat = await fs.stat(uri);
      if (stat.type & vscode.FileType.Directory) return undefined;
      if (stat.size > maxBytes) return null;
      return new TextDecoder('utf-8').decode(await fs.readFile(uri));
    } catch {
      return undefined;
    }
  };
  return {
    read,
    async specs() {
      const paths: string[] = [];
      const walk = async (dir: string, depth: number): Promise<void> => {
        let entries: [string, vscode.FileType][];
        try {
          entries = await fs.readDirectory(dir ? uriOf(dir) : folder);
        } catch {
          return;
        }
        for (const [name, type] of entries.sort((a, b) => a[0].localeCompare(b[0]))) {
          if (paths.length >= MAX_SPECS) return;
          const rel = dir ? `${dir}/${name}` : name;
          if (type & vscode.FileType.Directory) {
            if (depth < MAX_WALK_DEPTH && !SKIP_DIRS.has(name)) await walk(rel, depth + 1);
          } else if (name.endsWith('.spec')) paths.push(rel);
        }
      };
      await walk('', 0);
      const out: SpecFacts[] = [];
      for (const path of paths) {
        const text = await read(path, 1024 * 1024);
        if (typeof text === 'string') out.push({ path, names: specNames(path, text) });
      }
      return out;
    },
  };
}
