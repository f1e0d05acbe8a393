// One status bar item for everything monitored: running and failed counts, red while a failure is unacknowledged,
// a tooltip listing the failed chroots, and a click that opens the quick pick of them (copr.showFailures).
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { Event } from '../common/event';
import type { Health } from '../monitor/pollScheduler';
import { summarizeStatus } from '../monitor/statusSummary';
import type { FailedTask, TaskStore } from '../monitor/taskStore';
import type { CoprError } from '../api/errors';
import { labelText } from '../common/displayText';

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
        failures: store.failures().map(shownFailure),
        health: shownHealth(this.deps.health.health),
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

// The tooltip is Markdown with theme icons, built by summarizeStatus from server text (package, version, owner, project,
// chroot, failure reason, the server's error message). That text enters it with `$(` already escaped as `\$(` and
// without invisible characters: summarizeStatus's Markdown escape keeps the backslash, and the icon renderer then
// shows `$(` as typed (src/common/displayText.ts).

function shownFailure(f: FailedTask): FailedTask {
  const b = f.build;
  return {
    ...f,
    build: {
      ...b,
      owner: labelText(b.owner),
      project: labelText(b.project),
      package_name: b.package_name === null ? null : labelText(b.package_name),
      package_version: b.package_version === null ? null : labelText(b.package_version),
    },
    task: { ...f.task, chroot_name: labelText(f.task.chroot_name) },
    ...(f.reason === undefined ? {} : { reason: labelText(f.reason) }),
  };
}

function shownHealth(health: Health): Health {
  if (health.state !== 'backoff' && health.state !== 'blocked') return health;
  return { ...health, error: { ...health.error, message: labelText(health.error.message) } as CoprError };
}
