#!/usr/bin/env node
// Runs an extension test suite inside a real VS Code (code-server) with a headless Chromium as the workbench.
// Works offline; see /work/shared/reference/vscode-host.md.
//
//   run-vscode.mjs --extensionDevelopmentPath=<dir> --extensionTestsPath=<index.js> [--folder=<dir>]
//                  [--env KEY=VALUE]... [--timeout=<seconds>] [--verbose] [--untrusted]
//
// --untrusted turns workspace trust on and never prompts: the folder opens in Restricted Mode.
//
// Also accepted as `vscodeExecutablePath` by @vscode/test-electron's runTests: its extra desktop flags are ignored and
// a bare path argument is taken as the folder. COPR_TEST_ENV (a JSON object) adds environment for the extension host;
// every COPR_* variable of this process is passed on too. Exits with the suite's exit code.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { QUIET_SETTINGS, createProfile, launchChromium, spawnCodeServer } from './codeServer.mjs';
import { ensureHost } from './install-host.mjs';

const DEFAULT_TIMEOUT_SECONDS = 600;

/** The fresh profile's settings: quiet, plus built-in extensions that would otherwise spawn git or wait for GitHub sign-in. */
const RUNNER_SETTINGS = {
  ...QUIET_SETTINGS,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'github.gitAuthentication': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.enableExperiments': false,
};

function usage(message) {
  console.error(`run-vscode: ${message}`);
  console.error('usage: run-vscode.mjs --extensionDevelopmentPath=<dir> --extensionTestsPath=<file> [--folder=<dir>] [--env KEY=VALUE]');
  process.exit(2);
}

function parseArgs(argv) {
  const options = { env: {}, folder: undefined, timeoutSeconds: DEFAULT_TIMEOUT_SECONDS, verbose: false, untrusted: false };
  const addEnv = (pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0) usage(`--env expects KEY=VALUE, got "${pair}"`);
    options.env[pair.slice(0, eq)] = pair.slice(eq + 1);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, ...rest] = arg.split('=');
    const value = rest.length > 0 ? rest.join('=') : undefined;
    switch (flag) {
      case '--extensionDevelopmentPath':
        options.extensionDevelopmentPath = resolve(value ?? argv[++i]);
        break;
      case '--extensionTestsPath':
        options.extensionTestsPath = resolve(value ?? argv[++i]);
        break;
      case '--folder':
      case '--folder-uri':
        options.folder = resolve(value ?? argv[++i]);
        break;
      case '--env':
        addEnv(value ?? argv[++i]);
        break;
      case '--timeout':
        options.timeoutSeconds = Number(value ?? argv[++i]);
        break;
      case '--verbose':
        options.verbose = true;
        break;
      case '--untrusted':
        options.untrusted = true;
        break;
      default:
        // Desktop flags from @vscode/test-electron (--no-sandbox, --disable-updates, --user-data-dir=..., ...) have no
        // meaning here; a bare argument is the folder to open, as for the `code` CLI.
        if (!arg.startsWith('-')) options.folder = resolve(arg);
    }
  }
  if (process.env.COPR_TEST_ENV) {
    let parsed;
    try {
      parsed = JSON.parse(process.env.COPR_TEST_ENV);
    } catch (error) {
      usage(`COPR_TEST_ENV is not JSON: ${error.message}`);
    }
    for (const [key, val] of Object.entries(parsed)) options.env[key] = String(val);
  }
  if (process.env.COPR_HOST_VERBOSE) options.verbose = true;
  if (!options.extensionDevelopmentPath) usage('--extensionDevelopmentPath is required');
  if (!options.extensionTestsPath) usage('--extensionTestsPath is required');
  if (!(options.timeoutSeconds > 0)) usage('--timeout must be a positive number of seconds');
  return options;
}

function formatLogArgs(args) {
  const list = Array.isArray(args) ? args : [args];
  return list.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
}

// The workbench's own log lines reach codeAutomationLog mixed with the extension host's console output; these say
// nothing about the suite (offline noise, connection chatter, chat/agent features). --verbose shows them all.
const NOISE = [
  /ENOTFOUND/,
  /open-vsx\.org/,
  /authentication provider/i,
  /vsda/,
  /telemetry/i,
  /Copilot/i,
  /^\[(ChatModelSelection|AgentHost[^\]]*|AccountPolicyGate|DefaultAccount|reconnection-grace-time|Service Worker)\]/,
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket/,
  /^Updating additional builtin extensions cache/,
  /^Creation of workbench contribution/,
  /Failed to load resource/,
  // Errors raised inside the workbench itself (their stacks point into its bundle), not in the extension host.
  /\/static\/out\/vs\/code\/browser\/workbench\/workbench\.js/,
];

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  // Installs the host if need be before anything is created that would have to be cleaned up.
  await ensureHost();
  const extensionEnv = { ...options.env };
  for (const [key, val] of Object.entries(process.env)) {
    if (key.startsWith('COPR_') && key !== 'COPR_TEST_ENV' && !(key in extensionEnv)) extensionEnv[key] = val;
  }
  const settings = options.untrusted
    ? { ...RUNNER_SETTINGS, 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' }
    : RUNNER_SETTINGS;
  const profile = createProfile({ settings, prefix: 'copr-vscode-', env: extensionEnv });
  const work = profile.work;
  const folder = options.folder ?? profile.dir('empty-workspace');
  const server = await spawnCodeServer(profile, {
    folder,
    verbose: options.verbose,
    extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
    workspaceTrust: options.untrusted,
  });

  let browserContext;
  let workbenchLogs = [];
  let finished = false;
  const finish = async (code, reason) => {
    if (finished) return;
    finished = true;
    clearTimeout(globalTimer);
    if (reason) console.error(`run-vscode: ${reason}`);
    // A run that ended before the suite reported counts as one failure, with its reason, in the totals.
    const resultsFile = process.env.COPR_TEST_RESULTS;
    if (reason && code !== 0 && resultsFile && !existsSync(resultsFile)) {
      mkdirSync(dirname(resultsFile), { recursive: true });
      writeFileSync(resultsFile, `${JSON.stringify({ passed: 0, failed: 1, pending: 0, reason }, null, 2)}\n`);
    }
    const ended = Date.now();
    try {
      await Promise.race([browserContext?.close(), new Promise((r) => setTimeout(r, 5000))]);
    } catch {
      // the browser may already be gone
    }
    await server.stop();
    if (reason) {
      // Something other than a test failed (start-up, crash, timeout): code-server's own output says why.
      const tail = readFileSync(profile.logFile, 'utf8').split('\n').slice(-40).join('\n');
      console.error(`run-vscode: last lines of code-server's output (${profile.logFile}):\n${tail}`);
    }
    if (code !== 0) {
      // The extension's output channels are under user-data/logs; the workbench's own logs under workbench-logs.
      for (const log of workbenchLogs) {
        const target = join(work, 'workbench-logs', log.relativePath);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, log.contents);
      }
      console.error(`run-vscode: profile and logs kept in ${work}`);
    } else {
      rmSync(work, { recursive: true, force: true });
    }
    const secs = (from, to = Date.now()) => ((to - from) / 1000).toFixed(1);
    console.log(`run-vscode: exit code ${code} after ${secs(started)} s (suite ended at ${secs(started, ended)} s, shutdown ${secs(ended)} s)`);
    process.exit(code);
  };

  const globalTimer = setTimeout(
    () => void finish(1, `timed out after ${options.timeoutSeconds} s: the test run never reported its end`),
    options.timeoutSeconds * 1000,
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void finish(130, `interrupted by ${signal}`));

  try {
    await server.ready(60_000);
    if (options.verbose) console.log(`run-vscode: code-server is up on ${server.base}`);

    browserContext = await launchChromium(profile.dir('chromium'));
    const page = browserContext.pages()[0] ?? (await browserContext.newPage());
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = formatLogArgs(args);
      if (!options.verbose && NOISE.some((re) => re.test(line))) return;
      (type === 'error' || type === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      if (Array.isArray(logs)) workbenchLogs = logs.filter((l) => typeof l?.relativePath === 'string' && !l.relativePath.includes('..'));
      void finish(typeof code === 'number' ? code : 1);
    });
    page.on('crash', () => void finish(1, 'the workbench page crashed'));
    if (options.verbose) page.on('console', (m) => process.stderr.write(`[workbench] ${m.text()}\n`));

    const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)],
      ['extensionTestsPath', remote(options.extensionTestsPath)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    if (Object.keys(extensionEnv).length > 0) payload.push(['extensionEnvironment', JSON.stringify(extensionEnv)]);
    const url = `${server.base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    // Only the navigation matters; the suite's end arrives through codeAutomationExit (or the global timeout).
    await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  } catch (error) {
    await finish(1, `could not start the test run: ${error.message}`);
  }
}

main().catch((error) => {
  console.error(`run-vscode: ${error.stack ?? error}`);
  process.exit(1);
});
