import type { CoprErrorKind } from './types';

/** Every failure of the API layer. `message` is written for a person and says what to do where it can. */
export class CoprError extends Error {
  override readonly name = 'CoprError';
  constructor(
    readonly kind: CoprErrorKind,
    message: string,
    readonly url?: string,
    readonly status?: number,
    /** Seconds the server asked us to wait (429/503 Retry-After). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export function isCoprError(e: unknown): e is CoprError {
  return e instanceof CoprError;
}
