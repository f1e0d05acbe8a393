// Reads the copr.* settings when they change (never at module load), validates them, and reports each problem once
// with the setting's name, so a bad value gets a clear message while the rest keeps working.
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { readSettings, type CoprSettings } from '../config/settings';
import { showWarning } from '../ui/messages';

export class SettingsWatcher extends Disposable {
  private readonly emitter = this._register(new vscode.EventEmitter<CoprSettings>());
  readonly onDidChange = this.emitter.event;
  private cached: CoprSettings | undefined;
  private reported = new Set<string>();
  /** Problems of the current settings, for tests and the log. */
  problems: string[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('copr')) return;
        this.cached = undefined;
        this.emitter.fire(this.current());
      }),
    );
  }

  current(): CoprSettings {
    if (!this.cached) {
      const cfg = vscode.workspace.getConfiguration('copr');
      const { settings, problems } = readSettings((key) => cfg.get(key));
      this.cached = settings;
      this.problems = problems;
      const fresh = problems.filter((p) => !this.reported.has(p));
      this.reported = new Set(problems);
      for (const p of fresh) {
        this.log.warn(p);
        void showWarning(vscode.l10n.t('Copr settings: {0}', p), vscode.l10n.t('Open Settings')).then((a) => {
          if (a) void vscode.commands.executeCommand('copr.openSettings');
        });
      }
    }
    return this.cached;
  }
}
