// The git remote as a discovery source: a Copr package whose SCM source (`clone_url`) is this repository builds it.
// Pure: remote URLs and package lists in, projects with their reasons out. Which projects are asked (the user's own,
// at most MAX_REMOTE_PROJECTS of them) is decided here too; workspaceDiscovery.ts does the asking.
import type { CoprPackage } from '../api/packages';
import type { Discovery, WorkspaceProject } from './discover';
import type { GitRemote } from './gitInfo';
import { remoteUrlParts } from './packitNames';

/** package/list pages asked per discovery at most (one page of 100 packages per project). */
export const MAX_REMOTE_PROJECTS = 5;

/**
 * One spelling per repository: "host/path" (Pagure's pagure.io/koji has no namespace), whatever the URL's form (https, http, ssh://, git://, scp-like
 * git@host:path), user, port, `.git` suffix or trailing slash. The host's case never matters; GitHub and GitLab also
 * ignore the path's case (github.com/Acme/Hello is github.com/acme/hello), other forges (Pagure, cgit) do not.
 */
export function normaliseRemoteUrl(url: string): string | undefined {
  const r = remoteUrlParts(url);
  if (!r) return undefined;
  const path = r.parts.join('/');
  return `${r.host}/${CASELESS_HOSTS.has(r.host) ? path.toLowerCase() : path}`;
}

const CASELESS_HOSTS = new Set(['github.com', 'gitlab.com']);

export interface RemoteMatch {
  /** `owner/name`. */
  project: string;
  package: string;
  /** The normalised remote ("github.com/acme/hello"). */
  remote: string;
}

/** The packages among `packages` whose clone URL is one of the remotes' repositories. */
export function matchRemotes(remotes: readonly GitRemote[], packages: readonly CoprPackage[]): RemoteMatch[] {
  const ours = new Set(remotes.map((r) => normaliseRemoteUrl(r.url)).filter((u) => u !== undefined));
  const out: RemoteMatch[] = [];
  for (const p of packages) {
    const remote = p.scm ? normaliseRemoteUrl(p.scm.cloneUrl) : undefined;
    if (remote && ours.has(remote)) out.push({ project: p.project, package: p.name, remote });
  }
  return out;
}

/**
 * The projects worth asking, at most MAX_REMOTE_PROJECTS: those named like the repository first (Copr projects are
 * usually named after what they build), then in the order given (`copr.projects`, then the owner's projects).
 */
export function remoteCandidates(remotes: readonly GitRemote[], projects: readonly string[]): string[] {
  const repos = remotes.map((r) => remoteUrlParts(r.url)?.parts.at(-1)?.toLowerCase()).filter((r) => r !== undefined);
  if (repos.length === 0) return [];
  const rank = (fullName: string): number => {
    const name = fullName.slice(fullName.indexOf('/') + 1).toLowerCase();
    if (repos.includes(name)) return 0;
    return repos.some((r) => name.includes(r) || r.includes(name)) ? 1 : 2;
  };
  const unique = [...new Set(projects)];
  return unique
    .map((p, i) => ({ p, i, r: rank(p) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .slice(0, MAX_REMOTE_PROJECTS)
    .map((x) => x.p);
}

export function remoteReason(m: RemoteMatch): string {
  return `from the git remote ${m.remote}, package ${m.package} in ${m.project}`;
}

/** Adds the matched projects to a discovery (merging into a project other sources found already). */
export function withRemoteMatches(d: Discovery, matches: readonly RemoteMatch[]): Discovery {
  if (matches.length === 0) return d;
  const projects = d.projects.map((p) => ({ ...p }));
  for (const m of matches) {
    const slash = m.project.indexOf('/');
    const [owner, project] = [m.project.slice(0, slash), m.project.slice(slash + 1)];
    let p: WorkspaceProject | undefined = projects.find((x) => x.owner === owner && x.project === project);
    if (!p) projects.push((p = { owner, project, packages: [], reasons: [], prDirs: false, targets: [] }));
    // A project found from a Packit job with no package name shows all its builds: it stays so.
    if (p.packages.length > 0 || p.reasons.length === 0) p.packages = [...new Set([...p.packages, m.package])];
    p.reasons = [...new Set([...p.reasons, remoteReason(m)])];
  }
  return { ...d, projects, packages: [...new Set([...d.packages, ...matches.map((m) => m.package)])], found: true };
}
