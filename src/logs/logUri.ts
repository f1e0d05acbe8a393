// One read-only document per task and log: `copr-log:/<buildId>/<chroot>/<log>.log`. Pure string work on the path,
// so it is unit-tested without VS Code; the provider wraps it in vscode.Uri.
import { isChrootName } from '../details/messages';
import { isLogName, type LogName } from './logNames';

export const LOG_SCHEME = 'copr-log';

export interface LogRef {
  buildId: number;
  chroot: string;
  log: LogName;
}

export function logPath(ref: LogRef): string {
  return `/${ref.buildId}/${ref.chroot}/${ref.log}.log`;
}

export function parseLogPath(path: string): LogRef | undefined {
  const m = /^\/(\d{1,12})\/([^/]+)\/([a-z-]+)\.log$/.exec(path);
  if (!m) return undefined;
  const buildId = Number(m[1]);
  if (!Number.isSafeInteger(buildId) || buildId <= 0 || !isChrootName(m[2]) || !isLogName(m[3])) return undefined;
  return { buildId, chroot: m[2], log: m[3] };
}

export function logKey(ref: LogRef): string {
  return logPath(ref);
}
