// Copr: Sign In… and Copr: Sign Out. Sign In takes the API login and token from the person (the token in a password
// box) or from ~/.config/copr, checks them with GET /api_3/auth-check, and keeps them in SecretStorage (AuthSession).
// A config file's token is offered only when its copr_url is the configured server: a token is never sent to a
// server it was not issued by.
import * as vscode from 'vscode';
import type { Credentials } from '../api/authorized';
import { isCoprError } from '../api/errors';
import { normalizeBaseUrl } from '../api/urls';
import type { CoprWrites } from '../api/writes';
import { isWriteFailure } from '../api/writes';
import type { Logger } from '../common/log';
import { parseCoprConfig, type CoprCliConfig } from '../config/coprConfigFile';
import type { Prompts } from '../auth/prompts';
import type { AuthSession } from '../auth/session';
import { RENEW_TOKEN } from '../auth/session';

export interface AuthCommandDeps {
  session: AuthSession;
  prompts: Prompts;
  writes(): CoprWrites;
  baseUrl(): string;
  readConfigFile(): Promise<{ path: string; text: string } | null>;
  open(url: string): Promise<unknown>;
  log: Logger;
}

const t = (message: string, ...args: Array<string | number>) => vscode.l10n.t(message, ...args);
const FEDORA_COPR = 'https://copr.fedorainfracloud.org';

/** The config file's login and token when they were issued by the configured server. */
export function tokenFromConfig(config: CoprCliConfig, baseUrl: string): (Credentials & { expires?: string }) | undefined {
  if (!config.login || !config.token) return undefined;
  try {
    if (normalizeBaseUrl(config.url ?? FEDORA_COPR) !== normalizeBaseUrl(baseUrl)) return undefined;
  } catch {
    return undefined;
  }
  return { login: config.login, token: config.token, expires: config.expires };
}

export function registerAuthCommands(deps: AuthCommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('copr.signIn', (arg?: unknown) => signIn(deps, arg)),
    vscode.commands.registerCommand('copr.signOut', () => signOut(deps)),
  ];
}

/** Resolves to the signed-in user, or undefined when the person gave up or Copr refused. */
export async function signIn(deps: AuthCommandDeps, arg?: unknown): Promise<string | undefined> {
  const base = deps.baseUrl();
  const file = await deps.readConfigFile().catch(() => null);
  const fromFile = file ? tokenFromConfig(parseCoprConfig(file.text), base) : undefined;
  const wantsFile = typeof arg === 'object' && arg !== null && (arg as { useConfigFile?: unknown }).useConfigFile === true;
  let credentials: (Credentials & { expires?: string }) | undefined;
  if (fromFile && file) {
    const useFile = wantsFile || (await deps.prompts.pick(t('Sign In to Copr'), [
      { label: t('Use the token in {0}', file.path), description: fromFile.expires ? t('expires {0}', fromFile.expires) : undefined, value: true },
      { label: t('Enter an API login and token…'), value: false },
    ]))?.[0];
    if (useFile === undefined) return undefined;
    if (useFile) credentials = fromFile;
  }
  if (!credentials) {
    const apiPage = `${safe(base)}/api/`;
    const login = (await deps.prompts.input({
      title: t('Sign In to Copr (1/2)'),
      prompt: t('Your API login, from {0} (not your user name)', apiPage),
      validate: (v) => (/^\S{1,200}$/.test(v.trim()) ? undefined : t('The login from the API page: one word.')),
    }))?.trim();
    if (!login) return undefined;
    const token = (await deps.prompts.input({
      title: t('Sign In to Copr (2/2)'),
      prompt: t('Your API token, from {0}', apiPage),
      password: true,
      validate: (v) => (/^\S{1,500}$/.test(v.trim()) ? undefined : t('The token from the API page: one word.')),
    }))?.trim();
    if (!token) return undefined;
    credentials = { login, token };
  }
  try {
    const user = await deps.writes().whoAmI(credentials);
    await deps.session.store({ login: credentials.login, token: credentials.token }, user, credentials.expires);
    void deps.prompts.message('info', t('Signed in to {0} as {1}.', safe(base), user));
    return user;
  } catch (e) {
    if (isWriteFailure(e, 'unauthorized')) {
      const choice = await deps.prompts.message('error', t('Copr did not accept this login and token (wrong or expired). Copr says: {0}', e.serverText ?? '—'), t(RENEW_TOKEN));
      if (choice === t(RENEW_TOKEN)) await deps.open(`${safe(base)}/api/`);
      return undefined;
    }
    const message = isCoprError(e) ? e.message : String(e);
    deps.log.warn(`Sign in failed: ${message}`);
    void deps.prompts.message('error', t('Could not sign in: {0}', message));
    return undefined;
  }
}

async function signOut(deps: AuthCommandDeps): Promise<boolean> {
  const was = deps.session.user;
  const done = await deps.session.signOut();
  void deps.prompts.message('info', done ? t('Signed out of {0}{1}.', safe(deps.baseUrl()), was ? ` (${was})` : '') : t('You are not signed in to {0}.', safe(deps.baseUrl())));
  return done;
}

function safe(base: string): string {
  try {
    return normalizeBaseUrl(base);
  } catch {
    return base;
  }
}
