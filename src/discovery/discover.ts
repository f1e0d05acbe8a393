// The rules: from what the workspace's files say (Packit configs, .copr/Makefile, spec files, git remotes) to the
// Copr projects it builds in, each with the reason it was chosen and the package names whose builds to show.
// Pure data in, data out: no vscode, no I/O, nothing from the repository is ever run.

import { MAX_CONFIG_BYTES, PACKIT_CONFIG_FILES, PackitConfigError, parsePackitConfig, type CoprBuildJob, type PackitConfig, type PackitPackage, type YamlParse } from './packitConfig';
import { forgeRepoOf, packitDefaultProject, packitProjectPrefix, PACKIT_COPR_OWNER, type ForgeRepo } from './packitNames';
import { prOfBranch, type GitRemote } from './gitInfo';

export interface SpecFacts {
  /** Workspace-relative path. */
  path: string;
  /** The names the spec answers to (file name, expanded Name:). */
  names: string[];
}

export interface WorkspaceFacts {
  /** The folder's name, for reasons in a multi-root workspace. */
  folder?: string;
  /** Packit configs found at the folder's top, in PACKIT_CONFIG_FILES order (path relative to the folder). */
  packit: { path: string; text: string; tooBig?: boolean }[];
  specs: SpecFacts[];
  /** Relative path of .copr/Makefile when there is one. */
  coprMakefile?: string;
  remotes: GitRemote[];
  /** Current branch (undefined when detached). */
  branch?: string;
  /** The remote's default branch (from refs/remotes/origin/HEAD), for Packit's commit-trigger default. */
  defaultBranch?: string;
  /** HEAD's commit, to find the PR whose builds were made from it. */
  commit?: string;
}

/** A Copr project the workspace builds in. */
export interface WorkspaceProject {
  owner: string;
  project: string;
  /** Only these packages' builds are shown; empty = every build of the project. */
  packages: string[];
  /** "from .packit.yaml, copr_build on pull_request" — one per job or file that led here. */
  reasons: string[];
  /** A pull_request job builds here: PR directories (`<project>:pr:<n>`) are listed. */
  prDirs: boolean;
  targets: string[];
}

/** Packit's own namespace for PRs: `packit/<prefix><n>` projects, found by a project search. */
export interface PrNamespace {
  owner: string;
  /** The project-name prefix, e.g. "acme-hello-". */
  prefix: string;
  forge: ForgeRepo;
  identifier?: string;
  monorepoPackage: boolean;
  packages: string[];
  reasons: string[];
}

export interface DiscoveryProblem {
  /** The file the row is about. */
  file: string;
  message: string;
}

export interface Discovery {
  projects: WorkspaceProject[];
  prNamespaces: PrNamespace[];
  /** Packages found (spec Name:, Packit names) with no project to look in: they filter the configured projects. */
  unplaced: { packages: string[]; reason: string } | undefined;
  problems: DiscoveryProblem[];
  /** Every package name the workspace stands for (spec diagnostics use the same list). */
  packages: string[];
  /** spec path → package names it stands for, including Packit's downstream_package_name for its specfile_path. */
  specPackages: Map<string, string[]>;
  /** The PR the current branch is for, when the branch name says so. */
  currentPr?: number;
  commit?: string;
  found: boolean;
}

const unique = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];

function jobReason(file: string, job: CoprBuildJob, folder: string | undefined): string {
  const where = folder ? `${folder}/${file}` : file;
  return `from ${where}, ${job.job} on ${job.trigger}`;
}

function specBase(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.spec$/i, '');
}

/** A package's names: Packit's name, else its spec's names, else none. */
function packageNames(pkg: PackitPackage, specs: SpecFacts[]): string[] {
  if (pkg.name) return [pkg.name];
  const path = pkg.specfilePath?.replace(/^\.\//, '');
  const spec = path ? specs.find((s) => s.path === path || s.path.endsWith(`/${path}`)) : undefined;
  if (spec) return spec.names.slice(1, 2).length ? spec.names.slice(1, 2) : [specBase(spec.path)];
  return [];
}

export function discover(facts: WorkspaceFacts, parse: YamlParse | undefined): Discovery {
  const problems: DiscoveryProblem[] = [];
  const projects = new Map<string, WorkspaceProject>();
  const namespaces = new Map<string, PrNamespace>();
  const specPackages = new Map<string, string[]>(facts.specs.map((s) => [s.path, [...s.names]]));
  const allPackages = new Set<string>();
  const remote = facts.remotes.map((r) => forgeRepoOf(r.url)).find((f) => f !== undefined);
  const specNames = unique(facts.specs.map((s) => s.names[1] ?? s.names[0] ?? '').filter(Boolean));

  const config = facts.packit[0];
  let parsed: PackitConfig | undefined;
  if (config && !parse) {
    problems.push({ file: config.path, message: 'Packit configs are read only in the desktop extension host (no YAML reader on the web)' });
  } else if (config?.tooBig) {
    problems.push({ file: config.path, message: `not a Packit config: larger than ${MAX_CONFIG_BYTES / 1024} KB` });
  } else if (config && parse) {
    try {
      parsed = parsePackitConfig(config.text, parse);
      for (const p of parsed.problems) problems.push({ file: config.path, message: p });
    } catch (e) {
      problems.push({ file: config.path, message: e instanceof PackitConfigError ? `not a Packit config: ${e.message}` : `could not be read: ${String(e)}` });
    }
  }
  for (const extra of facts.packit.slice(1)) problems.push({ file: extra.path, message: `ignored: Packit reads ${config?.path} first` });

  if (parsed) {
    for (const pkg of parsed.packages) {
      const names = packageNames(pkg, facts.specs);
      for (const n of names) allPackages.add(n);
      if (pkg.specfilePath && names.length) {
        const path = pkg.specfilePath.replace(/^\.\//, '');
        specPackages.set(path, unique([...(specPackages.get(path) ?? [specBase(path)]), ...names]));
      }
    }
    if (parsed.jobs.length === 0) problems.push({ file: config!.path, message: 'has no copr_build job' });
    for (const job of parsed.jobs) {
      const pkgs = job.packages ? parsed.packages.filter((p) => p.key !== undefined && job.packages!.includes(p.key)) : parsed.packages;
      const monorepo = parsed.packages.some((p) => p.key !== undefined);
      const names = unique((pkgs.length ? pkgs : parsed.packages).flatMap((p) => packageNames(p, facts.specs)));
      const packages = names.length ? names : specNames;
      const reason = jobReason(config!.path, job, facts.folder);
      const owner = job.owner ?? PACKIT_COPR_OWNER;
      let project = job.project;
      if (!project) {
        if (!remote) {
          problems.push({ file: config!.path, message: `${job.job} on ${job.trigger} builds in Packit's namespace, named after the repository, and no git remote says which repository this is` });
          continue;
        }
        if (job.trigger === 'pull_request') {
          const prefix = packitProjectPrefix(remote);
          const key = `${owner}/${prefix}/${job.identifier ?? ''}`;
          const ns = namespaces.get(key) ?? { owner, prefix, forge: remote, identifier: job.identifier, monorepoPackage: monorepo, packages: [], reasons: [] };
          ns.packages = unique([...ns.packages, ...packages]);
          ns.reasons = unique([...ns.reasons, reason]);
          namespaces.set(key, ns);
          continue;
        }
        const ref = job.trigger === 'release' ? 'releases' : (job.branch ?? facts.defaultBranch ?? 'main');
        project = packitDefaultProject(remote, ref, job.identifier, monorepo);
      }
      const key = `${owner}/${project}`;
      const p = projects.get(key) ?? { owner, project, packages: [], reasons: [], prDirs: false, targets: [] };
      p.packages = unique([...p.packages, ...packages]);
      p.reasons = unique([...p.reasons, reason]);
      p.prDirs ||= job.trigger === 'pull_request';
      p.targets = unique([...p.targets, ...job.targets]);
      projects.set(key, p);
    }
  }
  for (const n of specNames) allPackages.add(n);

  let unplaced: Discovery['unplaced'];
  // A spec alone names a package but says nothing about Copr (most RPM repositories have one): it only narrows the
  // other sources' builds. With .copr/Makefile (Copr's "make srpm" method) the repository does build in Copr.
  if (projects.size === 0 && namespaces.size === 0 && facts.coprMakefile) {
    const from = [facts.coprMakefile, ...facts.specs.map((s) => s.path)].filter(Boolean).slice(0, 3).join(', ');
    const packages = specNames.length ? specNames : [...allPackages];
    if (packages.length) unplaced = { packages, reason: `from ${from}` };
    else problems.push({ file: facts.coprMakefile ?? '', message: 'no spec file with a Name: says which package .copr/Makefile builds' });
  }
  const found = projects.size > 0 || namespaces.size > 0 || unplaced !== undefined || problems.length > 0;
  return {
    projects: [...projects.values()],
    prNamespaces: [...namespaces.values()],
    unplaced,
    problems,
    packages: [...allPackages],
    specPackages,
    currentPr: prOfBranch(facts.branch),
    commit: facts.commit,
    found,
  };
}

export { PACKIT_CONFIG_FILES };
