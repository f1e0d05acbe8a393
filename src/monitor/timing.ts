// The scheduler's two timers on the Clock: the next cycle (with the level it runs at) and the unfocused stop, plus
// when the last cycle started and ended, which the next delay is measured from.
import type { Clock, TimerHandle } from '../common/clock';
import type { RefreshLevel } from './planner';

export class CycleTimer {
  #timer: TimerHandle | undefined;
  #due = 0;
  #stop: TimerHandle | undefined;
  lastStart = Number.NEGATIVE_INFINITY;
  lastEnd = Number.NEGATIVE_INFINITY;

    readonly #clock: Clock;
  readonly #fire: (level: RefreshLevel) => void;

  constructor(clock: Clock, fire: (level: RefreshLevel) => void) {
    this.#clock = clock;
    this.#fire = fire;
  }

  /** A next cycle is scheduled. */
  get armed(): boolean {
    return this.#timer !== undefined;
  }

  /** Clock time the scheduled cycle is due at. */
  get due(): number {
    return this.#due;
  }

  set(ms: number, level: RefreshLevel): void {
    this.cancel();
    this.#due = this.#clock.now() + ms;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#fire(level);
    }, ms);
  }

  cancel(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  armStop(ms: number, onStop: () => void): void {
    this.cancelStop();
    this.#stop = this.#clock.setTimeout(() => {
      this.#stop = undefined;
      onStop();
    }, ms);
  }

  cancelStop(): void {
    this.#stop?.cancel();
    this.#stop = undefined;
  }

  dispose(): void {
    this.cancel();
    this.cancelStop();
  }
}

export interface MonitorSettings {
  pollIntervalSec: number;
  idleRefreshMinutes: number;
  maxBuilds: number;
}

/** The settings as the scheduler uses them: poll ≥ 10 s, idle ≥ 1 min, 1 ≤ builds per page ≤ 500. */
export function cadence(s: MonitorSettings): { pollMs: number; idleMs: number; maxBuilds: number } {
  return {
    pollMs: Math.max(10, finiteOr(s.pollIntervalSec, 30)) * 1000,
    idleMs: Math.max(1, finiteOr(s.idleRefreshMinutes, 5)) * 60_000,
    maxBuilds: Math.min(500, Math.max(1, Math.floor(finiteOr(s.maxBuilds, 25)))),
  };
}

function finiteOr(x: number, fallback: number): number {
  return Number.isFinite(x) ? x : fallback;
}
