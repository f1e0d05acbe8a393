// The tokens a row's contextValue carries. package.json's `view/item/context` when-clauses match them with
// `viewItem =~ /\btoken\b/`; test/unit/tree/contextValues.test.ts checks the two stay in sync.
import { ALL_STATES, isActiveState } from '../api/states';
import type { Build, BuildTask, TaskState } from '../api/types';

export function taskContextValue(task: BuildTask): string {
  const tokens = ['task', task.state];
  if (task.result_dir_url) tokens.push('has-result-dir');
  // On v3 the hash is fetched on demand, so every started task may have one.
  if (task.git_hash || task.started_on !== null) tokens.push('has-git-hash');
  if (isActiveState(task.state)) tokens.push('active');
  return tokens.join(' ');
}

export function buildContextValue(build: Build, displayState: TaskState): string {
  // Copr cancels only builds that can still change; any ended build can be rebuilt from its source (Resubmit).
  const active = isActiveState(build.state);
  return ['build', displayState, active ? 'active' : 'final', active ? 'cancellable' : 'resubmittable'].join(' ');
}

/** Every contextValue the tree can produce, token by token (for the when-clause test). */
export const CONTEXT_TOKENS: readonly string[] = [
  'task', 'build', 'project', 'owner', 'watched', 'load-more', 'message', 'error',
  'has-result-dir', 'has-git-hash', 'active', 'final', 'cancellable', 'resubmittable', ...ALL_STATES,
];
