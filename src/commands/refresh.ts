// Copr: Refresh, Load More, Show Extension Log.
import * as vscode from 'vscode';
import type { PollScheduler } from '../monitor/pollScheduler';

export interface RefreshDeps {
  scheduler: Pick<PollScheduler, 'refresh' | 'loadMore'>;
  log: vscode.LogOutputChannel;
  viewId: string;
}

export function registerRefreshCommands(deps: RefreshDeps): vscode.Disposable[] {
  const withViewProgress = <T>(work: () => Promise<T>) =>
    vscode.window.withProgress({ location: { viewId: deps.viewId } }, work);
  return [
    vscode.commands.registerCommand('copr.refresh', () => withViewProgress(() => deps.scheduler.refresh())),
    vscode.commands.registerCommand('copr.loadMore', (projectFullName: unknown) => {
      if (typeof projectFullName !== 'string') return;
      return withViewProgress(() => deps.scheduler.loadMore(projectFullName));
    }),
    vscode.commands.registerCommand('copr.showLogOutput', () => deps.log.show(true)),
  ];
}
