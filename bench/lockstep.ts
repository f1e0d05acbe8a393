// Moves the simulator's clock and a client's virtual clock together, one simulated second at a time, and lets the
// real HTTP requests each timer started finish before time moves on, so simulated time never runs ahead of the I/O.
import type { SimulatorHandle } from '../test/copr-sim';
import { VirtualClock } from '../test/support/virtualClock';

/** Counts promises still running; the lockstep waits for zero before moving time on. */
export class InFlight {
  private n = 0;
  get count(): number {
    return this.n;
  }
  track<T>(p: Promise<T>): Promise<T> {
    this.n++;
    const done = () => void this.n--;
    p.then(done, done);
    return p;
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Waits until nothing is in flight and nothing new started for a few event-loop turns. */
export async function settle(inFlight: InFlight, quietTurns = 3): Promise<void> {
  let quiet = 0;
  while (quiet < quietTurns) {
    await turn();
    quiet = inFlight.count > 0 ? 0 : quiet + 1;
  }
}

export interface Lockstep {
  sim: SimulatorHandle;
  clock: VirtualClock;
  inFlight: InFlight;
}

/** A virtual clock starting at the simulator's time, settling the tracked I/O after every timer it fires. */
export function lockstep(sim: SimulatorHandle): Lockstep {
  const inFlight = new InFlight();
  const clock = new VirtualClock({ start: Math.floor(sim.clock.now()) * 1000, settle: () => settle(inFlight) });
  return { sim, clock, inFlight };
}

/**
 * Runs `seconds` of simulated time, one second per step: the simulator's clock moves, `atSecond(t)` lets the
 * scenario change the world at that simulated second, then the client's clock moves (its due timers fire and their
 * requests complete).
 */
export async function runFor(ls: Lockstep, seconds: number, atSecond: (simSeconds: number) => void): Promise<void> {
  for (let i = 0; i < seconds; i++) {
    ls.sim.clock.advance(1);
    atSecond(Math.floor(ls.sim.clock.now()));
    await ls.clock.advance(1000);
  }
}
