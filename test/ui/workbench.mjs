// The pieces shared by `npm run demo` and the UI test: package the extension, load the Copr simulator, install the
// .vsix into a fresh code-server profile, start code-server (no smoke-test driver: the workbench behaves as for a
// person) and a headless Chromium, and stop what was started by PID. Running code-server and Chromium is
// test/host/codeServer.mjs, shared with the integration-test runner; see /work/shared/reference/vscode-host.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  QUIET_SETTINGS as HOST_QUIET_SETTINGS,
  codeServerArgs,
  createProfile as createHostProfile,
  launchChromium as launchHostChromium,
} from '../host/codeServer.mjs';
import { ensureHost } from '../host/install-host.mjs';

// code-server without the smoke-test driver (no extraArgs): the workbench behaves as for a person.
export { startCodeServer, stopProcessGroup } from '../host/codeServer.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const vsixPath = join(root, 'copr-builds.vsix');
const require = createRequire(import.meta.url);

/** A fresh profile: no welcome page, release notes, recommendations, telemetry or tips; nothing the screenshots show by chance. */
export const QUIET_SETTINGS = {
  ...HOST_QUIET_SETTINGS,
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // The demo workspace lives inside this repository: no "open the parent repository?" prompt.
  'git.openRepositoryInParentFolders': 'never',
  'remote.autoForwardPorts': false,
};

export function log(prefix, message) {
  console.log(`[${prefix}] ${message}`);
}

function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${what} failed (${result.signal ?? `exit code ${result.status}`})`);
}

/** `npm run package`: production bundles and copr-builds.vsix. */
export function packageExtension() {
  run('npm', ['run', '--silent', 'package'], 'npm run package');
  if (!existsSync(vsixPath)) throw new Error(`npm run package did not write ${vsixPath}`);
  return vsixPath;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The compiled Copr simulator (out/test/copr-sim). Compiles the tests first unless out/ is newer than every source
 * the simulator is made of (npm test has usually just compiled them).
 */
export function loadSimulator({ forceCompile = false } = {}) {
  const entry = join(root, 'out', 'test', 'copr-sim', 'index.js');
  const sources = Math.max(newestMtime(join(root, 'test', 'copr-sim')), newestMtime(join(root, 'src')));
  if (forceCompile || !existsSync(entry) || statSync(entry).mtimeMs < sources) {
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.test.json'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (!existsSync(entry)) throw new Error('compiling the tests did not produce out/test/copr-sim/index.js');
    if (tsc.status !== 0) log('build', 'tsc reported errors (see above); using what it emitted');
  }
  return require(entry);
}

/** A throw-away folder with the code-server profile: user data (with settings.json), extensions, config, XDG dirs. */
export function createProfile(userSettings, prefix = 'copr-ui-') {
  return createHostProfile({ settings: { ...QUIET_SETTINGS, ...userSettings }, prefix });
}

/** `code-server --install-extension <vsix>` into the profile's extensions folder. */
export async function installVsix(profile, vsix) {
  const host = await ensureHost();
  const result = spawnSync(host.nodeBin, [host.codeServerBin, ...codeServerArgs(profile), '--install-extension', vsix], {
    env: profile.env,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`code-server --install-extension failed (exit code ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  const installed = readdirSync(profile.extensionsDir).filter((n) => n.startsWith('copr-builds.'));
  if (installed.length === 0) throw new Error(`the extension is not in ${profile.extensionsDir} after --install-extension`);
  return installed[0];
}

/** The workbench URL that opens `folder`. */
export function workbenchUrl(base, folder) {
  return `${base}/?folder=${encodeURIComponent(folder)}`;
}

/** Headless Chromium (see test/host/browser.mjs) with a fresh profile in `userDataDir`. */
export function launchChromium(userDataDir, { width = 1400, height = 850 } = {}) {
  return launchHostChromium(userDataDir, { viewport: { width, height } });
}
