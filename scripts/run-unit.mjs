// `npm run test:unit`: compiles the tests and runs every out/test/unit/**/*.test.js with mocha (BDD, spec reporter).
// Writes .test-results/unit.json ({ passed, failed, pending }); exits non-zero when a test failed or none ran.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const Mocha = require('mocha');
const resultsFile = join(root, '.test-results', 'unit.json');

function findTestFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? findTestFiles(join(dir, e.name)) : e.name.endsWith('.test.js') ? [join(dir, e.name)] : []))
    .sort();
}

function writeResults(results) {
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
}

const skipCompile = process.argv.includes('--no-compile');
if (!skipCompile) {
  // A fresh out/: a test file deleted from test/ must not keep running from a stale compiled copy.
  rmSync(join(root, 'out'), { recursive: true, force: true });
  console.log('> tsc -p tsconfig.test.json');
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.test.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (tsc.status !== 0) {
    writeResults({ passed: 0, failed: 1, pending: 0 });
    console.error('unit: compiling the tests failed');
    process.exit(1);
  }
}

const files = findTestFiles(join(root, 'out', 'test', 'unit'));
if (files.length === 0) {
  writeResults({ passed: 0, failed: 0, pending: 0 });
  console.error('unit: no out/test/unit/**/*.test.js found');
  process.exit(1);
}

const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', forbidOnly: true, timeout: 10_000 });
for (const file of files) mocha.addFile(file);
const results = { passed: 0, failed: 0, pending: 0 };
const runner = mocha.run((failures) => {
  writeResults(results);
  // Like mocha's --exit: a test that leaks a socket or timer must not hang the run.
  process.exit(failures > 0 || results.passed === 0 ? 1 : 0);
});
runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, () => results.passed++);
runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, () => results.failed++);
runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, () => results.pending++);
