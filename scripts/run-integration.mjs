// `npm run test:integration`: builds the extension and the tests, then runs out/test/integration inside a real
// VS Code (code-server, headless Chromium) on the fixture workspace. Results land in .test-results/integration.json.
//   --no-build   skip `npm run build` and `npm run compile-tests` (already done)
//   --verbose    show code-server's and the workbench's own output
//   --files=a,b  only test files whose names contain one of the parts (COPR_TEST_FILES); --grep=re filters titles
//   --suite=trusted|restricted   only the usual suite, or only the Restricted Mode one (test/integration-untrusted)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureHost } from '../test/host/install-host.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const resultsFile = join(root, '.test-results', 'integration.json');
const started = Date.now();

/** `--name=value` on the command line becomes { [envName]: value } for the extension host. */
function option(name, envName) {
  const value = process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  return value === undefined ? {} : { [envName]: value };
}

function step(command, args, env = process.env) {
  console.log(`> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`integration: "${command} ${args.join(' ')}" failed (${result.signal ?? `exit code ${result.status}`})`);
    process.exit(1);
  }
}

if (!process.argv.includes('--no-build')) {
  step('npm', ['run', '--silent', 'build']);
  step('npm', ['run', '--silent', 'compile-tests']);
}
const extensionTestsPath = join(root, 'out', 'test', 'integration', 'index.js');
if (!existsSync(extensionTestsPath)) {
  console.error(`integration: ${extensionTestsPath} is missing; did compile-tests run?`);
  process.exit(1);
}

try {
  await ensureHost();
} catch (error) {
  // No host, no suite: one failure in the totals, with the reason.
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify({ passed: 0, failed: 1, pending: 0, reason: `no VS Code host: ${error.message}` }, null, 2)}\n`);
  console.error(`integration: the VS Code host could not be installed: ${error.message}`);
  process.exit(1);
}
/**
 * One suite in its own code-server: `testsDir` under out/test, opened on `folder`; `untrusted` turns workspace trust on
 * (the folder opens in Restricted Mode). Returns true when it ran and passed; its counts go to `results`.
 */
function runSuite({ name, testsDir, folder, results, untrusted = false }) {
  const suiteStarted = Date.now();
  rmSync(results, { force: true });
  const runnerArgs = [
    join(root, 'test', 'host', 'run-vscode.mjs'),
    `--extensionDevelopmentPath=${root}`,
    `--extensionTestsPath=${join(root, 'out', 'test', testsDir, 'index.js')}`,
    `--folder=${folder}`,
    ...(untrusted ? ['--untrusted'] : []),
    ...(process.argv.includes('--verbose') ? ['--verbose'] : []),
  ];
  console.log(`> run-vscode: ${name} (code-server + headless Chromium)`);
  const run = spawnSync(process.execPath, runnerArgs, {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      COPR_TEST_RESULTS: results,
      ...option('files', 'COPR_TEST_FILES'),
      ...option('grep', 'COPR_TEST_GREP'),
    },
  });
  const seconds = ((Date.now() - suiteStarted) / 1000).toFixed(1);
  if (!existsSync(results)) {
    console.error(`${name}: no results file (${results}): the suite did not run to its end (${seconds} s)`);
    return false;
  }
  const counts = JSON.parse(readFileSync(results, 'utf8'));
  console.log(`${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.pending} pending in ${seconds} s`);
  if (counts.reason) console.error(`${name}: the suite did not run: ${counts.reason}`);
  return run.status === 0 && counts.failed === 0 && counts.passed > 0;
}

// --suite=trusted|restricted runs one of the two; --files/--grep narrow the trusted suite only.
const suite = process.argv.find((a) => a.startsWith('--suite='))?.slice('--suite='.length) ?? 'all';
const narrowed = option('files', 'x').x !== undefined || option('grep', 'x').x !== undefined;
const trustedOk =
  suite === 'restricted' ||
  runSuite({
    name: 'integration',
    testsDir: 'integration',
    folder: join(root, 'test', 'fixtures', 'workspace'),
    results: resultsFile,
  });
// Restricted Mode: a second host whose folder nobody trusted.
const untrustedOk =
  suite === 'trusted' ||
  (narrowed && suite !== 'restricted') ||
  runSuite({
    name: 'integration (Restricted Mode)',
    testsDir: 'integration-untrusted',
    folder: join(root, 'test', 'fixtures', 'untrusted-workspace'),
    results: join(root, '.test-results', 'integration-untrusted.json'),
    untrusted: true,
  });
console.log(`integration: ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
if (!trustedOk || !untrustedOk) process.exit(1);
