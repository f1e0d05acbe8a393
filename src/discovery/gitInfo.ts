// What the repository's .git folder says, read as text (git is never run): remotes, the current branch and its
// commit. Only plain files are read: .git/config, .git/HEAD, .git/refs/heads/<branch>, .git/packed-refs.

export interface GitRemote {
  name: string;
  url: string;
}

/** The remotes of a .git/config, `origin` first (Packit's service works from the repository it got the event for). */
export function gitRemotes(configText: string): GitRemote[] {
  const out: GitRemote[] = [];
  let current: string | undefined;
  for (const raw of configText.split(/\r?\n/).slice(0, 5000)) {
    const line = raw.trim();
    const section = /^\[\s*remote\s+"([^"]{1,100})"\s*\]$/.exec(line);
    if (section) {
      current = section[1];
      continue;
    }
    if (line.startsWith('[')) current = undefined;
    const url = /^url\s*=\s*(.{1,500})$/.exec(line);
    if (current !== undefined && url) out.push({ name: current, url: (url[1] as string).trim() });
  }
  return out.sort((a, b) => Number(b.name === 'origin') - Number(a.name === 'origin') || Number(b.name === 'upstream') - Number(a.name === 'upstream'));
}

/** The branch .git/HEAD points at, or undefined when detached. */
export function headBranch(headText: string): string | undefined {
  const m = /^ref:\s*refs\/heads\/(\S{1,250})\s*$/.exec(headText.trim());
  return m ? m[1] : undefined;
}

/** A detached HEAD's commit. */
export function headCommit(headText: string): string | undefined {
  const m = /^([0-9a-f]{40})\s*$/.exec(headText.trim());
  return m ? m[1] : undefined;
}

/** A branch's commit from .git/packed-refs. */
export function packedRef(packedRefsText: string, branch: string): string | undefined {
  for (const line of packedRefsText.split(/\r?\n/)) {
    const m = /^([0-9a-f]{40}) refs\/heads\/(.+)$/.exec(line.trim());
    if (m && m[2] === branch) return m[1];
  }
  return undefined;
}

/** A PR number written into a branch name the way forges' checkout helpers do ("pr/42", "pull/42", "pr-42"). */
export function prOfBranch(branch: string | undefined): number | undefined {
  const m = branch ? /^(?:pr|pull|mr|merge-requests?)[/-](\d{1,9})(?:[/-]|$)/i.exec(branch) : null;
  return m ? Number(m[1]) : undefined;
}
