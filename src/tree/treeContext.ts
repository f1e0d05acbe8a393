// What every node reads: the store (the one source of task state), the scheduler (to load lazily) and settings.
import type { TaskStore } from '../monitor/taskStore';
import type { PollScheduler } from '../monitor/pollScheduler';
import type { CoprSettings } from '../config/settings';
import type { TreeNode } from './treeNode';

export interface TreeContext {
  readonly store: TaskStore;
  readonly scheduler: Pick<PollScheduler, 'loadMore' | 'ensureTasks'>;
  settings(): CoprSettings;
  /** Nodes are cached by id so that `onDidChangeTreeData(node)` can refresh exactly the rows that changed. */
  intern<T extends TreeNode>(node: T): T;
  /** Seconds since the epoch, for "running for 12 min". */
  nowSeconds(): number;
}
