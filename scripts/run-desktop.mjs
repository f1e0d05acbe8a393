// `npm run test:desktop`: runs the integration suite through @vscode/test-electron's runTests.
//   (default)   downloads desktop VS Code (needs the internet; fails with a clear message offline)
//   --host      hands runTests the offline code-server runner (test/host/run-vscode.mjs) as the VS Code executable
//   --no-build  skip `npm run build` and `npm run compile-tests`
//   --version=X the desktop VS Code version to download (default: the lowest engines.vscode supports)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { downloadAndUnzipVSCode, runTests } = require('@vscode/test-electron');
const useHost = process.argv.includes('--host');
const resultsFile = join(root, '.test-results', 'desktop.json');

function step(command, args) {
  console.log(`> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`desktop: "${command} ${args.join(' ')}" failed`);
    process.exit(1);
  }
}

if (!process.argv.includes('--no-build')) {
  step('npm', ['run', '--silent', 'build']);
  step('npm', ['run', '--silent', 'compile-tests']);
}

function lowestSupportedVersion() {
  const engine = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines?.vscode ?? '';
  return /(\d+\.\d+\.\d+)/.exec(engine)?.[1] ?? 'stable';
}

let vscodeExecutablePath;
if (useHost) {
  const { ensureHost } = await import('../test/host/install-host.mjs');
  await ensureHost();
  vscodeExecutablePath = join(root, 'test', 'host', 'run-vscode.mjs');
} else {
  const version = process.argv.find((a) => a.startsWith('--version='))?.slice('--version='.length) ?? lowestSupportedVersion();
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version, timeout: 30_000 });
  } catch (error) {
    console.error(`desktop: could not download VS Code ${version} (${error.message ?? error}).`);
    console.error('desktop: this needs the internet. Offline, run `npm run test:desktop -- --host` (code-server) or `npm run test:integration`.');
    process.exit(1);
  }
}

rmSync(resultsFile, { force: true });
try {
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'integration', 'index.js'),
    launchArgs: [join(root, 'test', 'fixtures', 'workspace'), '--disable-extensions'],
    extensionTestsEnv: { COPR_TEST_RESULTS: resultsFile },
  });
} catch (error) {
  console.error(`desktop: the test run failed (${error.message ?? error})`);
  process.exit(1);
}
if (!existsSync(resultsFile)) {
  console.error(`desktop: no results file (${resultsFile})`);
  process.exit(1);
}
const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
console.log(`desktop: ${results.passed} passed, ${results.failed} failed, ${results.pending} pending`);
