// At most N requests of one client in flight; the rest wait in a FIFO queue. Copr publishes no rate limit, so this
// is politeness (and keeps a burst of 60 chroot fetches from opening 60 sockets).

import { abortReason, subscribeAbort } from './abort';

export class RequestLimiter {
  private active = 0;
  private readonly waiting: Array<{ start: () => void }> = [];

  constructor(private readonly maxInFlight: number) {}

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `task` once a slot is free. A caller that aborts while queued leaves the queue at once. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.active < this.maxInFlight) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const entry = {
        start: () => {
          unsubscribe();
          this.active++;
          resolve();
        },
      };
      const unsubscribe = subscribeAbort(signal, () => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(abortReason(signal));
      });
      this.waiting.push(entry);
    });
  }

  private release(): void {
    this.active--;
    const next = this.waiting.shift();
    next?.start();
  }
}
