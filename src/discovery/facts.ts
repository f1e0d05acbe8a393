// Which files discovery reads, and in which order, through a reader the caller supplies (vscode.workspace.fs in the
// extension, node:fs in unit tests). Only small text files at known paths; nothing is run.

import { PACKIT_CONFIG_FILES, MAX_CONFIG_BYTES } from './packitConfig';
import { gitRemotes, headBranch, headCommit, packedRef } from './gitInfo';
import type { SpecFacts, WorkspaceFacts } from './discover';

export interface FolderReader {
  /**
   * A file's text (path relative to the folder, '/'-separated), or undefined when absent or unreadable; a file
   * bigger than maxBytes is not read: its text is null.
   */
  read(path: string, maxBytes: number): Promise<string | null | undefined>;
  /** The folder's spec files with the names they answer to. */
  specs(): Promise<SpecFacts[]>;
}

const SMALL = 64 * 1024;

/** Paths whose change means discovery must run again (relative to a folder; globs for a FileSystemWatcher). */
export const WATCHED_GLOBS = ['{.packit.yaml,.packit.yml,packit.yaml,packit.yml}', '.copr/Makefile', '.git/{HEAD,config}', '**/*.spec'];

export async function gatherFacts(reader: FolderReader, folder?: string): Promise<WorkspaceFacts> {
  const packit: WorkspaceFacts['packit'] = [];
  for (const path of PACKIT_CONFIG_FILES) {
    const text = await reader.read(path, MAX_CONFIG_BYTES);
    // An oversized config is reported (as one row), not silently skipped.
    if (text !== undefined) packit.push({ path, text: text ?? '', tooBig: text === null });
  }
  const [specs, makefile, config, head, originHead] = await Promise.all([
    reader.specs(),
    reader.read('.copr/Makefile', SMALL),
    reader.read('.git/config', SMALL),
    reader.read('.git/HEAD', 1024),
    reader.read('.git/refs/remotes/origin/HEAD', 1024),
  ]);
  const branch = head ? headBranch(head) : undefined;
  let commit = head ? headCommit(head) : undefined;
  if (branch && !commit) {
    const loose = branch.includes('..') ? undefined : await reader.read(`.git/refs/heads/${branch}`, 1024);
    commit = loose ? headCommit(loose) : undefined;
    if (!commit) {
      const packed = await reader.read('.git/packed-refs', 1024 * 1024);
      commit = packed ? packedRef(packed, branch) : undefined;
    }
  }
  const defaultBranch = originHead ? /^ref:\s*refs\/remotes\/origin\/(\S+)/.exec(originHead.trim())?.[1] : undefined;
  return {
    folder,
    packit,
    specs,
    coprMakefile: makefile !== undefined ? '.copr/Makefile' : undefined,
    remotes: config ? gitRemotes(config) : [],
    branch,
    defaultBranch,
    commit,
  };
}
