// The web extension host has no file system of the user's home: there is no copr-cli config to import.

export async function readCoprCliConfigText(): Promise<{ path: string; text: string } | null> {
  return null;
}

export const platformName = 'web';
