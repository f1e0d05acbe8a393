// One discovery for a multi-root workspace: two folders that build in the same Copr project (a monorepo opened as
// two roots, a fork next to its upstream) give one project row with every folder's reasons and packages, not two.
import type { Discovery, PrNamespace, WorkspaceProject } from './discover';

export const nsKey = (ns: PrNamespace): string => `${ns.owner}/${ns.prefix}*${ns.identifier ? `-${ns.identifier}` : ''}`;

const union = <T>(a: readonly T[], b: readonly T[]): T[] => [...new Set([...a, ...b])];

function mergeProjects(all: WorkspaceProject[]): WorkspaceProject[] {
  const out = new Map<string, WorkspaceProject>();
  for (const p of all) {
    const key = `${p.owner}/${p.project}`;
    const seen = out.get(key);
    if (!seen) {
      out.set(key, { ...p });
      continue;
    }
    // No package list means every build of the project: one folder's "all" wins over another's narrowing.
    seen.packages = seen.packages.length && p.packages.length ? union(seen.packages, p.packages) : [];
    seen.reasons = union(seen.reasons, p.reasons);
    seen.prDirs ||= p.prDirs;
    seen.targets = union(seen.targets, p.targets);
  }
  return [...out.values()];
}

function mergeNamespaces(all: PrNamespace[]): PrNamespace[] {
  const out = new Map<string, PrNamespace>();
  for (const ns of all) {
    const seen = out.get(nsKey(ns));
    if (!seen) out.set(nsKey(ns), { ...ns });
    else Object.assign(seen, { packages: union(seen.packages, ns.packages), reasons: union(seen.reasons, ns.reasons), monorepoPackage: seen.monorepoPackage && ns.monorepoPackage });
  }
  return [...out.values()];
}

export function mergeDiscoveries(all: Discovery[]): Discovery {
  if (all.length === 1) return all[0] as Discovery;
  const unplaced = all.map((d) => d.unplaced).filter((u) => u !== undefined);
  return {
    projects: mergeProjects(all.flatMap((d) => d.projects)),
    prNamespaces: mergeNamespaces(all.flatMap((d) => d.prNamespaces)),
    unplaced: unplaced.length ? { packages: [...new Set(unplaced.flatMap((u) => u.packages))], reason: unplaced.map((u) => u.reason).join('; ') } : undefined,
    problems: all.flatMap((d) => d.problems),
    packages: [...new Set(all.flatMap((d) => d.packages))],
    specPackages: new Map(all.flatMap((d) => [...d.specPackages])),
    currentPr: all.find((d) => d.currentPr !== undefined)?.currentPr,
    commit: all.find((d) => d.commit)?.commit,
    found: all.some((d) => d.found),
  };
}
