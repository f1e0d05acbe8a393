// Parses copr-cli's ~/.config/copr (an INI file): copr_url and username go into settings; login and token are
// offered to Sign In (they go to SecretStorage, never into settings); the `# expiration date: YYYY-MM-DD` comment
// that Copr's /api page writes above the token is kept so the extension can warn before the token expires.

export interface CoprCliConfig {
  url?: string;
  username?: string;
  login?: string;
  token?: string;
  /** `YYYY-MM-DD`, from the comment Copr writes into the file. */
  expires?: string;
}

export function parseCoprConfig(text: string): CoprCliConfig {
  const out: CoprCliConfig = {};
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const expiry = /^[#;]\s*expiration date:\s*(\d{4}-\d{2}-\d{2})\s*$/i.exec(line);
    if (expiry && section === 'copr-cli') out.expires = expiry[1];
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1].trim();
      continue;
    }
    if (section !== 'copr-cli') continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (!value) continue;
    if (key === 'copr_url') out.url = value;
    if (key === 'username') out.username = value;
    if (key === 'login') out.login = value;
    if (key === 'token') out.token = value;
  }
  return out;
}

/** Whole days from `today` (UTC) until the `YYYY-MM-DD` expiry; negative once expired; undefined when unreadable. */
export function daysUntil(expires: string | undefined, todayMs: number): number | undefined {
  if (!expires || !/^\d{4}-\d{2}-\d{2}$/.test(expires)) return undefined;
  const end = Date.parse(`${expires}T00:00:00Z`);
  if (Number.isNaN(end)) return undefined;
  const today = Date.UTC(new Date(todayMs).getUTCFullYear(), new Date(todayMs).getUTCMonth(), new Date(todayMs).getUTCDate());
  return Math.round((end - today) / 86_400_000);
}

/** Copr tokens are announced this many days before they expire. */
export const EXPIRY_WARNING_DAYS = 14;
