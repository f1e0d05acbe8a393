// What the integration-test runner (run-vscode.mjs), the UI test and the demo share about running VS Code in the
// browser offline: a fresh code-server profile, code-server in a process group of its own, its /healthz, headless
// Chromium through playwright-core, and stopping what was started by PID. See /work/shared/reference/vscode-host.md.
// Importing this module starts nothing.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptions } from './browser.mjs';
import { ensureHost } from './install-host.mjs';

export { CHROMIUM_ARGS } from './browser.mjs';

/** Settings every fresh profile gets: no welcome page, release notes, recommendations, telemetry, trust prompt or chat. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'update.showReleaseNotes': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
};

/** A port on `host` that was free a moment ago. */
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

/** Polls `${base}/healthz` every 200 ms until it answers 200; fails early once `exited()` says code-server is gone. */
export async function waitForHealthz(base, exited, deadlineMs) {
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

/**
 * A throw-away folder (under the system temp dir, named `prefix…`) with a code-server profile: user data with
 * `settings` as its settings.json, extensions, config, and the environment to run code-server in — this process's
 * plus `env`, with TMPDIR and the XDG folders inside the profile. `dir(name)` makes (and returns) a folder in it.
 */
export function createProfile({ settings, prefix, env = {} }) {
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
  writeFileSync(join(dir('user-data/User'), 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  // code-server otherwise writes ~/.config/code-server and drops its sockets in /tmp.
  profile.env = {
    ...process.env,
    ...env,
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

/** The code-server arguments that point it at the profile and switch off what would go online. */
export function codeServerArgs(profile, { workspaceTrust = false } = {}) {
  return [
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
    '--config', profile.configFile,
    '--disable-telemetry',
    '--disable-update-check',
    // With workspace trust on, a folder opens in Restricted Mode until someone trusts it (nobody does in a test).
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
  ];
}

/**
 * Spawns code-server in a process group of its own (so the server and the extension host it forks go away together)
 * without waiting for it. Its output always goes to the profile's code-server.log; `verbose` mirrors it on stderr.
 * `extraArgs` come after the usual ones. Returns
 * { process, base, port, exited(), ready(deadlineMs = 60 s), stop() }; stop() also flushes the log.
 */
export async function spawnCodeServer(profile, { host = '127.0.0.1', port, folder, verbose = false, extraArgs = [], workspaceTrust = false }) {
  const bin = await ensureHost();
  const listenPort = port || (await freePort(host));
  const logStream = createWriteStream(profile.logFile);
  const child = spawn(
    bin.nodeBin,
    [bin.codeServerBin, '--bind-addr', `${host}:${listenPort}`, '--auth', 'none', ...codeServerArgs(profile, { workspaceTrust }), ...extraArgs],
    { env: profile.env, cwd: folder, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let exitedWith;
  child.on('exit', (code, signal) => (exitedWith = signal ?? code));
  for (const stream of [child.stdout, child.stderr]) {
    stream.pipe(logStream, { end: false });
    if (verbose) stream.on('data', (d) => process.stderr.write(`[code-server] ${d}`));
  }
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${listenPort}`;
  const exited = () => exitedWith !== undefined;
  return {
    process: child,
    base,
    port: listenPort,
    exited,
    ready: (deadlineMs = 60_000) => waitForHealthz(base, exited, deadlineMs),
    stop: async () => {
      await stopProcessGroup(child);
      await new Promise((r) => logStream.end(r));
    },
  };
}

/** spawnCodeServer, then waits until it answers /healthz (and stops it if it never does). */
export async function startCodeServer(profile, options) {
  const server = await spawnCodeServer(profile, options);
  try {
    await server.ready();
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/**
 * Headless Chromium (the npm package's, or CHROME_PATH; see browser.mjs) through playwright-core, with a fresh profile
 * in `userDataDir`. `viewport` unset keeps Playwright's default.
 */
export async function launchChromium(userDataDir, { viewport } = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(userDataDir, {
    ...(await chromiumLaunchOptions()),
    ...(viewport ? { viewport } : {}),
  });
}
