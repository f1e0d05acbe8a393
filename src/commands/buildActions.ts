// Copr: Cancel Build and Copr: Resubmit Build… (build rows, failed chroot rows, the details page). Cancel asks first,
// then shows what Copr says: the scheduler reads that build again instead of painting the row canceled.
// Resubmit does what Copr's web UI does (API v3 has no resubmit call): a new build from the old build's source
// package URL, in the same project and directory, with the failed chroots preselected; the new build is watched.
import * as vscode from 'vscode';
import { isFinalState, STATE_TABLE } from '../api/states';
import type { Build, BuildTask } from '../api/types';
import type { CoprWrites } from '../api/writes';
import type { Event } from '../common/event';
import type { IDisposable } from '../common/lifecycle';
import type { Logger } from '../common/log';
import { buildLabel, isFailure, outcomeWords } from '../monitor/notificationPolicy';
import type { FinishedBuild } from '../monitor/transitions';
import type { Prompts } from '../auth/prompts';
import type { WriteRunner } from '../auth/writeRunner';
import { refOfArgument, resolveBuildId } from './taskRef';

/** What acting on builds needs of the scheduler. */
export interface WriteScheduler {
  /** The build's record and chroot list again (not a whole cycle). */
  refreshBuild(buildId: number): Promise<void>;
  watch(buildId: number): Promise<void>;
  ensureTasks(buildId: number): Promise<BuildTask[]>;
  onBuildsFinished: Event<FinishedBuild[]>;
}

export interface BuildActionsDeps {
  runner: WriteRunner;
  prompts: Prompts;
  writes(): CoprWrites;
  store: { build(id: number): Build | undefined; tasks(id: number): BuildTask[] | undefined };
  scheduler: WriteScheduler;
  getBuild(id: number): Promise<Build>;
  /** copr.notifications: a resubmit's success is announced here only when the build notifier would not. */
  notificationSetting(): 'failures' | 'all' | 'off';
  log: Logger;
}

/** Resubmits remembered for their notifications (a session makes few; the oldest are forgotten). */
const MAX_REMEMBERED_RESUBMITS = 200;

const t = (message: string, ...args: Array<string | number>) => vscode.l10n.t(message, ...args);

export class BuildActions implements IDisposable {
  /** New build id → the build it resubmits (for its notification). */
  readonly resubmits = new Map<number, number>();
  private readonly disposables: IDisposable[] = [];

  constructor(private readonly deps: BuildActionsDeps) {
    this.disposables.push(
      vscode.commands.registerCommand('copr.cancelBuild', (arg?: unknown) => this.cancel(arg)),
      vscode.commands.registerCommand('copr.resubmitBuild', (arg?: unknown) => this.resubmit(arg)),
      deps.scheduler.onBuildsFinished((finished) => this.announceResubmits(finished)),
    );
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private askBuild = (validate: (text: string) => string | undefined) =>
    this.deps.prompts.input({ title: t('Which build?'), prompt: t('A Copr build id or build URL'), validate });

  /** Resolves to true when Copr accepted the cancel. */
  async cancel(arg?: unknown): Promise<boolean> {
    if (!this.deps.runner.allowed()) return false;
    const id = await resolveBuildId(arg, { askBuild: this.askBuild, pickChroot: async () => undefined });
    if (id === undefined) return false;
    const build = this.deps.store.build(id) ?? (await this.deps.getBuild(id).catch(() => undefined));
    if (build && isFinalState(build.state)) {
      void this.deps.prompts.message('info', t('Build {0} has already ended ({1}): nothing to cancel.', id, t(STATE_TABLE[build.state].words)));
      return false;
    }
    const project = build ? `${build.owner}/${build.project}` : t('its project');
    const label = build ? buildLabel(build, t) : t('Build {0}', id);
    const ok = await this.deps.prompts.confirm(
      t('Cancel build {0} ({1})?', id, label),
      t('Copr stops its unfinished chroots in {0}. This cannot be undone; you can resubmit it later.', project),
      t('Cancel Build'),
    );
    if (!ok) return false;
    const done = await this.deps.runner.run({ may: t('cancel builds'), project }, async (c) => {
      await this.deps.writes().cancelBuild(id, c);
      return true;
    });
    // Whatever happened (done, refused, answer lost), the row shows what Copr says now: only this build is read.
    await this.deps.scheduler.refreshBuild(id).catch((e: unknown) => this.deps.log.warn(`Refresh ${id}: ${String(e)}`));
    return done === true;
  }

  /** Resolves to the new build's id, or undefined when nothing was submitted. */
  async resubmit(arg?: unknown): Promise<number | undefined> {
    if (!this.deps.runner.allowed()) return undefined;
    const given = refOfArgument(arg);
    const id = given?.buildId ?? (await resolveBuildId(arg, { askBuild: this.askBuild, pickChroot: async () => undefined }));
    if (id === undefined) return undefined;
    let source;
    try {
      source = await this.deps.writes().buildSource(id);
    } catch (e) {
      void this.deps.prompts.message('error', t('Could not read build {0}: {1}', id, e instanceof Error ? e.message : String(e)));
      return undefined;
    }
    if (!source.sourceUrl) {
      const open = t('Open Build in Copr');
      const choice = await this.deps.prompts.message('warning', t('Build {0} has no source package URL to rebuild from (its sources were never built or imported). Resubmit it from Copr\'s web page.', id), open);
      if (choice === open) await vscode.commands.executeCommand('copr.openBuildInCopr', { buildId: id });
      return undefined;
    }
    const tasks = this.deps.store.tasks(id) ?? (await this.deps.scheduler.ensureTasks(id).catch(() => []));
    const all = source.chroots.length ? source.chroots : tasks.map((x) => x.chroot_name);
    const failed = given?.chroot ? [given.chroot] : tasks.filter((x) => x.state === 'failed').map((x) => x.chroot_name);
    const chroots = await this.pickChroots(id, all, failed);
    if (!chroots?.length) return undefined;
    const project = `${source.owner}/${source.project}`;
    const newId = await this.deps.runner.run({ may: t('build'), project }, (c) =>
      this.deps.writes().buildFromUrl({ owner: source.owner, project: source.project, dirname: source.dirname, url: source.sourceUrl as string, chroots }, c),
    );
    if (newId === undefined) return undefined;
    this.resubmits.set(newId, id);
    if (this.resubmits.size > MAX_REMEMBERED_RESUBMITS) this.resubmits.delete(this.resubmits.keys().next().value as number);
    await this.deps.scheduler.watch(newId).catch((e: unknown) => this.deps.log.warn(`Watch ${newId}: ${String(e)}`));
    void this.deps.prompts.message('info', t('Resubmitted build #{0} as #{1} in {2} ({3}); watching it.', id, newId, source.dirname === source.project ? project : `${project} (${source.dirname})`, chroots.join(', ')));
    return newId;
  }

  /** "Resubmit failed chroots" is one pick; "Choose chroots…" opens a multi-pick with the failed ones selected. */
  private async pickChroots(id: number, all: string[], failed: string[]): Promise<string[] | undefined> {
    const choose = t('Choose chroots…');
    const items = [
      ...(failed.length ? [{ label: t('Resubmit failed chroots'), description: failed.join(', '), value: failed }] : []),
      { label: t('Resubmit all chroots'), description: all.join(', '), value: all },
      { label: choose, value: [] as string[] },
    ];
    const picked = (await this.deps.prompts.pick(t('Resubmit build #{0}', id), items))?.[0];
    if (!picked || picked.length) return picked;
    return this.deps.prompts.pick(t('Chroots to build'), all.map((c) => ({ label: c, picked: failed.includes(c), value: c })), true);
  }

  /** "Resubmit of #123" for the build notifier, which puts it before a resubmitted build's notification. */
  originOf(buildId: number): string | undefined {
    const old = this.resubmits.get(buildId);
    return old === undefined ? undefined : t('Resubmit of #{0}', old);
  }

  /**
   * The build notifier announces what copr.notifications asks for (by default only failures); a resubmit the person
   * is waiting for is announced here when it would not be: success with 'failures', anything with 'off'.
   */
  private announceResubmits(finished: FinishedBuild[]): void {
    const setting = this.deps.notificationSetting();
    for (const f of finished) {
      const old = this.resubmits.get(f.build.id);
      if (old === undefined) continue;
      const notifierSays = setting === 'all' || (setting === 'failures' && isFailure(f));
      if (notifierSays) continue;
      void this.deps.prompts.message(isFailure(f) ? 'warning' : 'info', t('Build #{0}, the resubmit of #{1}: {2}', f.build.id, old, outcomeWords(f, t)));
    }
  }
}

