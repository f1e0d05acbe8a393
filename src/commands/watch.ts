// Copr: Watch Build… and Copr: Stop Watching, and the copr.watching context key their menus use.
import * as vscode from 'vscode';
import { isCoprError } from '../api/errors';
import { isFinalState, STATE_TABLE } from '../api/states';
import { parseBuildUrl } from '../api/urls';
import type { Logger } from '../common/log';
import { buildLabel } from '../monitor/notificationPolicy';
import type { PollScheduler } from '../monitor/pollScheduler';
import type { TaskStore } from '../monitor/taskStore';
import { showError, showInformation, showWarning } from '../ui/messages';
import { labelText } from '../common/displayText';

export interface WatchCommandDeps {
  scheduler: Pick<PollScheduler, 'watch' | 'unwatch'>;
  store: TaskStore;
  logger: Logger;
}

const t = (message: string, ...args: Array<string | number>) => vscode.l10n.t(message, ...args);

/** A build id from a command argument: a number, a text (id or URL) or a tree node with `buildId`. */
function buildIdOf(arg: unknown): number | undefined {
  if (typeof arg === 'number') return Number.isSafeInteger(arg) && arg > 0 ? arg : undefined;
  if (typeof arg === 'string') return parseBuildUrl(arg) ?? undefined;
  if (arg && typeof arg === 'object' && 'buildId' in arg) return buildIdOf((arg as { buildId: unknown }).buildId);
  return undefined;
}

export function registerWatchCommands(deps: WatchCommandDeps): vscode.Disposable[] {
  const { store, scheduler } = deps;
  let watching: boolean | undefined;
  const updateContext = () => {
    const now = store.watched().length > 0;
    if (now === watching) return;
    watching = now;
    void vscode.commands.executeCommand('setContext', 'copr.watching', now);
  };
  updateContext();

  const watchBuild = async (arg?: unknown): Promise<number | undefined> => {
    let id = buildIdOf(arg);
    if (id === undefined) {
      const text = await vscode.window.showInputBox({
        title: t('Watch Build'),
        prompt: t('A Copr build id or build URL'),
        placeHolder: 'https://copr.fedorainfracloud.org/coprs/build/1234567/',
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() === '' || parseBuildUrl(value) !== null ? undefined : t('Enter a build id such as 1234567, or a Copr build URL.')),
      });
      if (text === undefined || text.trim() === '') return undefined;
      id = parseBuildUrl(text) ?? undefined;
      if (id === undefined) return undefined;
    }
    try {
      await scheduler.watch(id);
    } catch (e) {
      if (isCoprError(e) && e.kind === 'not-found') {
        void showError(t('Build {0} does not exist on this Copr server.', id));
        return undefined;
      }
      deps.logger.warn(`Watch build ${id}: ${e instanceof Error ? e.message : String(e)}`);
      void showWarning(t('Watching build {0}, but Copr could not be reached yet: {1}', id, e instanceof Error ? e.message : String(e)));
      return id;
    }
    const build = store.build(id);
    if (build && isFinalState(build.state)) {
      void showInformation(t('{0} (build {1}) has already finished: {2}.', buildLabel(build, t), id, t(STATE_TABLE[build.state].words)));
    }
    return id;
  };

  const stopWatching = async (arg?: unknown): Promise<void> => {
    const given = buildIdOf(arg);
    if (given !== undefined) {
      scheduler.unwatch(given);
      return;
    }
    const watched = store.watched();
    if (watched.length === 0) {
      void showInformation(t('No build is being watched.'));
      return;
    }
    if (watched.length === 1) {
      scheduler.unwatch(watched[0]);
      return;
    }
    const picked = await vscode.window.showQuickPick(
      watched.map((id) => {
        const build = store.build(id);
        return {
          id,
          label: labelText(build ? buildLabel(build, t) : t('Build {0}', id)),
          description: build ? labelText(`${build.owner}/${build.project} #${id} · ${t(STATE_TABLE[build.state].words)}`) : `#${id}`,
          picked: build ? isFinalState(build.state) : false,
        };
      }),
      { title: t('Stop Watching'), placeHolder: t('Builds to stop watching'), canPickMany: true },
    );
    for (const p of picked ?? []) scheduler.unwatch(p.id);
  };

  return [
    store.onDidChange(updateContext),
    vscode.commands.registerCommand('copr.watchBuild', watchBuild),
    vscode.commands.registerCommand('copr.stopWatching', stopWatching),
  ];
}
