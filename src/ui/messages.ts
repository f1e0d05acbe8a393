// The one door to VS Code's message APIs (showInformationMessage, showWarningMessage, showErrorMessage). Their text
// renders `[label](command:…)` as a link that runs a command on click, and most messages carry something from outside
// (a failure reason from a build log, a package or chroot name, a server error, a setting's value), so every message
// text goes through inertMessageText here. ESLint (eslint.config.mjs) forbids calling the APIs anywhere else.
// Buttons are the extension's own words and are passed as they are (VS Code renders them as plain text).
import * as vscode from 'vscode';
import { inertMessageText } from '../common/displayText';

export type MessageSeverity = 'info' | 'warning' | 'error';

/** Shows a message; resolves to the clicked button's title, or undefined when dismissed. */
export function showMessage(severity: MessageSeverity, text: string, ...buttons: string[]): Thenable<string | undefined> {
  const shown = inertMessageText(text);
  switch (severity) {
    case 'error':
      return vscode.window.showErrorMessage(shown, ...buttons);
    case 'warning':
      return vscode.window.showWarningMessage(shown, ...buttons);
    default:
      return vscode.window.showInformationMessage(shown, ...buttons);
  }
}

export function showInformation(text: string, ...buttons: string[]): Thenable<string | undefined> {
  return showMessage('info', text, ...buttons);
}

export function showWarning(text: string, ...buttons: string[]): Thenable<string | undefined> {
  return showMessage('warning', text, ...buttons);
}

export function showError(text: string, ...buttons: string[]): Thenable<string | undefined> {
  return showMessage('error', text, ...buttons);
}

/**
 * A modal question (confirmations before a write). The detail is often Copr's own text: inert like the message.
 * Resolves to the clicked button's title, or undefined for Cancel.
 */
export function showModal(text: string, detail: string, ...buttons: string[]): Thenable<string | undefined> {
  const shown = inertMessageText(text);
  return vscode.window.showWarningMessage(shown, { modal: true, detail: inertMessageText(detail) }, ...buttons);
}
