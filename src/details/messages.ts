// Messages the details page may send. The page runs server data, so nothing it posts is trusted: only these
// command names, with typed, bounded arguments, get through; anything else is dropped (and logged by the panel).
import { isLogName, type LogName } from '../logs/logNames';

export type DetailsMessage =
  | { command: 'openResultDir' }
  | { command: 'copyGitHash' }
  | { command: 'openBuildInCopr' }
  | { command: 'cancelBuild' }
  | { command: 'resubmitBuild' }
  | { command: 'viewLog'; log: LogName; line?: number }
  | { command: 'showTask'; chroot: string };

const CHROOT_RE = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$/;
const MAX_LINE = 100_000_000;

export function isChrootName(value: unknown): value is string {
  return typeof value === 'string' && CHROOT_RE.test(value);
}

export function parseDetailsMessage(raw: unknown): DetailsMessage | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.command) {
    case 'openResultDir':
    case 'copyGitHash':
    case 'openBuildInCopr':
    case 'cancelBuild':
    case 'resubmitBuild':
      return { command: m.command };
    case 'viewLog': {
      if (!isLogName(m.log)) return undefined;
      if (m.line === undefined || m.line === null) return { command: 'viewLog', log: m.log };
      const line = typeof m.line === 'string' && /^\d{1,9}$/.test(m.line) ? Number(m.line) : m.line;
      if (typeof line !== 'number' || !Number.isInteger(line) || line < 1 || line > MAX_LINE) return undefined;
      return { command: 'viewLog', log: m.log, line };
    }
    case 'showTask':
      return isChrootName(m.chroot) ? { command: 'showTask', chroot: m.chroot } : undefined;
    default:
      return undefined;
  }
}
