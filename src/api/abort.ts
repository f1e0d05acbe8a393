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

const subscribers = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `onAbort` when `signal` aborts; returns the unsubscribe. One real listener per signal, however many
 * requests share it, so a poll that fans out into 60 requests under one signal does not trip Node's
 * MaxListenersExceededWarning.
 */
export function subscribeAbort(signal: AbortSignal | undefined, onAbort: () => void): () => void {
  if (!signal) return () => undefined;
  let set = subscribers.get(signal);
  if (!set) {
    const callbacks = new Set<() => void>();
    set = callbacks;
    subscribers.set(signal, callbacks);
    signal.addEventListener(
      'abort',
      () => {
        subscribers.delete(signal);
        for (const cb of [...callbacks]) cb();
      },
      { once: true },
    );
  }
  set.add(onAbort);
  const callbacks = set;
  return () => callbacks.delete(onAbort);
}
