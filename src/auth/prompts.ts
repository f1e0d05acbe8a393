// Every question the write actions ask (messages with buttons, modal confirmations, input boxes, quick picks) goes
// through here, so integration tests can answer them: the test host hides toasts and dialogs, and a confirmation
// nobody can click would hang the test. Without an answerer the real VS Code UI is used; all message text still
// goes through src/ui/messages.ts (inert), and quick-pick text through labelText.
import * as vscode from 'vscode';
import { labelText } from '../common/displayText';
import { showMessage, showModal, type MessageSeverity } from '../ui/messages';

export type PromptRequest =
  | { kind: 'message'; severity: MessageSeverity; text: string; buttons: string[] }
  | { kind: 'confirm'; text: string; detail: string; button: string }
  | { kind: 'input'; title: string; password: boolean; value?: string }
  | { kind: 'pick'; title: string; labels: string[]; picked: string[] };

/** A test's answer: a button title (message), true/false (confirm), text (input), labels (pick); undefined = dismissed. */
export type Answerer = (request: PromptRequest) => string | boolean | string[] | undefined;

export interface PickItem<T> {
  label: string;
  description?: string;
  picked?: boolean;
  value: T;
}

export class Prompts {
  private answerer: Answerer | undefined;
  /** Every question asked, in order (tests read it). */
  readonly asked: PromptRequest[] = [];

  setAnswerer(answerer: Answerer | undefined): void {
    this.answerer = answerer;
  }

  private ask(request: PromptRequest): { answered: boolean; answer?: string | boolean | string[] } {
    this.asked.push(request);
    if (this.asked.length > 200) this.asked.splice(0, 100);
    return this.answerer ? { answered: true, answer: this.answerer(request) } : { answered: false };
  }

  async message(severity: MessageSeverity, text: string, ...buttons: string[]): Promise<string | undefined> {
    const a = this.ask({ kind: 'message', severity, text, buttons });
    if (!a.answered) return showMessage(severity, text, ...buttons);
    // Still recorded as shown, so tests read the same place for every message.
    void showMessage(severity, text);
    return typeof a.answer === 'string' && buttons.includes(a.answer) ? a.answer : undefined;
  }

  /** A modal confirmation; true only when `button` was chosen. */
  async confirm(text: string, detail: string, button: string): Promise<boolean> {
    const a = this.ask({ kind: 'confirm', text, detail, button });
    if (a.answered) return a.answer === true;
    return (await showModal(text, detail, button)) === button;
  }

  async input(options: { title: string; prompt: string; password?: boolean; value?: string; validate?: (v: string) => string | undefined }): Promise<string | undefined> {
    const a = this.ask({ kind: 'input', title: options.title, password: options.password === true, value: options.value });
    if (a.answered) {
      if (typeof a.answer !== 'string') return undefined;
      return options.validate?.(a.answer) === undefined ? a.answer : undefined;
    }
    return vscode.window.showInputBox({
      title: options.title,
      prompt: options.prompt,
      password: options.password,
      value: options.value,
      ignoreFocusOut: true,
      validateInput: options.validate,
    });
  }

  /** One item, or several with `many` (then `picked` items start selected). */
  async pick<T>(title: string, items: PickItem<T>[], many = false): Promise<T[] | undefined> {
    const a = this.ask({ kind: 'pick', title, labels: items.map((i) => i.label), picked: items.filter((i) => i.picked).map((i) => i.label) });
    if (a.answered) {
      if (!Array.isArray(a.answer)) return undefined;
      const chosen = items.filter((i) => (a.answer as string[]).includes(i.label));
      return many || chosen.length <= 1 ? chosen.map((i) => i.value) : [chosen[0].value];
    }
    const shown = items.map((i) => ({ label: labelText(i.label), description: i.description && labelText(i.description), picked: i.picked, item: i }));
    if (many) {
      const picked = await vscode.window.showQuickPick(shown, { title, canPickMany: true, ignoreFocusOut: true });
      return picked?.map((p) => p.item.value);
    }
    const one = await vscode.window.showQuickPick(shown, { title, ignoreFocusOut: true });
    return one ? [one.item.value] : undefined;
  }
}
