// The web extension host has no file system of the user's home: there is no copr-cli config to import.

export async function readCoprCliConfigText(): Promise<{ path: string; text: string } | null> {
  return null;
}

/** The web host loads one file per extension: no YAML reader, so Packit configs are not read there (a row says so). */
export function loadYaml(): ((text: string) => unknown) | undefined {
  return undefined;
}

export const platformName = 'web';
