// Where Packit builds when a copr_build job names no owner/project: its own Copr user and a project name made from
// the repository and the PR, branch or release. The rules are Packit's, from packit-service
// (packit_service/worker/helpers/build/copr_build.py, class CoprBuildJobHelper):
//   - `default_project_name`: f"{service_prefix}{namespace}-{repo}-{ref_identifier}{configured_identifier}", where
//     service_prefix is "" on GitHub and "<forge hostname>-" elsewhere, '/' in the namespace becomes '-',
//     ref_identifier is the PR number for pull_request and "releases" for release (one project for every release,
//     packit-service issue #1044), and configured_identifier is "-<identifier>" unless the job is a monorepo
//     package's;
//   - `job_project_for_commit_job_config`: the same with ref_identifier = the job's `branch`, else the repository's
//     default branch;
//   - `normalise_copr_project_name`: every character outside [\w.-] becomes '-';
//   - `job_owner`: the job's `owner`, else the service's own Copr user ("packit" on Fedora Copr).
// packit.dev/docs/configuration ("owner", "project") says the same in prose: without them Packit uses its namespace.

export const PACKIT_COPR_OWNER = 'packit';

export interface ForgeRepo {
  /** e.g. github.com */
  host: string;
  /** e.g. "packit" or "group/subgroup" on GitLab. */
  namespace: string;
  repo: string;
}

export function normaliseCoprProjectName(name: string): string {
  return name.replace(/[^\w.-]/g, '-');
}

/** The common part of Packit's default names: "<prefix><namespace>-<repo>-". */
export function packitProjectPrefix(forge: ForgeRepo): string {
  const servicePrefix = forge.host === 'github.com' ? '' : `${forge.host}-`;
  return `${servicePrefix}${forge.namespace.replace(/\//g, '-')}-${forge.repo}-`;
}

/** `ref`: a PR number, a branch name or 'releases'. */
export function packitDefaultProject(forge: ForgeRepo, ref: string, identifier?: string, monorepoPackage = false): string {
  const suffix = identifier && !monorepoPackage ? `-${identifier}` : '';
  return normaliseCoprProjectName(`${packitProjectPrefix(forge)}${ref}${suffix}`);
}

/** The PR number of a project named by Packit's rules for this repository, or undefined. */
export function packitPrNumber(projectName: string, forge: ForgeRepo, identifier?: string, monorepoPackage = false): number | undefined {
  const prefix = normaliseCoprProjectName(packitProjectPrefix(forge));
  const suffix = identifier && !monorepoPackage ? normaliseCoprProjectName(`-${identifier}`) : '';
  if (!projectName.startsWith(prefix) || !projectName.endsWith(suffix)) return undefined;
  const middle = projectName.slice(prefix.length, projectName.length - suffix.length);
  return /^[1-9]\d{0,8}$/.test(middle) ? Number(middle) : undefined;
}

/** A git remote URL's host (lower case) and path segments (no `.git`), for https, ssh, git:// and scp-like forms. */
export function remoteUrlParts(url: string): { host: string; parts: string[] } | undefined {
  const u = url.trim();
  let host: string;
  let path: string;
  const scp = /^(?:[\w.-]+@)?([\w.-]+):(?!\/\/)(.+)$/.exec(u);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(u)) {
    host = scp[1] as string;
    path = scp[2] as string;
  } else {
    let parsed: URL;
    try {
      parsed = new URL(u);
    } catch {
      return undefined;
    }
    if (!['https:', 'http:', 'ssh:', 'git:', 'git+ssh:'].includes(parsed.protocol)) return undefined;
    host = parsed.hostname;
    path = parsed.pathname;
  }
  const parts = path.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '').split('/').filter(Boolean);
  if (parts.length < 1 || !host || ![host, ...parts].every((s) => /^[\w.-]{1,200}$/.test(s))) return undefined;
  return { host: host.toLowerCase(), parts };
}

/** The forge repository of a git remote URL (https, ssh, scp-like), or undefined for anything else. */
export function forgeRepoOf(url: string): ForgeRepo | undefined {
  const r = remoteUrlParts(url);
  if (!r || r.parts.length < 2) return undefined;
  return { host: r.host, namespace: r.parts.slice(0, -1).join('/'), repo: r.parts[r.parts.length - 1] as string };
}
