// What Build This Commit decides from git facts alone (no vscode, unit-tested): the https URL Copr can clone, and
// whether Copr can fetch the HEAD commit at all. Copr clones anonymously over the network, so a commit that exists only
// here (not pushed, no upstream) or a remote it cannot reach (ssh-only, a local path, plain http) would fail minutes
// later in the SRPM stage; saying so before submitting is the whole point.

/**
 * The https clone URL for a git remote URL: https:// as is (without credentials), `git@host:path` and
 * `ssh://[user@]host[:port]/path` rewritten to `https://host/path` (forges serve the same path over https);
 * undefined for anything else (http://, file paths, git://).
 */
export function httpsCloneUrl(remote: string): string | undefined {
  const r = remote.trim();
  const scp = /^[A-Za-z0-9._-]+@([A-Za-z0-9.-]+):(?!\/)(.+)$/.exec(r);
  if (scp) return checked(`https://${scp[1]}/${scp[2]}`);
  let url: URL;
  try {
    url = new URL(r);
  } catch {
    return undefined;
  }
  if (url.protocol === 'https:') {
    url.username = '';
    url.password = '';
    return checked(url.toString());
  }
  if (url.protocol === 'ssh:' || url.protocol === 'git+ssh:') return checked(`https://${url.hostname}${url.pathname}`);
  return undefined;
}

function checked(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.hostname.includes('.') && u.pathname.length > 1 ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

export interface HeadFacts {
  commit?: string;
  branch?: string;
  /** `remote/branch` of the upstream, when the branch has one. */
  upstream?: string;
  ahead?: number;
  /** Uncommitted changes (index or working tree). */
  dirty: boolean;
}

export type CommitVerdict = { ok: true; warning?: 'dirty' } | { ok: false; reason: 'no-commit' | 'no-upstream' | 'ahead'; ahead?: number };

/** Can Copr fetch HEAD? Ahead of upstream or no upstream: no. Uncommitted changes: yes, but they are not built. */
export function commitVerdict(h: HeadFacts): CommitVerdict {
  if (!h.commit || !/^[0-9a-f]{40}$/i.test(h.commit)) return { ok: false, reason: 'no-commit' };
  if (!h.upstream) return { ok: false, reason: 'no-upstream' };
  if ((h.ahead ?? 0) > 0) return { ok: false, reason: 'ahead', ahead: h.ahead };
  return h.dirty ? { ok: true, warning: 'dirty' } : { ok: true };
}

/** The spec's directory and name relative to the repository root (Copr's `subdirectory` and `spec`). */
export function specLocation(repoRoot: string, specPath: string): { subdirectory: string; spec: string } | undefined {
  const root = repoRoot.replace(/\\/g, '/').replace(/\/+$/, '');
  const path = specPath.replace(/\\/g, '/');
  if (!path.startsWith(`${root}/`)) return undefined;
  const rel = path.slice(root.length + 1);
  const slash = rel.lastIndexOf('/');
  return slash < 0 ? { subdirectory: '', spec: rel } : { subdirectory: rel.slice(0, slash), spec: rel.slice(slash + 1) };
}
