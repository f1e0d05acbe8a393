// Copr: Build This Commit… — POST /api_3/build/create/scm with the upstream remote's https clone URL, the HEAD commit
// and the workspace's .spec, in chroots picked from the project's enabled ones; the new build is watched. Git facts
// come from VS Code's built-in git extension (a seam, so tests can give them); src/common/gitRemote.ts decides.
import * as vscode from 'vscode';
import type { CoprWrites } from '../api/writes';
import { commitVerdict, httpsCloneUrl, specLocation, type HeadFacts } from '../common/gitRemote';
import type { Logger } from '../common/log';
import type { Prompts } from '../auth/prompts';
import type { WriteRunner } from '../auth/writeRunner';

export interface GitFacts {
  repoRoot: string;
  /** The upstream's remote URL (or the first remote's when there is no upstream). */
  remoteUrl?: string;
  head: HeadFacts;
}

export interface BuildCommitDeps {
  runner: WriteRunner;
  prompts: Prompts;
  writes(): CoprWrites;
  /** Configured and listed projects, `owner/name`. */
  projects(): string[];
  projectChroots(fullName: string): Promise<string[]>;
  watch(buildId: number): Promise<void>;
  log: Logger;
  /** Absolute paths of the workspace's .spec files. */
  findSpecs?: () => Promise<string[]>;
  git?: () => Promise<GitFacts | undefined>;
}

const t = (message: string, ...args: Array<string | number>) => vscode.l10n.t(message, ...args);

export function registerBuildCommitCommand(deps: BuildCommitDeps): vscode.Disposable {
  return vscode.commands.registerCommand('copr.buildThisCommit', () => buildThisCommit(deps));
}

/** Resolves to the new build's id, or undefined (with a message saying why) when nothing was submitted. */
export async function buildThisCommit(deps: BuildCommitDeps): Promise<number | undefined> {
  if (!deps.runner.allowed()) return undefined;
  const say = (severity: 'error' | 'warning', text: string) => void deps.prompts.message(severity, text);
  const facts = await (deps.git ?? gitFromExtension)().catch(() => undefined);
  if (!facts) return say('error', t('Build This Commit needs a git repository with a remote in this workspace (and VS Code\'s git extension enabled).')), undefined;
  const cloneUrl = facts.remoteUrl ? httpsCloneUrl(facts.remoteUrl) : undefined;
  if (!cloneUrl) {
    say('error', t('Copr clones over https, and the remote {0} is not reachable that way. Push to an https-reachable forge (GitHub, GitLab, Pagure…).', facts.remoteUrl ?? t('(none)')));
    return undefined;
  }
  const verdict = commitVerdict(facts.head);
  if (!verdict.ok) {
    const commit = facts.head.commit?.slice(0, 12) ?? '';
    const text = verdict.reason === 'no-commit'
      ? t('The repository has no commit to build yet.')
      : verdict.reason === 'no-upstream'
        ? t('Branch {0} has no upstream: Copr could not fetch commit {1}. Push it first.', facts.head.branch ?? 'HEAD', commit)
        : t('Commit {0} is {1} commit(s) ahead of {2}: Copr could not fetch it. Push first.', commit, verdict.ahead ?? 0, facts.head.upstream ?? '');
    say('error', text);
    return undefined;
  }
  if (verdict.warning === 'dirty') {
    const go = await deps.prompts.confirm(t('Build commit {0} without your uncommitted changes?', (facts.head.commit ?? '').slice(0, 12)), t('Copr builds what is pushed; changes in the working tree are not part of it.'), t('Build Commit'));
    if (!go) return undefined;
  }
  const specs = (await (deps.findSpecs ?? findSpecs)()).filter((p) => specLocation(facts.repoRoot, p));
  if (specs.length === 0) return say('error', t('No .spec file in this repository to build.')), undefined;
  const specPath = specs.length === 1 ? specs[0] : (await deps.prompts.pick(t('Which spec?'), specs.map((p) => ({ label: vscode.workspace.asRelativePath(p), value: p }))))?.[0];
  if (!specPath) return undefined;
  const location = specLocation(facts.repoRoot, specPath) as { subdirectory: string; spec: string };
  const projects = deps.projects();
  if (projects.length === 0) return say('error', t('No Copr project to build in: add one (Copr: Add Project…).')), undefined;
  const project = projects.length === 1 ? projects[0] : (await deps.prompts.pick(t('Build in which project?'), projects.map((p) => ({ label: p, value: p }))))?.[0];
  if (!project) return undefined;
  let enabled: string[];
  try {
    enabled = await deps.projectChroots(project);
  } catch (e) {
    return say('error', t('Could not read the chroots of {0}: {1}', project, e instanceof Error ? e.message : String(e))), undefined;
  }
  if (enabled.length === 0) return say('error', t('{0} has no chroots enabled; enable some in Copr first.', project)), undefined;
  const chroots = await deps.prompts.pick(t('Chroots to build'), enabled.map((c) => ({ label: c, picked: true, value: c })), true);
  if (!chroots?.length) return undefined;
  const [owner, name] = [project.slice(0, project.indexOf('/')), project.slice(project.indexOf('/') + 1)];
  const commit = facts.head.commit as string;
  const id = await deps.runner.run({ may: t('build'), project }, (c) =>
    deps.writes().buildFromScm({ owner, project: name, cloneUrl, committish: commit, subdirectory: location.subdirectory, spec: location.spec, chroots }, c),
  );
  if (id === undefined) return undefined;
  await deps.watch(id).catch((e: unknown) => deps.log.warn(`Watch ${id}: ${String(e)}`));
  void deps.prompts.message('info', t('Copr is building commit {0} as build #{1} in {2}; watching it.', commit.slice(0, 12), id, project));
  return id;
}

async function findSpecs(): Promise<string[]> {
  const files = await vscode.workspace.findFiles('**/*.spec', '**/{node_modules,.git}/**', 20);
  return files.map((f) => f.fsPath);
}

/** The subset of the git extension's API (vscode.git, API version 1) used here. */
interface GitApi {
  repositories: Array<{
    rootUri: vscode.Uri;
    state: {
      HEAD?: { name?: string; commit?: string; upstream?: { remote: string; name: string }; ahead?: number };
      remotes: Array<{ name: string; fetchUrl?: string }>;
      workingTreeChanges: unknown[];
      indexChanges: unknown[];
    };
  }>;
}

async function gitFromExtension(): Promise<GitFacts | undefined> {
  const ext = vscode.extensions.getExtension<{ getAPI(v: 1): GitApi }>('vscode.git');
  if (!ext) return undefined;
  const api = (ext.isActive ? ext.exports : await ext.activate()).getAPI(1);
  const repo = api.repositories[0];
  if (!repo) return undefined;
  const head = repo.state.HEAD;
  const remoteName = head?.upstream?.remote ?? repo.state.remotes[0]?.name;
  const remote = repo.state.remotes.find((r) => r.name === remoteName);
  return {
    repoRoot: repo.rootUri.fsPath,
    remoteUrl: remote?.fetchUrl,
    head: {
      commit: head?.commit,
      branch: head?.name,
      upstream: head?.upstream ? `${head.upstream.remote}/${head.upstream.name}` : undefined,
      ahead: head?.ahead,
      dirty: repo.state.workingTreeChanges.length + repo.state.indexChanges.length > 0,
    },
  };
}
