// The logs a chroot's result directory holds, and which URL serves each one in each state.
// Copr serves `builder-live.log` and `backend.log` uncompressed while the chroot runs and gzips them when it ends;
// mock's `build.log` and `root.log` only arrive, gzipped, at the end (copr-api.md §3.1, build-logs.md).
import { isActiveState } from '../api/states';
import type { TaskState } from '../api/types';
import type { LogName } from '../triage/failureReason';

export type { LogName };

export const LOG_NAMES: readonly LogName[] = ['builder-live', 'backend', 'build', 'root'];

export const LOG_TITLES: Readonly<Record<LogName, string>> = {
  'builder-live': 'builder-live.log',
  backend: 'backend.log',
  build: 'build.log',
  root: 'root.log',
};

export function isLogName(value: unknown): value is LogName {
  return typeof value === 'string' && (LOG_NAMES as readonly string[]).includes(value);
}

/** Logs that the backend writes uncompressed while the chroot is active. */
function hasLiveVariant(log: LogName): boolean {
  return log === 'builder-live' || log === 'backend';
}

export interface LogLocation {
  url: string;
  /** True for the uncompressed file that grows while the chroot runs. */
  live: boolean;
}

/**
 * The URLs to try for a log, best first. While the chroot is active the live file comes first (and the .gz
 * second, for the moment it ends); once it is final, the .gz first (and the plain name second: some servers
 * keep or redirect it).
 */
export function logLocations(resultDirUrl: string, log: LogName, state: TaskState): LogLocation[] {
  const base = resultDirUrl.endsWith('/') ? resultDirUrl : `${resultDirUrl}/`;
  const live = isActiveState(state) && hasLiveVariant(log);
  const plain: LogLocation = { url: `${base}${log}.log`, live };
  const gz: LogLocation = { url: `${base}${log}.log.gz`, live: false };
  return live ? [plain, gz] : [gz, plain];
}
