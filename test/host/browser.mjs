// The one place that finds a headless Chromium for the integration tests, the UI test, the details render check
// and the demo's checks. By default it is the npm package @sparticuz/chromium (a headless Chromium with its own fonts,
// unpacked into the temp folder on first use, about 2 s): no system package, and screenshots look the same on every
// machine. CHROME_PATH overrides it (e.g. Debian's /usr/bin/chromium). Importing this module starts nothing.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

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
  // The package unpacks into os.tmpdir() and reuses any `chromium` already there — another user's (unreadable) or
  // another version's. A folder of this checkout's own, keyed by the package version, avoids both.
  const { version } = packageJsonOf('@sparticuz/chromium');
  const unpackDir = join(repoRoot, '.cache', `chromium-${version}`);
  mkdirSync(unpackDir, { recursive: true });
  const savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = unpackDir;
  let executablePath;
  try {
    executablePath = await chromium.executablePath();
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
  }
  return {
    executablePath,
    env: { ...process.env, FONTCONFIG_PATH: join(unpackDir, 'fonts') },
    source: '@sparticuz/chromium',
  };
}

/** The package.json of an installed package whose `exports` do not list it: walk up from its entry point. */
function packageJsonOf(name) {
  for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      if (pkg.name === name) return pkg;
    }
  }
  throw new Error(`no package.json for ${name}`);
}

/** playwright-core's launch options for a headless Chromium; `extraArgs` after ours. */
export async function chromiumLaunchOptions(extraArgs = []) {
  const { executablePath, env } = await chromiumExecutable();
  return { executablePath, env, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] };
}
