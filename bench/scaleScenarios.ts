// The load scenarios of issue #16 beside the standard one (loadScenario.ts), each a world and a stream of builds,
// identical in every simulator it is replayed in (same seed):
//   (b) stack: one project, 5 packages × 20 chroots, a build every 10 minutes of the next package in turn, so 4–5
//       builds of different packages run at once (a stack rebuild);
//   (c) wide: one project with 800 packages (10 chroots), a build every 10 minutes of another package, 3–6 at once;
//   (d) fleet: an owner with 300 projects, 5 of them active (4 packages × 10 chroots, a build every 12 minutes,
//       2–4 at once each); the other 295 had their last build days ago.
// A quarter of the builds end with a failed chroot; another quarter have one fail while the others run.
import type { Scope } from '../src/monitor/scopes';
import type { SimulatorHandle } from '../test/copr-sim';
import { int, mulberry32, pick } from '../test/copr-sim/prng';
import type { ChrootFailure } from './loadScenario';

export type ScaleId = 'stack' | 'wide' | 'fleet';

interface Stream {
  owner: string;
  project: string;
  packages: string[];
  /** Seconds between two builds, and the first one's offset from the scenario start. */
  interval: number;
  offset: number;
  /** Running time of each build's chroots, seconds. */
  duration: [number, number];
  /** Next package: in turn, or drawn (never one still building). */
  order: 'turn' | 'random';
}

interface Planned {
  at: number;
  stream: Stream;
  pkg: string;
  duration: number;
  failAtEnd: string[];
  failMidway: Array<{ chroot: string; at: number }>;
  id?: number;
}

const DAY = 24 * 3600;
/** The simulator's import (60 s) and queue (50 s) before a chroot runs. */
const QUEUE_SECONDS = 110;
const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);

export class ScaleScenario {
  readonly scopes: Scope[];
  readonly failures: ChrootFailure[] = [];
  /** A dormant project (fleet only), for the new-build delay. */
  readonly dormantProject: string | undefined;
  private readonly plan: Planned[] = [];
  private readonly chrootsOf = new Map<string, string[]>();

  constructor(
    private readonly sim: SimulatorHandle,
    readonly id: ScaleId,
    seed: number,
    /** Simulated second the streams start at, and how long they run. */
    start: number,
    seconds: number,
  ) {
    const w = sim.world;
    const streams: Stream[] = [];
    const history = (owner: string, project: string, packages: string[], chroots: number, builds: number, quietSeconds: number) => {
      const ids = w.populate({ owner, project, builds, chroots, packages, quietSeconds });
      this.chrootsOf.set(`${owner}/${project}`, (w.getChroots(ids[ids.length - 1]) as Array<{ name: string }>).map((c) => c.name));
    };
    if (id === 'stack') {
      const pkgs = names('stack-', 5);
      history('bench', 'stack', pkgs, 20, 50, 3 * 3600);
      streams.push({ owner: 'bench', project: 'stack', packages: pkgs, interval: 600, offset: 0, duration: [1900, 2650], order: 'turn' });
      this.scopes = [{ kind: 'project', owner: 'bench', project: 'stack' }];
    } else if (id === 'wide') {
      const pkgs = names('wide-', 800);
      history('bench', 'wide', pkgs, 10, 800, 3 * 3600);
      streams.push({ owner: 'bench', project: 'wide', packages: pkgs, interval: 600, offset: 0, duration: [2000, 3100], order: 'random' });
      this.scopes = [{ kind: 'project', owner: 'bench', project: 'wide' }];
    } else {
      for (let i = 0; i < 300; i++) {
        const project = `p${String(i).padStart(3, '0')}`;
        const active = i % 60 === 7;
        const pkgs = active ? names(`${project}-`, 4) : [project];
        history('fleet', project, pkgs, active ? 10 : 5, active ? 8 : 3, active ? 3 * 3600 : 2 * DAY + i * 600);
        if (active) streams.push({ owner: 'fleet', project, packages: pkgs, interval: 720, offset: i * 37, duration: [1500, 2300], order: 'turn' });
      }
      this.scopes = [{ kind: 'owner', owner: 'fleet' }];
    }
    this.dormantProject = id === 'fleet' ? 'fleet/p150' : undefined;
    const rng = mulberry32(seed);
    for (const s of streams) {
      const chroots = this.chrootsOf.get(`${s.owner}/${s.project}`) as string[];
      const busyUntil = new Map<string, number>();
      for (let at = start + s.offset, k = 0; at < start + seconds; at += s.interval, k++) {
        const duration = int(rng, s.duration[0], s.duration[1]);
        let pkg = s.packages[k % s.packages.length];
        while (s.order === 'random' && (busyUntil.get(pkg) ?? 0) > at) pkg = pick(rng, s.packages);
        busyUntil.set(pkg, at + QUEUE_SECONDS + duration);
        const b: Planned = { at, stream: s, pkg, duration, failAtEnd: [], failMidway: [] };
        const roll = rng();
        if (roll < 0.25) b.failAtEnd.push(pick(rng, chroots));
        else if (roll < 0.5) b.failMidway.push({ chroot: pick(rng, chroots), at: at + QUEUE_SECONDS + int(rng, 300, duration - 300) });
        this.plan.push(b);
      }
    }
  }

  /** Applies what happens at simulated second `t` (once per second, in order). */
  tick(t: number): void {
    for (const b of this.plan) {
      if (b.at === t) {
        const outcome: Record<string, 'failed'> = {};
        for (const c of b.failAtEnd) outcome[c] = 'failed';
        const { owner, project } = b.stream;
        b.id = this.sim.world.addBuild({ owner, project, package: b.pkg, version: `2.${t}-1`, durationSeconds: b.duration, outcome });
        for (const c of b.failAtEnd) this.failures.push({ buildId: b.id, chroot: c, at: t + QUEUE_SECONDS + b.duration });
      }
      if (b.id === undefined) continue;
      for (const f of b.failMidway) {
        if (f.at !== t) continue;
        this.sim.world.setChrootState(b.id, f.chroot, 'failed');
        this.failures.push({ buildId: b.id, chroot: f.chroot, at: t });
      }
    }
  }

  /** Builds active at simulated second t, from the plan. */
  activeAt(t: number): number {
    return this.plan.filter((b) => b.at <= t && t < b.at + QUEUE_SECONDS + b.duration).length;
  }

  /** A new build in a project with no build for days (fleet): how long until the client shows it. */
  addDormantBuild(): number {
    const [owner, project] = (this.dormantProject as string).split('/');
    return this.sim.world.addBuild({ owner, project, package: project, durationSeconds: 1200 });
  }
}
