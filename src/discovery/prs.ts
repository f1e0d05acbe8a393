// The pull requests of this repository that have Copr builds: Packit's own PR projects (`packit/<prefix><n>`) or the
// `<project>:pr:<n>` directories of a project, newest first, the current branch's one marked.

import type { Build } from '../api/types';
import { packitPrNumber } from './packitNames';
import type { PrNamespace } from './discover';

export interface PullRequestBuilds {
  number: number;
  /** `owner/name` of the Copr project holding its builds. */
  project: string;
  /** The directory inside that project (`proj:pr:42`), or undefined when the project is the PR's own. */
  dirname?: string;
  current: boolean;
}

/**
 * PR projects among a project search's answers, newest (highest number) first. The search matches owners by
 * substring ('packit' also finds 'packit-stg'): only the namespace's own owner counts.
 */
export function prsOfNamespace(ns: PrNamespace, projects: readonly { owner: string; name: string }[]): PullRequestBuilds[] {
  const out: PullRequestBuilds[] = [];
  const seen = new Set<number>();
  for (const { owner, name } of projects) {
    if (owner !== ns.owner) continue;
    const n = packitPrNumber(name, ns.forge, ns.identifier, ns.monorepoPackage);
    if (n === undefined || seen.has(n)) continue;
    seen.add(n);
    out.push({ number: n, project: `${ns.owner}/${name}`, current: false });
  }
  return out.sort((a, b) => b.number - a.number);
}

const PR_DIR = /:pr:(\d{1,9})$/;

/** PR directories among a project's builds, the one with the newest build first. */
export function prsOfDirs(project: string, builds: readonly Build[]): PullRequestBuilds[] {
  const newest = new Map<string, number>();
  for (const b of builds) {
    const m = PR_DIR.exec(b.dirname);
    if (m) newest.set(b.dirname, Math.max(newest.get(b.dirname) ?? 0, b.id));
  }
  return [...newest.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([dirname]) => ({ number: Number(PR_DIR.exec(dirname)?.[1]), project, dirname, current: false }));
}

/**
 * Marks the current branch's PR: the one its name gives ("pr/42"), else the one with a build of HEAD's commit (Packit
 * puts "g<short hash>" in the release of the SRPM it builds, so the build's version carries it).
 */
export function markCurrent(prs: PullRequestBuilds[], currentPr: number | undefined, commit: string | undefined, buildsOf: (pr: PullRequestBuilds) => readonly Build[]): PullRequestBuilds[] {
  let current = currentPr !== undefined ? prs.find((p) => p.number === currentPr) : undefined;
  if (!current && commit && /^[0-9a-f]{7,40}$/.test(commit)) {
    const tag = `g${commit.slice(0, 7)}`;
    current = prs.find((p) => buildsOf(p).some((b) => (b.package_version ?? '').split(/[.-]/).includes(tag)));
  }
  return prs.map((p) => ({ ...p, current: p === current }));
}
