// The one table that maps each state to its icon, colour, words and priority.
// It holds plain strings (codicon ids, theme colour ids, English words) so that the API layer, the monitor and the
// tests can use it without `vscode`; the UI turns them into ThemeIcon/ThemeColor and passes the words through l10n.

import type { TaskState } from './types';

export interface StateInfo {
  /** Codicon id (`$(id)` in labels). */
  icon: string;
  /** Theme colour id, or undefined for the default foreground. */
  color: string | undefined;
  /** Lower-case words for people; never colour alone. */
  words: string;
  /** Higher = worse; a build shows its worst chroot. */
  priority: number;
  /** A final state never changes again. */
  final: boolean;
}

export const STATE_TABLE: Readonly<Record<TaskState, StateInfo>> = {
  failed: { icon: 'error', color: 'testing.iconFailed', words: 'failed', priority: 100, final: true },
  unknown: { icon: 'question', color: 'problemsWarningIcon.foreground', words: 'unknown', priority: 90, final: false },
  running: { icon: 'sync~spin', color: 'charts.blue', words: 'running', priority: 80, final: false },
  starting: { icon: 'loading~spin', color: 'charts.blue', words: 'starting', priority: 70, final: false },
  importing: { icon: 'cloud-download', color: 'charts.blue', words: 'importing', priority: 65, final: false },
  pending: { icon: 'clock', color: 'testing.iconQueued', words: 'pending', priority: 60, final: false },
  waiting: { icon: 'watch', color: 'testing.iconQueued', words: 'waiting', priority: 55, final: false },
  canceled: { icon: 'circle-slash', color: 'testing.iconSkipped', words: 'canceled', priority: 40, final: true },
  skipped: { icon: 'debug-step-over', color: 'testing.iconSkipped', words: 'skipped', priority: 20, final: true },
  forked: { icon: 'repo-forked', color: 'testing.iconPassed', words: 'forked', priority: 15, final: true },
  succeeded: { icon: 'pass', color: 'testing.iconPassed', words: 'succeeded', priority: 10, final: true },
};

export const ALL_STATES: readonly TaskState[] = Object.keys(STATE_TABLE) as TaskState[];

/** Final states (copr FINISHED_STATES). `forked` is final although copr-cli forgets it. */
export function isFinalState(state: TaskState): boolean {
  return STATE_TABLE[state].final;
}

/** States that still change: waiting, pending, starting, importing, running. `unknown` is neither. */
export function isActiveState(state: TaskState): boolean {
  return !STATE_TABLE[state].final && state !== 'unknown';
}

export function statePriority(state: TaskState): number {
  return STATE_TABLE[state].priority;
}

/** The worst of several states; `fallback` when there are none. */
export function worstState(states: Iterable<TaskState>, fallback: TaskState = 'unknown'): TaskState {
  let worst: TaskState | undefined;
  for (const s of states) {
    if (worst === undefined || STATE_TABLE[s].priority > STATE_TABLE[worst].priority) worst = s;
  }
  return worst ?? fallback;
}

export function isTaskState(value: unknown): value is TaskState {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(STATE_TABLE, value);
}

const reportedUnknown = new Set<string>();

/**
 * A state string from the server. Anything the client does not know becomes 'unknown' and is reported once
 * through `onUnknown` (the API layer passes its logger), never a crash.
 */
export function normalizeState(value: unknown, onUnknown?: (raw: string) => void): TaskState {
  if (isTaskState(value)) return value;
  const raw = String(value).slice(0, 40);
  if (!reportedUnknown.has(raw)) {
    reportedUnknown.add(raw);
    onUnknown?.(raw);
  }
  return 'unknown';
}
