// `npm run demo`: the extension working against the Copr simulator, with nothing but this checkout.
// Packages the extension, starts the simulator (real-time clock starting now: builds progress, some chroots fail),
// starts VS Code in the browser (code-server) with the .vsix installed and settings pointing at the simulator, and
// prints the URL to open. Ctrl-C stops everything it started.
//
//   npm run demo [-- --host 127.0.0.1] [--port 8080] [--speed 1] [--no-build] [--verbose] [--desktop]
//
// --desktop uses VS Code's `code` command from PATH instead of code-server.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import {
  createProfile,
  installVsix,
  loadSimulator,
  log,
  packageExtension,
  root,
  startCodeServer,
  stopProcessGroup,
  vsixPath,
  workbenchUrl,
} from '../test/ui/workbench.mjs';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function usage(message) {
  if (message) console.error(`demo: ${message}`);
  console.error('usage: npm run demo [-- --host <addr>] [--port <n>] [--speed <x>] [--no-build] [--verbose] [--desktop]');
  process.exit(2);
}

function parseArgs(argv) {
  const options = { host: '127.0.0.1', port: 0, speed: 1, build: true, verbose: false, desktop: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i] ?? usage(`${flag} needs a value`);
    switch (flag) {
      case '--host':
        options.host = value();
        break;
      case '--port':
        options.port = Number(value());
        if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) usage('--port must be 0-65535');
        break;
      case '--speed':
        options.speed = Number(value());
        if (!(options.speed > 0)) usage('--speed must be a positive number');
        break;
      case '--no-build':
        options.build = false;
        break;
      case '--verbose':
        options.verbose = true;
        break;
      case '--desktop':
        options.desktop = true;
        break;
      case '--help':
      case '-h':
        usage();
        break;
      default:
        usage(`unknown option ${argv[i]}`);
    }
  }
  return options;
}

/** The `code` command on PATH, or undefined. */
function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The simulator's fixed world with its clock starting now, so "running for 3 min" reads true, plus a build submitted
 * at start whose aarch64 chroot fails after about three minutes, and a new build every few minutes after that.
 */
function startWorld(sim, speed) {
  const { fixtures } = sim;
  const handle = sim.startSimulator({ clock: 'realtime', speed, startTime: Math.floor(Date.now() / 1000) });
  return handle.then((h) => {
    let version = 0;
    const submit = (failing) => {
      version += 1;
      return h.world.addBuild({
        owner: fixtures.PROJECTS.tools.owner,
        project: fixtures.PROJECTS.tools.name,
        package: 'python-tools',
        version: `1.5.${version}-1`,
        outcome: failing ? { 'fedora-rawhide-aarch64': 'failed' } : {},
        failureKind: 'check-failure',
        durationSeconds: 90,
      });
    };
    submit(true);
    let count = 0;
    // The simulator's own clock runs `speed` times faster; new builds keep pace with it.
    const timer = setInterval(() => submit(++count % 2 === 0), (240 * 1000) / speed);
    timer.unref();
    return { handle: h, stopArrivals: () => clearInterval(timer) };
  });
}

/**
 * Three projects of the fixtures with something going on: builds running, queued, failing, succeeded. The fourth,
 * bob/packit-demo, is not configured: the demo workspace's .packit.yaml makes it appear under "This workspace".
 */
function demoSettings(simUrl, fixtures) {
  const { tools, hello, python } = fixtures.PROJECTS;
  return {
    'copr.url': simUrl,
    'copr.projects': [tools, hello, python].map((p) => `${p.owner}/${p.name}`),
    'copr.pollInterval': 10,
    'copr.notifications': 'all',
  };
}

/**
 * The demo user's API token, where copr-cli keeps it (the profile's own XDG_CONFIG_HOME, never the real one): alice
 * of the simulator, who may cancel and resubmit in alice/* and @rpm-team/*. Copr: Sign In… offers it in one pick.
 */
function writeDemoToken(profile, simUrl) {
  const expires = new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10);
  const text = `[copr-cli]\nlogin = alicelogin\nusername = alice\ntoken = alicetoken\ncopr_url = ${simUrl}\n# expiration date: ${expires}\n`;
  writeFileSync(join(profile.env.XDG_CONFIG_HOME, 'copr'), text, { mode: 0o600 });
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const codeCommand = options.desktop ? findOnPath('code') : undefined;
  if (options.desktop && !codeCommand) {
    console.error(
      'demo: --desktop needs VS Code\'s `code` command on PATH, and there is none.\n' +
        '      Install VS Code (https://code.visualstudio.com) and its `code` shell command, or run `npm run demo`\n' +
        '      without --desktop to use VS Code in the browser.',
    );
    process.exit(1);
  }

  if (options.build || !existsSync(vsixPath)) {
    log('demo', 'packaging the extension (npm run package)');
    packageExtension();
  }
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const sim = loadSimulator();
  const { handle: simulator, stopArrivals } = await startWorld(sim, options.speed);
  log('demo', `Copr simulator on ${simulator.url} (clock ×${options.speed}, starting now)`);

  // A workspace with a .packit.yaml, so the tree opens with its "This workspace" root (src/discovery).
  const folder = join(root, 'test', 'fixtures', 'discovery', 'demo');
  const profile = createProfile(demoSettings(simulator.url, sim.fixtures), 'copr-demo-');
  writeDemoToken(profile, simulator.url);
  const cleanups = [];
  let stopping = false;
  const stopAll = async (code) => {
    if (stopping) return;
    stopping = true;
    log('demo', 'stopping');
    stopArrivals();
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error(`demo: ${error.message}`);
      }
    }
    await simulator.close();
    rmSync(profile.work, { recursive: true, force: true });
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stopAll(0));

  try {
    if (options.desktop) {
      await runDesktop(codeCommand, profile, folder, cleanups, stopAll);
    } else {
      log('demo', `installing copr-builds ${version} into a fresh code-server profile (${profile.work})`);
      await installVsix(profile, vsixPath);
      const server = await startCodeServer(profile, { host: options.host, port: options.port, folder, verbose: options.verbose });
      cleanups.push(server.stop);
      server.process.on('exit', () => {
        if (!stopping) {
          console.error(`demo: code-server exited; its log: ${profile.logFile}`);
          void stopAll(1);
        }
      });
      console.log('');
      console.log(`  Copr Builds demo is running (ready in ${elapsed()}). Open this in a browser:`);
      console.log('');
      console.log(`    ${workbenchUrl(server.base, folder)}`);
      console.log('');
      console.log('  Click the Copr icon in the activity bar. Builds progress in real time; a python-tools chroot fails');
      console.log('  after about three minutes (red status bar, notification).');
      console.log('  To act on builds, run "Copr: Sign In…" and pick the token in ~/.config/copr (the demo user, alice):');
      console.log('  then right-click a build to cancel it, or a failed chroot to resubmit it. Press Ctrl-C to stop.');
      console.log('');
    }
  } catch (error) {
    console.error(`demo: ${error.message}`);
    await stopAll(1);
  }
}

/** Desktop VS Code from PATH, with the same fresh profile and settings; stays until its window closes or Ctrl-C. */
async function runDesktop(code, profile, folder, cleanups, stopAll) {
  const profileArgs = ['--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
  log('demo', `installing the extension into ${code}'s fresh profile`);
  const install = spawnSync(code, [...profileArgs, '--install-extension', vsixPath], { encoding: 'utf8', env: profile.env });
  if (install.status !== 0) throw new Error(`${code} --install-extension failed:\n${install.stdout}${install.stderr}`);
  const child = spawn(code, [...profileArgs, '--new-window', '--wait', '--disable-workspace-trust', folder], {
    env: profile.env,
    stdio: 'inherit',
    detached: true,
  });
  cleanups.push(() => stopProcessGroup(child));
  child.on('exit', () => void stopAll(0));
  console.log(`\n  VS Code is starting with the Copr Builds demo (${elapsed()}). Close its window or press Ctrl-C to stop.\n`);
}

main().catch((error) => {
  console.error(`demo: ${error.stack ?? error}`);
  process.exit(1);
});
