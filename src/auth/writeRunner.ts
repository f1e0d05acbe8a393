// What every write action shares: Restricted Mode refuses it, a missing sign-in is offered, and each way Copr can
// say no becomes one message in the person's terms — 401 → AuthSession's Renew Token / Sign In…, 403 → "you may not
// … in <project>" with Copr's own words, API v2 → "needs Copr API v3", a lost answer → "may or may not have happened".
import * as vscode from 'vscode';
import type { Credentials } from '../api/authorized';
import { isCoprError } from '../api/errors';
import { CoprWriteError } from '../api/writes';
import type { Logger } from '../common/log';
import type { Prompts } from './prompts';
import type { AuthSession } from './session';
import { SIGN_IN } from './session';

export interface WriteRunnerDeps {
  session: AuthSession;
  prompts: Prompts;
  log: Logger;
  /** vscode.workspace.isTrusted, read when used (a seam for tests). */
  trusted(): boolean;
}

const t = (message: string, ...args: Array<string | number>) => vscode.l10n.t(message, ...args);

export interface WriteWhat {
  /** "cancel builds", "build" — after "you may not". */
  may: string;
  /** `owner/project`. */
  project: string;
}

export class WriteRunner {
  constructor(private readonly deps: WriteRunnerDeps) {}

  /** False (with a message) in Restricted Mode: a workspace the person has not trusted never triggers a write. */
  allowed(): boolean {
    if (this.deps.trusted()) return true;
    void this.deps.prompts.message('warning', t('Acting on Copr builds is disabled in Restricted Mode. Trust this workspace to cancel, resubmit or build.'));
    return false;
  }

  /** The credentials, offering Sign In… when there are none. */
  async credentials(): Promise<Credentials | undefined> {
    const now = await this.deps.session.credentials();
    if (now) return now;
    const choice = await this.deps.prompts.message('info', t('Sign in to Copr with your API token to act on builds.'), t(SIGN_IN));
    if (choice !== t(SIGN_IN)) return undefined;
    await vscode.commands.executeCommand('copr.signIn');
    return this.deps.session.credentials();
  }

  /** Runs a write; resolves to its result, or undefined after telling the person why it did not happen. */
  async run<T>(what: WriteWhat, write: (c: Credentials) => Promise<T>): Promise<T | undefined> {
    if (!this.allowed()) return undefined;
    const credentials = await this.credentials();
    if (!credentials) return undefined;
    try {
      return await write(credentials);
    } catch (e) {
      await this.explain(what, e);
      return undefined;
    }
  }

  private async explain(what: WriteWhat, e: unknown): Promise<void> {
    const message = e instanceof Error ? e.message : String(e);
    this.deps.log.warn(`Copr write (${what.may} in ${what.project}) failed: ${message}`);
    if (e instanceof CoprWriteError) {
      const copr = e.serverText ?? '—';
      switch (e.failure) {
        case 'unauthorized':
          return this.deps.session.unauthorized(e.serverText);
        case 'forbidden':
          void this.deps.prompts.message('error', t('You may not {0} in {1}. Copr says: {2}', what.may, what.project, copr));
          return;
        case 'needs-v3':
          void this.deps.prompts.message('error', t('This action needs Copr API v3; the configured server speaks only API v2.'));
          return;
        case 'conflict':
          void this.deps.prompts.message('info', t('Copr says: {0}', copr));
          return;
        case 'bad-request':
          void this.deps.prompts.message('error', t('Copr refused the request: {0}', copr));
          return;
      }
    }
    void this.deps.prompts.message('error', isCoprError(e) ? message : t('Unexpected error: {0}', message));
  }
}
