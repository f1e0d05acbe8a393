// The load scenario of BENCHMARKS.md §1, identical in every simulator it is replayed in (same seed, same world):
// a project with 300 finished builds, a new 20-chroot build every 10 minutes, each running 35–52 minutes so 3–6
// builds are active at a time, and some chroots failing — half mid-build (forced at a planned second while the
// other chroots still run), half as the build ends.
import { mulberry32, int, pick } from '../test/copr-sim/prng';
import type { FailureKind, SimulatorHandle } from '../test/copr-sim';

export const OWNER = 'bench';
export const PROJECT = 'load';
export const HISTORY_BUILDS = 300;
export const CHROOT_COUNT = 20;
export const ARRIVAL_INTERVAL = 600;
/** Builds that arrive before the measurement starts, so it starts in the steady state (3–6 active). */
export const WARMUP_ARRIVALS = 5;
/** The simulator's import (60 s) and queue (50 s) before a chroot runs. */
const QUEUE_SECONDS = 110;
const KINDS: FailureKind[] = ['build-error', 'check-failure', 'missing-buildrequires', 'unpackaged-files'];

export interface PlannedBuild {
  /** Simulated unix seconds. */
  submitAt: number;
  endAt: number;
  durationSeconds: number;
  /** Chroots that end failed at the build's end. */
  failAtEnd: string[];
  /** Chroots forced to failed at `at` while the others still run. */
  failMidway: Array<{ chroot: string; at: number }>;
  id?: number;
}

export interface ChrootFailure {
  buildId: number;
  chroot: string;
  /** Simulated unix seconds. */
  at: number;
}

export class LoadScenario {
  readonly chroots: string[] = [];
  readonly plan: PlannedBuild[] = [];
  readonly failures: ChrootFailure[] = [];
  /** Simulated second at which measuring starts. */
  readonly measureStart: number;
  private next = 0;

  constructor(
    private readonly sim: SimulatorHandle,
    readonly seed: number,
    readonly measureSeconds: number,
  ) {
    sim.world.populate({ owner: OWNER, project: PROJECT, builds: HISTORY_BUILDS, chroots: CHROOT_COUNT });
    this.chroots = (sim.world.getChroots(sim.world.buildIds().at(-1) as number) as Array<{ name: string }>).map((c) => c.name);
    const t0 = Math.floor(sim.clock.now()) + 1;
    this.measureStart = t0 + WARMUP_ARRIVALS * ARRIVAL_INTERVAL;
    const rng = mulberry32(seed);
    for (let at = t0; at < this.measureStart + measureSeconds; at += ARRIVAL_INTERVAL) {
      const durationSeconds = int(rng, 2000, 3100);
      const endAt = at + QUEUE_SECONDS + durationSeconds;
      const b: PlannedBuild = { submitAt: at, endAt, durationSeconds, failAtEnd: [], failMidway: [] };
      const roll = rng();
      if (roll < 0.25) b.failAtEnd.push(pick(rng, this.chroots));
      else if (roll < 0.5) b.failMidway.push({ chroot: pick(rng, this.chroots), at: at + QUEUE_SECONDS + int(rng, 300, durationSeconds - 300) });
      this.plan.push(b);
    }
  }

  /** Applies what happens at simulated second `t` (call once per second, in order). */
  tick(t: number): void {
    for (const b of this.plan) {
      if (b.submitAt === t) {
        const outcome: Record<string, 'failed'> = {};
        for (const c of b.failAtEnd) outcome[c] = 'failed';
        b.id = this.sim.world.addBuild({
          owner: OWNER, project: PROJECT, package: 'bench-pkg', version: `2.${this.next++}-1`, chroots: this.chroots,
          durationSeconds: b.durationSeconds, outcome, failureKind: pick(mulberry32(this.seed + t), KINDS),
        });
        for (const c of b.failAtEnd) this.failures.push({ buildId: b.id, chroot: c, at: b.endAt });
      }
      if (b.id === undefined) continue;
      for (const f of b.failMidway) {
        if (f.at === t) {
          this.sim.world.setChrootState(b.id, f.chroot, 'failed');
          this.failures.push({ buildId: b.id, chroot: f.chroot, at: t });
        }
      }
    }
  }

  /** Runs the warm-up: builds arrive and run with no client watching, up to the measurement start. */
  warmUp(): void {
    let t = Math.floor(this.sim.clock.now());
    while (t < this.measureStart) {
      this.sim.clock.advance(1);
      t = Math.floor(this.sim.clock.now());
      this.tick(t);
    }
  }

  /** Builds active (not final) at simulated second t, from the plan. */
  activeAt(t: number): number {
    return this.plan.filter((b) => b.submitAt <= t && t < b.endAt).length;
  }
}
