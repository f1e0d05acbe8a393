// Parses copr-cli's ~/.config/copr (an INI file). Only copr_url and username are taken: the token stays where it is.

export interface CoprCliConfig {
  url?: string;
  username?: string;
}

export function parseCoprConfig(text: string): CoprCliConfig {
  const out: CoprCliConfig = {};
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
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
    if (key === 'copr_url' && value) out.url = value;
    if (key === 'username' && value) out.username = value;
  }
  return out;
}
