// Where notification requests go. The default shows VS Code toasts and keeps every request in `requests` (and each
// text as VS Code received it in `shown`), because the test host hides toasts and integration tests assert through them.
import { inertMessageText } from '../common/displayText';
import type { NotificationMessage } from '../monitor/notificationPolicy';
import { showMessage } from '../ui/messages';

export interface NotificationSink {
  /** Resolves to the chosen action's title, or undefined when dismissed. */
  show(message: NotificationMessage): Promise<string | undefined>;
}

export class VscodeNotificationSink implements NotificationSink {
  readonly requests: NotificationMessage[] = [];
  /** The message texts as VS Code received them (src/ui/messages.ts makes them inert). */
  readonly shown: string[] = [];

  async show(message: NotificationMessage): Promise<string | undefined> {
    this.requests.push(message);
    this.shown.push(inertMessageText(message.text));
    return showMessage(message.severity, message.text, ...message.actions.map((a) => a.title));
  }
}
