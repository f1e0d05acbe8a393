// The pieces shared by `npm run demo` and the UI test: package the extension, load the Copr simulator, install the
// .vsix into a fresh code-server profile, start code-server (no smoke-test driver: the workbench behaves as for a
// person) and a headless Chromium, and stop what was started by PID. See /work/shared/reference/vscode-host.md.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureHost } from '../host/install-host.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const vsixPath = join(root, 'copr-builds.vsix');
const require = createRequire(import.meta.url);

/** Chromium flags that keep it quiet on a closed network. */
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

/** A fresh profile: no welcome page, release notes, recommendations or telemetry. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'update.showReleaseNotes': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
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

export function freePort(host = '127.0.0.1') {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** A throw-away folder with the code-server profile: user data (with settings.json), extensions, config, XDG dirs. */
export function createProfile(userSettings, prefix = 'copr-ui-') {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const dir = (name) => {
    const p = join(work, name);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const profile = {
    work,
    dir,
    userDataDir: dir('user-data'),
    extensionsDir: dir('extensions'),
    configFile: join(dir('config'), 'config.yaml'),
    logFile: join(work, 'code-server.log'),
  };
  writeFileSync(profile.configFile, 'auth: none\ncert: false\n');
  writeFileSync(join(dir('user-data/User'), 'settings.json'), `${JSON.stringify({ ...QUIET_SETTINGS, ...userSettings }, null, 2)}\n`);
  // code-server otherwise writes ~/.config/code-server and drops its sockets in /tmp.
  profile.env = {
    ...process.env,
    TMPDIR: dir('tmp'),
    XDG_CONFIG_HOME: dir('xdg-config'),
    XDG_DATA_HOME: dir('xdg-data'),
    XDG_CACHE_HOME: dir('xdg-cache'),
    XDG_RUNTIME_DIR: dir('xdg-runtime'),
  };
  delete profile.env.VSCODE_IPC_HOOK_CLI;
  delete profile.env.ELECTRON_RUN_AS_NODE;
  return profile;
}

function codeServerArgs(profile) {
  return [
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
    '--config', profile.configFile,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ];
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

async function waitForHealthz(base, exited, deadlineMs) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (exited()) throw new Error('code-server exited before it answered /healthz');
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${base}/healthz within ${deadlineMs / 1000} s`);
}

/**
 * Starts code-server in a process group of its own and waits until it answers. Returns { process, base, stop() }.
 * `verbose` mirrors its output; it always goes to the profile's code-server.log.
 */
export async function startCodeServer(profile, { host = '127.0.0.1', port, folder, verbose = false }) {
  const bin = await ensureHost();
  const listenPort = port || (await freePort(host));
  const logStream = createWriteStream(profile.logFile);
  const child = spawn(bin.nodeBin, [bin.codeServerBin, '--bind-addr', `${host}:${listenPort}`, '--auth', 'none', ...codeServerArgs(profile)], {
    env: profile.env,
    cwd: folder,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let exitedWith;
  child.on('exit', (code, signal) => (exitedWith = signal ?? code));
  for (const stream of [child.stdout, child.stderr]) {
    stream.pipe(logStream, { end: false });
    if (verbose) stream.on('data', (d) => process.stderr.write(`[code-server] ${d}`));
  }
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${listenPort}`;
  const stop = async () => {
    await stopProcessGroup(child);
    logStream.end();
  };
  try {
    await waitForHealthz(base, () => exitedWith !== undefined, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { process: child, base, port: listenPort, stop, exited: () => exitedWith !== undefined };
}

/** The workbench URL that opens `folder`. */
export function workbenchUrl(base, folder) {
  return `${base}/?folder=${encodeURIComponent(folder)}`;
}

/** SIGTERM to the child's process group, SIGKILL to whatever is left after `graceMs`. Never by name. */
export async function stopProcessGroup(child, graceMs = 10_000) {
  if (child.pid === undefined) return;
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
      return true;
    } catch {
      return false; // the group is gone
    }
  };
  if (!signalGroup('SIGTERM')) return;
  for (let waited = 0; waited < graceMs; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
    if (!signalGroup(0)) return;
  }
  signalGroup('SIGKILL');
}

/** Headless Chromium (CHROME_PATH or /usr/bin/chromium) with a fresh profile in `userDataDir`. */
export async function launchChromium(userDataDir, { width = 1400, height = 850 } = {}) {
  const { chromium } = await import('playwright-core');
  const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: install Debian's chromium (apt-get install chromium) or set CHROME_PATH`);
  }
  return chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width, height },
  });
}
