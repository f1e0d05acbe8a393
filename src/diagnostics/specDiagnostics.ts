// Failures of the monitored builds as problems on the package's spec file (Problems panel, collection "Copr"):
// the spec line the cause points at, the chroots it failed in, a link to the log. Recomputed when the store, the
// triage results, the spec files or the setting change; a newer build succeeding in those chroots clears them.
import * as vscode from 'vscode';
import type { Build, BuildTask } from '../api/types';
import type { Event } from '../common/event';
import { Disposable, type IDisposable } from '../common/lifecycle';
import type { Logger } from '../common/log';
import type { FailureReason } from '../triage/failureReason';
import { SpecFileIndex } from './specFileIndex';
import { currentFailures, problemMessage, specProblems, type ClassifiedFailure, type PackageBuild, type SpecProblem } from './specProblems';

export const DIAGNOSTIC_COLLECTION = 'Copr';
export const DIAGNOSTIC_CODE = 'copr-failure';

export interface SpecDiagnosticsStore {
  build(id: number): Build | undefined;
  buildIds(): number[];
  tasks(buildId: number): readonly BuildTask[] | undefined;
  onDidChange: Event<{ builds: readonly number[] }>;
  onDidReset: Event<void>;
}

export interface SpecDiagnosticsTriage {
  reason(buildId: number, chroot: string): FailureReason | undefined;
  reasonFor(buildId: number, chroot: string): Promise<FailureReason | undefined>;
  onDidClassify: Event<unknown>;
}

export interface SpecDiagnosticsDeps {
  store: SpecDiagnosticsStore;
  triage: SpecDiagnosticsTriage;
  /** copr.specDiagnostics. */
  enabled(): boolean;
  onDidChangeSettings: (listener: () => void) => IDisposable;
  /** Loads a build's chroots into the store (the scheduler's ensureTasks). */
  loadTasks(buildId: number): Promise<unknown>;
  log: Logger;
}

/** Chroot loads asked per package and pass: only the newest failed builds matter. */
const MAX_TASK_LOADS_PER_PACKAGE = 3;

export class SpecDiagnostics extends Disposable {
  readonly collection: vscode.DiagnosticCollection;
  readonly specs: SpecFileIndex;
  private readonly asked = new Set<number>();
  private readonly requested = new Set<string>();
  private shown = new Set<string>();
  private dirty = false;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: SpecDiagnosticsDeps) {
    super();
    this.collection = this._register(vscode.languages.createDiagnosticCollection(DIAGNOSTIC_COLLECTION));
    this.specs = this._register(new SpecFileIndex(deps.log));
    const schedule = () => this.schedule();
    this._register(deps.store.onDidChange(schedule));
    this._register(
      deps.store.onDidReset(() => {
        this.asked.clear();
        this.requested.clear();
        this.schedule();
      }),
    );
    this._register(deps.triage.onDidClassify(schedule));
    this._register(deps.onDidChangeSettings(schedule));
    this._register(this.specs.onDidChange(schedule));
    this.schedule();
  }

  /** Resolves when no recomputation is running or due (tests). */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  private schedule(): void {
    if (this.isDisposed) return;
    this.dirty = true;
    this.running ??= this.loop().finally(() => {
      this.running = undefined;
    });
  }

  private async loop(): Promise<void> {
    // Let a burst of events (a poll cycle, several classifications) collapse into one pass.
    await Promise.resolve();
    while (this.dirty && !this.isDisposed) {
      this.dirty = false;
      try {
        await this.recompute();
      } catch (e) {
        this.deps.log.warn(`Spec diagnostics failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  private async recompute(): Promise<void> {
    // Nothing monitored (as at start-up): no need to look for spec files yet.
    if (!this.deps.enabled() || this.deps.store.buildIds().length === 0) {
      this.clear();
      return;
    }
    const specs = await this.specs.specFiles();
    if (this.isDisposed) return;
    if (specs.length === 0 || !this.deps.enabled()) {
      this.clear();
      return;
    }
    const wanted = new Set(specs.flatMap((s) => s.names));
    const byPackage = new Map<string, PackageBuild[]>();
    for (const id of this.deps.store.buildIds()) {
      const build = this.deps.store.build(id);
      if (!build?.package_name || !wanted.has(build.package_name)) continue;
      const list = byPackage.get(build.package_name) ?? [];
      list.push({ build, tasks: this.deps.store.tasks(id) });
      byPackage.set(build.package_name, list);
    }

    const next = new Map<string, vscode.Diagnostic[]>();
    for (const [name, builds] of byPackage) {
      const { failures, needTasks } = currentFailures(builds);
      this.loadTasks(needTasks);
      const classified: ClassifiedFailure[] = [];
      for (const f of failures) {
        const reason = this.deps.triage.reason(f.build.id, f.task.chroot_name);
        if (reason) classified.push({ ...f, reason });
        else this.requestReason(f.build.id, f.task.chroot_name);
      }
      if (classified.length === 0) continue;
      for (const spec of specs.filter((s) => s.names.includes(name))) {
        const key = spec.uri.toString();
        next.set(key, [...(next.get(key) ?? []), ...specProblems(spec.text, classified).map((p) => toDiagnostic(p, spec.text))]);
      }
    }

    for (const key of this.shown) if (!next.has(key)) this.collection.delete(vscode.Uri.parse(key));
    for (const spec of specs) {
      const diagnostics = next.get(spec.uri.toString());
      if (diagnostics) this.collection.set(spec.uri, diagnostics);
    }
    this.shown = new Set(next.keys());
  }

  private loadTasks(ids: readonly number[]): void {
    for (const id of ids.slice(0, MAX_TASK_LOADS_PER_PACKAGE)) {
      if (this.asked.has(id)) continue;
      this.asked.add(id);
      this.deps.loadTasks(id).catch((e: unknown) => {
        this.asked.delete(id);
        this.deps.log.debug(`Spec diagnostics: chroots of build ${id} not loaded: ${e instanceof Error ? e.message : String(e)}`);
      });
    }
  }

  /** Asks triage once per chroot (it retries on its own); the answer arrives through onDidClassify. */
  private requestReason(buildId: number, chroot: string): void {
    const key = `${buildId}/${chroot}`;
    if (this.requested.has(key)) return;
    this.requested.add(key);
    void this.deps.triage.reasonFor(buildId, chroot);
  }

  private clear(): void {
    this.collection.clear();
    this.shown.clear();
  }
}

function toDiagnostic(p: SpecProblem, specText: string): vscode.Diagnostic {
  const lineText = specText.split(/\r?\n/)[p.line] ?? '';
  const start = lineText.length - lineText.trimStart().length;
  const range = new vscode.Range(p.line, start, p.line, Math.max(start + 1, lineText.trimEnd().length));
  const severity = p.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error;
  const diagnostic = new vscode.Diagnostic(range, problemMessage(p), severity);
  diagnostic.source = DIAGNOSTIC_COLLECTION;
  diagnostic.code = p.logUrl ? { value: DIAGNOSTIC_CODE, target: vscode.Uri.parse(p.logUrl, true) } : DIAGNOSTIC_CODE;
  return diagnostic;
}
