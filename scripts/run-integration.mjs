// `npm run test:integration`: builds the extension and the tests, then runs out/test/integration inside a real
// VS Code (code-server, headless Chromium) on the fixture workspace. Results land in .test-results/integration.json.
//   --no-build   skip `npm run build` and `npm run compile-tests` (already done)
//   --verbose    show code-server's and the workbench's own output
//   --files=a,b  only test files whose names contain one of the parts (COPR_TEST_FILES); --grep=re filters titles
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
rmSync(resultsFile, { force: true });
const runnerArgs = [
  join(root, 'test', 'host', 'run-vscode.mjs'),
  `--extensionDevelopmentPath=${root}`,
  `--extensionTestsPath=${extensionTestsPath}`,
  `--folder=${join(root, 'test', 'fixtures', 'workspace')}`,
  ...(process.argv.includes('--verbose') ? ['--verbose'] : []),
];
console.log('> run-vscode (code-server + headless Chromium)');
const run = spawnSync(process.execPath, runnerArgs, {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    COPR_TEST_RESULTS: resultsFile,
    ...option('files', 'COPR_TEST_FILES'),
    ...option('grep', 'COPR_TEST_GREP'),
  },
});

const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (!existsSync(resultsFile)) {
  console.error(`integration: no results file (${resultsFile}): the suite did not run to its end (${seconds} s)`);
  process.exit(1);
}
const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
console.log(`integration: ${results.passed} passed, ${results.failed} failed, ${results.pending} pending in ${seconds} s`);
if (results.reason) console.error(`integration: the suite did not run: ${results.reason}`);
if (run.status !== 0 || results.failed > 0 || results.passed === 0) process.exit(1);
