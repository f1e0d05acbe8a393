// Cancellation is not a failure: a caller that aborts gets the standard AbortError (the signal's reason), never a
// CoprError, so it can tell "I stopped this" from "Copr is broken".

/** The error to reject with when `signal` aborted: its reason, or a DOMException named AbortError. */
export function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/** True for the rejection of a cancelled call. */
export function isAbortError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal);
}
