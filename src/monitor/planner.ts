// Which requests a cycle makes, as plain data in and plain data out: no store, no clock, no I/O. A cycle has three
// steps, each planned from what the previous one learned: owners' project lists, then each project's newest-builds
// page and, where it is cheaper, its monitor (one answer for every package's latest build), then the builds
// (records of followed builds not seen yet, one chroot list per unfinished build the monitor did not vouch for).

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
  /** Dormant: its own idle period, longer than the idle cadence. */
  idleMs?: number;
  /** Its monitor is asked this cycle and can show every unfinished build it has: no page needed for them. */
  monitored?: boolean;
}

export interface BuildFacts {
  id: number;
  /** Chroots its record lists ([] while the sources are imported). */
  chroots: number;
  final: boolean;
  needsPolling: boolean;
  /** Its record was read in this cycle (from a page or on its own). */
  recordFresh: boolean;
  /** This cycle's monitor showed each of its chroots in the state the store holds: nothing to read. */
  unchanged?: boolean;
}

/**
 * What to do for one build this cycle: read its chroot list; read its record (importing: only the record tells
 * when chroots appear); or just settle it (it ended before it had chroots, or its monitor showed its final chroots
 * as the store holds them: nothing left to read).
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
 * Projects whose newest page is due: every cycle while they have unfinished builds that their monitor does not
 * show; otherwise at the idle cadence, or a dormant project's longer period (this is how new builds are seen);
 * always on a focus or user refresh, and until the first page arrived.
 */
export function planPages(projects: readonly ProjectFacts[], c: PlanClock): string[] {
  return projects
    .filter((p) => {
      if (c.level !== 'due' || !p.loaded || p.pageAt === undefined) return true;
      if (p.unfinished && !p.monitored) return true;
      return c.now - p.pageAt >= (p.unfinished ? c.idleMs : (p.idleMs ?? c.idleMs));
    })
    .map((p) => p.name);
}

/** What a project's answers taught about the cost of its monitor against its chroot lists. */
export interface MonitorFacts {
  name: string;
  /** Unfinished builds with chroots that the monitor can show (main directory, newest of their package). */
  builds: ReadonlyArray<{ id: number; chroots: number }>;
  /** Unfinished builds it cannot show (another directory, superseded, importing): polled on their own. */
  hidden: number;
  /** Bytes of its newest page, asked every cycle while it has unfinished builds unless its monitor shows them all. */
  pageBytes: number;
  /** Packages and package×chroot entries of its last monitor answer, or estimated from its builds. */
  packages: number;
  entries: number;
  /** Share of shown builds whose chroots changed between two monitor answers (each change costs its list). */
  changeRate: number;
}

/** Bytes of answers, measured on copr-frontend: a monitor entry, a package in it, a chroot in a chroot list, a list. */
export const BYTES = { entry: 100, package: 40, task: 210, list: 80, build: 650 } as const;

/** Expected requests and bytes of one cycle's chroot states for these builds, both ways. */
export function monitorCost(f: MonitorFacts): { perBuild: { requests: number; bytes: number }; monitor: { requests: number; bytes: number } } {
  const lists = f.builds.reduce((n, b) => n + BYTES.list + b.chroots * BYTES.task, 0);
  // With every unfinished build shown, the monitor also spares the page of every cycle (it comes when news does).
  const page = f.hidden === 0 ? { requests: 1, bytes: f.pageBytes } : { requests: 0, bytes: 0 };
  return {
    perBuild: { requests: f.builds.length + page.requests, bytes: lists + page.bytes },
    monitor: {
      requests: 1 + f.changeRate * f.builds.length,
      bytes: f.packages * BYTES.package + f.entries * BYTES.entry + f.changeRate * lists,
    },
  };
}

/** Projects whose monitor is the cheaper way this cycle: fewer requests expected, and no more bytes. */
export function planMonitors(projects: readonly MonitorFacts[]): string[] {
  return projects
    .filter((f) => {
      if (f.builds.length === 0) return false;
      const { perBuild, monitor } = monitorCost(f);
      return monitor.requests < perBuild.requests && monitor.bytes <= perBuild.bytes;
    })
    .map((f) => f.name);
}

/** A project is dormant once its newest build ended this long ago. */
export const DORMANT_AFTER_MS = 24 * 60 * 60_000;
/** A dormant project's page is asked at least this often. */
export const DORMANT_MAX_MS = 60 * 60_000;

/**
 * A project's idle period after a page answer: undefined (the idle cadence) while it shows life; doubled, up to an
 * hour, for each unchanged answer of a project whose newest build ended long ago.
 */
export function dormantPeriod(previous: number | undefined, idleMs: number, answer: { unchanged: boolean; newestEndedAgoMs: number | null }): number | undefined {
  if (!answer.unchanged || answer.newestEndedAgoMs === null || answer.newestEndedAgoMs < DORMANT_AFTER_MS) return undefined;
  return Math.max(idleMs, Math.min(DORMANT_MAX_MS, 2 * (previous ?? idleMs)));
}

/** One step per build that still needs polling. */
export function planBuilds(builds: readonly BuildFacts[]): BuildStep[] {
  const steps: BuildStep[] = [];
  for (const b of builds) {
    if (!b.needsPolling) continue;
    // The monitor vouched for its chroots: a list would bring nothing new. A final build is then settled.
    if (b.unchanged) {
      if (b.final) steps.push({ id: b.id, kind: 'settle' });
      continue;
    }
    if (b.chroots > 0) steps.push({ id: b.id, kind: 'tasks' });
    else if (b.final) steps.push({ id: b.id, kind: 'settle' });
    else if (!b.recordFresh) steps.push({ id: b.id, kind: 'record' });
  }
  return steps;
}
