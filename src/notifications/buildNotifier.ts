// Turns the scheduler's finished builds into notifications, per copr.notifications, and runs the chosen action.
import * as vscode from 'vscode';
import { Disposable, toDisposable, type IDisposable } from '../common/lifecycle';
import type { Event } from '../common/event';
import type { Logger } from '../common/log';
import { composeNotifications, isFailure, type NotificationAction, type NotificationSetting } from '../monitor/notificationPolicy';
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

/** Failure triage, when present: failure notifications wait (briefly) for the reasons and say them. */
export interface FailureExplainer {
  /** Resolves when the failed chroots' reasons are known, or after a short bound. Never rejects. */
  settle(finished: readonly FinishedBuild[]): Promise<void>;
  /** One line: why the build's chroots failed, or undefined when not known. */
  explain(f: FinishedBuild): string | undefined;
}

export class BuildNotifier extends Disposable {
  private explainer: FailureExplainer | undefined;
  private origin: ((buildId: number) => string | undefined) | undefined;

  constructor(private readonly deps: BuildNotifierDeps) {
    super();
    this._register(deps.onBuildsFinished((finished) => this.announce(finished)));
  }

  /** Adds failure reasons to the notifications (triage is built after the notifier in activate()). */
  explainWith(explainer: FailureExplainer): IDisposable {
    this.explainer = explainer;
    return toDisposable(() => {
      if (this.explainer === explainer) this.explainer = undefined;
    });
  }

  /** Words put before a one-build notification, e.g. "Resubmit of #123" (the write actions know; built later). */
  describeWith(origin: (buildId: number) => string | undefined): IDisposable {
    this.origin = origin;
    return toDisposable(() => {
      if (this.origin === origin) this.origin = undefined;
    });
  }

  private announce(finished: FinishedBuild[]): void {
    const explainer = this.explainer;
    if (!explainer || this.deps.setting() === 'off' || !finished.some(isFailure)) {
      this.show(finished, undefined);
      return;
    }
    explainer
      .settle(finished)
      .catch(() => undefined)
      .then(() => {
        if (!this.isDisposed) this.show(finished, explainer);
      });
  }

  private show(finished: FinishedBuild[], explainer: FailureExplainer | undefined): void {
    const messages = composeNotifications(finished, this.deps.setting(), (message, ...args) => vscode.l10n.t(message, ...args), explainer && ((f) => explainer.explain(f)));
    for (const composed of messages) {
      const origin = composed.buildIds.length === 1 ? this.origin?.(composed.buildIds[0]) : undefined;
      const message = origin ? { ...composed, text: `${origin}: ${composed.text}` } : composed;
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
