// A dist-git commit id as Copr reports it: SHA-1 (40 hex) or SHA-256 (64 hex). Anything else is not copied.
export function isValidGitHash(value: unknown): value is string {
  return typeof value === 'string' && /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(value);
}
