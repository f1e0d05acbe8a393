// The only place with Node built-ins. The web bundle swaps this file for ./web.ts (see esbuild.mjs).
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** copr-cli's config file, or null when there is none. */
export async function readCoprCliConfigText(): Promise<{ path: string; text: string } | null> {
  const path = join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'copr');
  try {
    return { path, text: await readFile(path, 'utf8') };
  } catch {
    return null;
  }
}

export const platformName = 'node';
