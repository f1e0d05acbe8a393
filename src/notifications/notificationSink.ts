// Where notification requests go. The default shows VS Code toasts and keeps every request in `requests`, because
// the test host hides toasts and integration tests assert through that list.
import * as vscode from 'vscode';
import type { NotificationMessage } from '../monitor/notificationPolicy';

export interface NotificationSink {
  /** Resolves to the chosen action's title, or undefined when dismissed. */
  show(message: NotificationMessage): Promise<string | undefined>;
}

export class VscodeNotificationSink implements NotificationSink {
  readonly requests: NotificationMessage[] = [];

  async show(message: NotificationMessage): Promise<string | undefined> {
    this.requests.push(message);
    const titles = message.actions.map((a) => a.title);
    switch (message.severity) {
      case 'error':
        return vscode.window.showErrorMessage(message.text, ...titles);
      case 'warning':
        return vscode.window.showWarningMessage(message.text, ...titles);
      default:
        return vscode.window.showInformationMessage(message.text, ...titles);
    }
  }
}
