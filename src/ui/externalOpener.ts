// The one door from the extension to the system browser. Every URL is checked first (http/https only, no
// credentials, at most 2048 characters: server data decides these URLs), and every URL handed on is recorded in
// `opened`, so integration tests can see what would have been opened.
import * as vscode from 'vscode';
import type { Logger } from '../common/log';
import { checkExternalUrl } from '../details/linkPolicy';
import { showWarning } from './messages';

export type Launcher = (url: string) => Thenable<boolean>;

const systemLauncher: Launcher = (url) => vscode.env.openExternal(vscode.Uri.parse(url, true));

export class ExternalOpener {
  /** URLs handed to the launcher, in order. */
  readonly opened: string[] = [];
  /** Refusals, as shown to the person. */
  readonly refused: string[] = [];
  private launcher: Launcher = systemLauncher;

  constructor(private readonly log?: Logger) {}

  /**
   * Replaces the system browser. For tests: in a headless host a real openExternal would ask a browser that is not
   * there, and VS Code's "open external website?" prompt would wait for a click.
   */
  setLauncher(launcher: Launcher | undefined): void {
    this.launcher = launcher ?? systemLauncher;
  }

  /** Opens a checked URL; refuses anything else with a message. Resolves to whether it was opened. */
  async open(url: unknown): Promise<boolean> {
    const check = checkExternalUrl(url);
    if (!check.ok) {
      this.refused.push(check.reason);
      this.log?.warn(`Refused to open a link: ${check.reason}`);
      void showWarning(check.reason);
      return false;
    }
    this.opened.push(check.url);
    try {
      return await this.launcher(check.url);
    } catch (e) {
      this.log?.warn(`Opening ${check.url} failed: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }
}
