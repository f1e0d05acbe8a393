// A Clock on virtual time: nothing runs until advance() moves time forward, then due timers run in order.
// After each timer the clock lets pending promise work finish (or awaits `settle`), so async timer bodies such as
// a poll cycle against an in-memory source complete before the next timer is considered. No real waiting.
import type { Clock, TimerHandle } from '../../src/common/clock';

interface VirtualTimer {
  id: number;
  due: number;
  fn: () => void;
}

export interface VirtualClockOptions {
  /** Start time, ms since the epoch. */
  start?: number;
  /** Awaited after every timer and at the end of advance(); default: let queued promise work run. */
  settle?: () => Promise<void>;
}

export class VirtualClock implements Clock {
  private time: number;
  private nextId = 1;
  private readonly timers = new Map<number, VirtualTimer>();
  private readonly settleFn: () => Promise<void>;

  constructor(options: VirtualClockOptions = {}) {
    this.time = options.start ?? Date.UTC(2025, 0, 6, 9, 0, 0);
    this.settleFn = options.settle ?? flushPromises;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    this.timers.set(id, { id, due: this.time + delay, fn });
    return { cancel: () => void this.timers.delete(id) };
  }

  /** Timers not yet run nor canceled. */
  pendingTimers(): number {
    return this.timers.size;
  }

  /** When the earliest pending timer is due, if any. */
  nextDue(): number | undefined {
    return this.earliest()?.due;
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way, in due order (ties: creation order). */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.time + Math.max(0, ms));
  }

  async advanceTo(target: number): Promise<void> {
    await this.settleFn();
    for (;;) {
      const t = this.earliest();
      if (!t || t.due > target) break;
      this.timers.delete(t.id);
      this.time = Math.max(this.time, t.due);
      t.fn();
      await this.settleFn();
    }
    this.time = Math.max(this.time, target);
    await this.settleFn();
  }

  /** Runs timers until none is due within `limitMs` from now; returns how far time moved. */
  async runUntilIdle(limitMs: number): Promise<number> {
    const start = this.time;
    for (;;) {
      const t = this.earliest();
      if (!t || t.due > start + limitMs) break;
      await this.advanceTo(t.due);
    }
    return this.time - start;
  }

  private earliest(): VirtualTimer | undefined {
    let best: VirtualTimer | undefined;
    for (const t of this.timers.values()) if (!best || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    return best;
  }
}

/** Lets every queued promise continuation run (a macrotask turn comes after all microtasks), a few times over. */
export async function flushPromises(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
