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

/**
 * js-yaml's load from dist/yaml.js, its own bundle next to this one (src/discovery/yaml.ts says why), or undefined
 * when it cannot be loaded. `require` is left to run time: esbuild.mjs marks './yaml.js' external.
 */
export function loadYaml(): ((text: string) => unknown) | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a run-time load of a file beside the bundle, on purpose
    return (require('./yaml.js') as { load(text: string): unknown }).load;
  } catch {
    return undefined;
  }
}

export const platformName = 'node';
