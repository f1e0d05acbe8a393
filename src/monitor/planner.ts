// Which requests a cycle makes, as plain data in and plain data out: no store, no clock, no I/O. A cycle has three
// steps, each planned from what the previous one learned: owners' project lists, then each project's newest-builds
// page, then the builds (records of followed builds not seen yet, one chroot list per unfinished build).

/** 'due' = a timer; 'pages' = focus came back; 'all' = the user asked. */
export type RefreshLevel = 'due' | 'pages' | 'all';

export interface PlanClock {
  now: number;
  level: RefreshLevel;
  idleMs: number;
}

export interface OwnerFacts {
  owner: string;
  /** Clock time of the last successful listing. */
  listedAt?: number;
}

export interface ProjectFacts {
  name: string;
  /** Its newest page was read at least once. */
  loaded: boolean;
  pageAt?: number;
  /** It has builds that still need polling. */
  unfinished: boolean;
}

export interface BuildFacts {
  id: number;
  /** Chroots its record lists ([] while the sources are imported). */
  chroots: number;
  final: boolean;
  needsPolling: boolean;
  /** Its record was read in this cycle (from a page or on its own). */
  recordFresh: boolean;
}

/**
 * What to do for one build this cycle: read its chroot list; read its record (importing: only the record tells
 * when chroots appear); or just settle it (it ended before it had chroots: nothing left to read).
 */
export type BuildStep = { id: number; kind: 'tasks' } | { id: number; kind: 'record' } | { id: number; kind: 'settle' };

const RANK: Record<RefreshLevel, number> = { due: 0, pages: 1, all: 2 };

export function levelRank(level: RefreshLevel): number {
  return RANK[level];
}

/** Owners whose project list is due: at the idle cadence, or whenever the user asks. */
export function planOwners(owners: readonly OwnerFacts[], c: PlanClock): string[] {
  return owners.filter((o) => c.level === 'all' || o.listedAt === undefined || c.now - o.listedAt >= c.idleMs).map((o) => o.owner);
}

/**
 * Projects whose newest page is due: every cycle while they have unfinished builds; otherwise at the idle cadence
 * (this is how new builds are seen); always on a focus or user refresh, and until the first page arrived.
 */
export function planPages(projects: readonly ProjectFacts[], c: PlanClock): string[] {
  return projects
    .filter((p) => {
      if (c.level !== 'due' || !p.loaded || p.pageAt === undefined) return true;
      return p.unfinished || c.now - p.pageAt >= c.idleMs;
    })
    .map((p) => p.name);
}

/** One step per build that still needs polling. */
export function planBuilds(builds: readonly BuildFacts[]): BuildStep[] {
  const steps: BuildStep[] = [];
  for (const b of builds) {
    if (!b.needsPolling) continue;
    if (b.chroots > 0) steps.push({ id: b.id, kind: 'tasks' });
    else if (b.final) steps.push({ id: b.id, kind: 'settle' });
    else if (!b.recordFresh) steps.push({ id: b.id, kind: 'record' });
  }
  return steps;
}
