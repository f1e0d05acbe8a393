// The simulator's clock: manual (moves only when advanced) or real time scaled by a speed factor.

export class SimClock {
  private offset = 0;
  private readonly wallStart = Date.now();

  constructor(
    private readonly start: number,
    private readonly mode: 'manual' | 'realtime',
    private readonly speed: number,
  ) {}

  /** Unix seconds (fractional in realtime mode). */
  now(): number {
    const running = this.mode === 'realtime' ? ((Date.now() - this.wallStart) / 1000) * this.speed : 0;
    return this.start + this.offset + running;
  }

  /** Whole unix seconds, what the world and the API see. */
  seconds(): number {
    return Math.floor(this.now());
  }

  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`cannot advance by ${seconds}`);
    this.offset += seconds;
  }
}
