// Who is signed in to the configured Copr server. The API login and token live in VS Code's SecretStorage (the OS
// keychain on the desktop, the browser's storage on the web), keyed by the normalized Copr URL: never in settings,
// never in the log, never on the details page. One 401 message at a time offers Renew Token and Sign In…; a token
// whose expiration date is known (from ~/.config/copr) is announced 14 days before it expires.
import * as vscode from 'vscode';
import type { Credentials } from '../api/authorized';
import { normalizeBaseUrl } from '../api/urls';
import { Emitter, type Event } from '../common/event';
import { Disposable } from '../common/lifecycle';
import type { Logger } from '../common/log';
import { daysUntil, EXPIRY_WARNING_DAYS } from '../config/coprConfigFile';
import type { Prompts } from './prompts';

interface StoredSession extends Credentials {
  /** The Copr user name auth-check gave. */
  user: string;
  /** `YYYY-MM-DD` when known. */
  expires?: string;
}

export interface AuthSessionDeps {
  secrets: vscode.SecretStorage;
  /** The configured Copr URL (read when used). */
  baseUrl(): string;
  prompts: Prompts;
  log: Logger;
  /** Opens `<copr.url>/api/` (src/ui's ExternalOpener). */
  open(url: string): Promise<unknown>;
  now?: () => number;
}

const t = (message: string, ...args: Array<string | number>) => vscode.l10n.t(message, ...args);

export const RENEW_TOKEN = 'Renew Token';
export const SIGN_IN = 'Sign In…';

function keyFor(baseUrl: string): string {
  return `copr.session:${normalizeBaseUrl(baseUrl)}`;
}

function parseStored(text: string | undefined): StoredSession | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as Partial<StoredSession>;
    if (typeof v.login === 'string' && typeof v.token === 'string' && typeof v.user === 'string') {
      return { login: v.login, token: v.token, user: v.user, expires: typeof v.expires === 'string' ? v.expires : undefined };
    }
  } catch {
    // An unreadable entry is no session.
  }
  return undefined;
}

export class AuthSession extends Disposable {
  private readonly changed = this._register(new Emitter<void>());
  /** After sign-in, sign-out, a change of server, or a change made by another window. */
  readonly onDidChange: Event<void> = this.changed.event;
  private session: StoredSession | undefined;
  private loadedFor: string | undefined;
  /** The token Copr last refused and the person was told about (told once, until another token is stored). */
  private refusedToken: string | undefined;
  private warnedExpiry = new Set<string>();

  constructor(private readonly deps: AuthSessionDeps) {
    super();
    this._register(deps.secrets.onDidChange((e) => {
      if (this.loadedFor && e.key === keyFor(this.loadedFor)) void this.reload();
    }));
  }

  /** The signed-in Copr user for the configured server (after reload()). */
  get user(): string | undefined {
    return this.loadedFor === this.safeBase() ? this.session?.user : undefined;
  }

  /** Reads the stored session of the configured server (call after a change of copr.url). */
  async reload(): Promise<void> {
    const base = this.safeBase();
    if (base === undefined) {
      this.session = undefined;
      this.loadedFor = undefined;
    } else {
      this.session = parseStored(await this.deps.secrets.get(keyFor(base)));
      this.loadedFor = base;
    }
    this.changed.fire();
    this.warnIfExpiring();
  }

  /** The credentials for the configured server, or undefined when not signed in to it. */
  async credentials(): Promise<Credentials | undefined> {
    if (this.loadedFor !== this.safeBase()) await this.reload();
    const s = this.session;
    return s ? { login: s.login, token: s.token } : undefined;
  }

  /** Stores credentials that `whoAmI` accepted; resolves to the user name. */
  async store(credentials: Credentials, user: string, expires?: string): Promise<void> {
    const base = this.safeBase();
    if (base === undefined) throw new Error(t('The Copr URL setting is not a valid URL.'));
    const session: StoredSession = { login: credentials.login, token: credentials.token, user, expires };
    await this.deps.secrets.store(keyFor(base), JSON.stringify(session));
    this.session = session;
    this.loadedFor = base;
    this.refusedToken = undefined;
    this.deps.log.info(`Signed in to ${base} as ${user}${expires ? ` (token expires ${expires})` : ''}.`);
    this.changed.fire();
    this.warnIfExpiring();
  }

  async signOut(): Promise<boolean> {
    const base = this.safeBase();
    if (base === undefined || !(await this.credentials())) return false;
    await this.deps.secrets.delete(keyFor(base));
    this.session = undefined;
    this.deps.log.info(`Signed out of ${base}.`);
    this.changed.fire();
    return true;
  }

  /**
   * Copr answered 401: the token is wrong or expired. One message per refused token (several actions failing
   * together, or one after another, ask once); Renew Token opens the server's API page, Sign In… runs the command.
   */
  async unauthorized(serverText: string | undefined): Promise<void> {
    const token = this.session?.token ?? '';
    if (this.refusedToken === token) return;
    this.refusedToken = token;
    const text = t('Copr did not accept your API token: it is wrong or has expired. Copr says: {0}', serverText ?? '—');
    const choice = await this.deps.prompts.message('error', text, t(RENEW_TOKEN), t(SIGN_IN));
    if (choice === t(RENEW_TOKEN)) await this.deps.open(`${this.safeBase() ?? ''}/api/`);
    else if (choice === t(SIGN_IN)) await vscode.commands.executeCommand('copr.signIn');
  }

  private warnIfExpiring(): void {
    const s = this.session;
    const days = daysUntil(s?.expires, (this.deps.now ?? Date.now)());
    if (!s || days === undefined || days > EXPIRY_WARNING_DAYS) return;
    const key = `${this.loadedFor}|${s.expires}`;
    if (this.warnedExpiry.has(key)) return;
    this.warnedExpiry.add(key);
    const text = days < 0
      ? t('Your Copr API token expired on {0}. Renew it to keep acting on builds.', s.expires ?? '')
      : t('Your Copr API token expires on {0} (in {1} days). Renew it to keep acting on builds.', s.expires ?? '', days);
    void this.deps.prompts.message('warning', text, t(RENEW_TOKEN)).then((choice) => {
      if (choice === t(RENEW_TOKEN)) return this.deps.open(`${this.safeBase() ?? ''}/api/`);
    });
  }

  private safeBase(): string | undefined {
    try {
      return normalizeBaseUrl(this.deps.baseUrl());
    } catch {
      return undefined;
    }
  }
}
