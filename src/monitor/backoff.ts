// How long to wait after the server failed `attempt` times in a row. Pure, so tests check growth, cap and jitter.

export const MAX_BACKOFF_MS = 10 * 60_000;
/** A Retry-After beyond this is treated as a server mistake rather than obeyed for days. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/**
 * Exponential backoff from `baseMs` (doubling per attempt, capped at 10 minutes) with "equal jitter": a random
 * point in the upper half of the step, so several windows that failed together do not retry together.
 * A server's Retry-After (seconds) is honoured as a lower bound.
 */
export function backoffDelay(attempt: number, baseMs: number, random: () => number, retryAfterSec?: number): number {
  const step = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = step / 2 + (step / 2) * clamp01(random());
  if (retryAfterSec !== undefined && Number.isFinite(retryAfterSec) && retryAfterSec > 0) {
    return Math.max(jittered, Math.min(MAX_RETRY_AFTER_MS, retryAfterSec * 1000));
  }
  return jittered;
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0.5;
}
