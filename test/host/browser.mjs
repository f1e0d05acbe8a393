// The one place that finds a headless Chromium for the integration tests, the UI test, the details render check
// and the demo's checks. By default it is the npm package @sparticuz/chromium (a headless Chromium with its own fonts,
// unpacked into the temp folder on first use, about 2 s): no system package, and screenshots look the same on every
// machine. CHROME_PATH overrides it (e.g. Debian's /usr/bin/chromium). Importing this module starts nothing.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Chromium flags that keep it quiet on a closed network (ours, not the package's Lambda flags, which switch off
 * web security and run everything in one process). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * { executablePath, env } for playwright-core's launch options. Throws one line that says what is missing.
 * The packaged Chromium's fonts come with it: FONTCONFIG_PATH points at them so no system font is needed.
 */
export async function chromiumExecutable() {
  const override = process.env.CHROME_PATH;
  if (override) {
    if (!existsSync(override)) throw new Error(`CHROME_PATH is set to ${override}, which does not exist`);
    return { executablePath: override, env: process.env, source: 'CHROME_PATH' };
  }
  let chromium;
  try {
    ({ default: chromium } = await import('@sparticuz/chromium'));
  } catch (error) {
    throw new Error(`no Chromium: the npm package @sparticuz/chromium is not installed (run npm install): ${error.message}`);
  }
  const executablePath = await chromium.executablePath();
  return {
    executablePath,
    env: { ...process.env, FONTCONFIG_PATH: process.env.FONTCONFIG_PATH ?? join(tmpdir(), 'fonts') },
    source: '@sparticuz/chromium',
  };
}

/** playwright-core's launch options for a headless Chromium; `extraArgs` after ours. */
export async function chromiumLaunchOptions(extraArgs = []) {
  const { executablePath, env } = await chromiumExecutable();
  return { executablePath, env, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] };
}
