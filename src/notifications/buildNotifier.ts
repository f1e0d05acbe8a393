// Turns the scheduler's finished builds into notifications, per copr.notifications, and runs the chosen action.
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { Event } from '../common/event';
import type { Logger } from '../common/log';
import { composeNotifications, type NotificationAction, type NotificationSetting } from '../monitor/notificationPolicy';
import type { FinishedBuild } from '../monitor/transitions';
import type { NotificationSink } from './notificationSink';

export interface NotificationActions {
  showDetails(buildId: number, chroot?: string): unknown;
  openLog(buildId: number, chroot: string): unknown;
  openInCopr(buildId: number): unknown;
  /** The quick pick of failed chroots (copr.showFailures). */
  showFailures(): unknown;
}

export interface BuildNotifierDeps {
  onBuildsFinished: Event<FinishedBuild[]>;
  setting: () => NotificationSetting;
  sink: NotificationSink;
  actions: NotificationActions;
  logger: Logger;
}

export class BuildNotifier extends Disposable {
  constructor(private readonly deps: BuildNotifierDeps) {
    super();
    this._register(deps.onBuildsFinished((finished) => this.announce(finished)));
  }

  private announce(finished: FinishedBuild[]): void {
    const messages = composeNotifications(finished, this.deps.setting(), (message, ...args) => vscode.l10n.t(message, ...args));
    for (const message of messages) {
      this.deps.sink.show(message).then(
        (choice) => {
          const action = message.actions.find((a) => a.title === choice);
          if (action && !this.isDisposed) return this.run(action);
        },
        (e: unknown) => this.deps.logger.warn(`Notification failed: ${e instanceof Error ? e.message : String(e)}`),
      );
    }
  }

  private async run(action: NotificationAction): Promise<void> {
    const a = this.deps.actions;
    try {
      switch (action.id) {
        case 'showDetails':
          if (action.buildId !== undefined) await a.showDetails(action.buildId, action.chroot);
          break;
        case 'openLog':
          if (action.buildId !== undefined && action.chroot) await a.openLog(action.buildId, action.chroot);
          break;
        case 'openInCopr':
          if (action.buildId !== undefined) await a.openInCopr(action.buildId);
          break;
        case 'showFailures':
          await a.showFailures();
          break;
      }
    } catch (e) {
      this.deps.logger.error(`Notification action ${action.id} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
