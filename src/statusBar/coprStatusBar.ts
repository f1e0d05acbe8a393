// One status bar item for everything monitored: running and failed counts, red while a failure is unacknowledged,
// a tooltip listing the failed chroots, and a click that opens the quick pick of them (copr.showFailures).
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { Event } from '../common/event';
import type { Health } from '../monitor/pollScheduler';
import { summarizeStatus } from '../monitor/statusSummary';
import type { TaskStore } from '../monitor/taskStore';

export const SHOW_FAILURES_COMMAND = 'copr.showFailures';

export interface CoprStatusBarDeps {
  store: TaskStore;
  /** The scheduler: its health and health changes. */
  health: { readonly health: Health; readonly onDidChangeHealth: Event<Health> };
}

export class CoprStatusBar extends Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor(private readonly deps: CoprStatusBarDeps) {
    super();
    this.item = this._register(vscode.window.createStatusBarItem('copr.status', vscode.StatusBarAlignment.Left, 50));
    this.item.name = vscode.l10n.t('Copr Builds');
    this.item.command = { command: SHOW_FAILURES_COMMAND, title: vscode.l10n.t('Show Failed Chroots') };
    this._register(deps.store.onDidChange(() => this.update()));
    this._register(deps.health.onDidChangeHealth(() => this.update()));
    this.update();
  }

  /** The item, for integration tests. */
  get statusBarItem(): vscode.StatusBarItem {
    return this.item;
  }

  private update(): void {
    if (this.isDisposed) return;
    const store = this.deps.store;
    const summary = summarizeStatus(
      {
        visible: store.scopes().length > 0 || store.watched().length > 0,
        counts: store.counts(),
        failures: store.failures(),
        health: this.deps.health.health,
      },
      (message, ...args) => vscode.l10n.t(message, ...args),
    );
    if (!summary.visible) {
      this.item.hide();
      return;
    }
    this.item.text = summary.text;
    this.item.accessibilityInformation = { label: summary.accessibleText, role: 'button' };
    const tooltip = new vscode.MarkdownString(summary.tooltip, true);
    tooltip.isTrusted = false;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = summary.alert
      ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : summary.warning
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : undefined;
    this.item.show();
  }
}
