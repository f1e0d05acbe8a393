// Copr: Clear Alerts and Copr: Show Failed Chroots…, and the copr.hasAlerts context key their menus use.
import * as vscode from 'vscode';
import { STATE_TABLE } from '../api/states';
import { buildLabel } from '../monitor/notificationPolicy';
import { failureTitle } from '../monitor/statusSummary';
import type { FailedTask, TaskStore } from '../monitor/taskStore';
import { showInformation } from '../ui/messages';
import { labelText } from '../common/displayText';

export interface AlertCommandDeps {
  store: TaskStore;
  /** Shows the chroot's row in the tree. */
  reveal(buildId: number, chroot: string): unknown;
  /** Opens the chroot's details. */
  showDetails(buildId: number, chroot: string): unknown;
}

interface FailurePick extends vscode.QuickPickItem {
  failure: FailedTask;
}

export function registerAlertCommands(deps: AlertCommandDeps): vscode.Disposable[] {
  const { store } = deps;
  let hasAlerts: boolean | undefined;
  const updateContext = () => {
    const now = store.counts().unacknowledged > 0;
    if (now === hasAlerts) return;
    hasAlerts = now;
    void vscode.commands.executeCommand('setContext', 'copr.hasAlerts', now);
  };
  updateContext();
  return [
    store.onDidChange(updateContext),
    vscode.commands.registerCommand('copr.clearAlerts', () => store.acknowledgeFailures()),
    vscode.commands.registerCommand('copr.showFailures', async () => {
      const failures = store.failures();
      if (failures.length === 0) {
        void showInformation(vscode.l10n.t('No failed chroots.'));
        return;
      }
      const tr = (m: string, ...a: Array<string | number>) => vscode.l10n.t(m, ...a);
      const items: FailurePick[] = failures.map((f) => f.stage === 'source' ? {
        // No chroot to name: the build and its source stage's reason are the label.
        failure: f,
        label: `$(${STATE_TABLE.failed.icon}) ${labelText(failureTitle(f, tr))}`,
        description: labelText(`${f.build.owner}/${f.build.project} #${f.build.id}`),
        detail: f.acknowledged ? undefined : vscode.l10n.t('new failure'),
      } : {
        failure: f,
        label: `$(${STATE_TABLE.failed.icon}) ${labelText(f.task.chroot_name)}`,
        description: labelText(`${buildLabel(f.build, tr)} · ${f.build.owner}/${f.build.project} #${f.build.id}`),
        detail: labelText([f.acknowledged ? undefined : vscode.l10n.t('new failure'), f.reason].filter(Boolean).join(' — ')) || undefined,
      });
      const picked = await vscode.window.showQuickPick(items, {
        title: vscode.l10n.t('Failed chroots'),
        placeHolder: vscode.l10n.t('Pick a failed chroot to see it in the tree and its details'),
        matchOnDescription: true,
        matchOnDetail: true,
      });
      if (!picked) return;
      const { build, task } = picked.failure;
      await deps.reveal(build.id, task.chroot_name);
      await deps.showDetails(build.id, task.chroot_name);
    }),
  ];
}
