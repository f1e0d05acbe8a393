// `npm run test:copr`: the suites that run against the REAL Copr frontend (../shared/real-copr, copr-frontend on
// SQLite): the src/api contract (test/copr/contract.test.ts), the simulator held to the real server
// (test/copr/differential.test.ts), the extension in a real VS Code against it (test/copr/vscode), and one screenshot
// of its tree (.test-results/copr/tree-real-copr.png, test/copr/screenshot.mjs).
// It starts `start.sh head` and `start.sh v190` on free ports in a temporary folder, unless COPR_REAL_URL_V3 /
// COPR_REAL_URL_V2 name running ones, and stops what it started. Writes .test-results/copr.json and prints
// "N passed, M failed" last. A server that cannot start (e.g. its Debian packages are missing and cannot be
// installed) is said in one line and counts as a failure, never as a pass.
//   --no-build    skip `npm run build` and `npm run compile-tests`
//   --no-vscode   skip the VS Code suite (the two mocha suites only)
//   --verbose     show the VS Code host's own output
//   --out=<dir>   where the tests are compiled (default out-copr-run, ignored by git)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const resultsFile = join(root, '.test-results', 'copr.json');
// Next to the checkout (the developers' layout), else the workplace's shared folder (a CI clone may live elsewhere).
const realCopr = resolve(
  process.env.COPR_REAL_COPR_DIR ??
    [join(root, '..', 'shared', 'real-copr'), '/work/shared/real-copr'].find((d) => existsSync(join(d, 'start.sh'))) ??
    join(root, '..', 'shared', 'real-copr'),
);
const startSh = join(realCopr, 'start.sh');
const flag = (name) => process.argv.includes(`--${name}`);
const started = Date.now();
const totals = { passed: 0, failed: 0, pending: 0 };
const notes = [];

function finish() {
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify({ ...totals, seconds: Math.round((Date.now() - started) / 100) / 10, notes }, null, 2)}\n`);
  for (const n of notes) console.log(`copr: ${n}`);
  console.log(`copr: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
}

function portFree(port) {
  return new Promise((ok) => {
    const s = createServer().once('error', () => ok(false)).listen(port, '127.0.0.1', () => s.close(() => ok(true)));
  });
}

/** A port whose +1, +2 (backend and dist-git URLs in copr.conf) and +10000 (redis) are free too. */
async function freeCoprPort() {
  for (let i = 0; i < 200; i++) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    if ((await portFree(port)) && (await portFree(port + 10000)) && (await portFree(port + 1)) && (await portFree(port + 2))) return port;
  }
  throw new Error('no free port for copr-frontend');
}

/** Starts one version; resolves to its URL, or to an Error whose message is the one line to print. */
function startReal(version, port, dir) {
  return new Promise((done) => {
    const t0 = Date.now();
    const child = spawn('bash', [startSh, version, String(port)], { env: { ...process.env, REAL_COPR_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e) => done(new Error(`start.sh ${version}: ${e.message}`)));
    child.on('close', (code) => {
      const seconds = ((Date.now() - t0) / 1000).toFixed(1);
      const url = out.trim().split('\n').pop() ?? '';
      if (code === 0 && /^http:\/\//.test(url)) {
        notes.push(`start.sh ${version} ready in ${seconds} s at ${url}`);
        done(url);
      } else if (code === 2 && /missing Debian packages/.test(err)) {
        done(new Error(`the real Copr frontend (${version}) needs Debian packages that cannot be installed here (not root): ${err.trim().split('\n').pop()}`));
      } else {
        done(new Error(`start.sh ${version} failed (exit ${code}) after ${seconds} s: ${err.trim().split('\n').slice(-3).join(' | ')}`));
      }
    });
  });
}

function runMocha(files, env) {
  Object.assign(process.env, env);
  const Mocha = require('mocha');
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', forbidOnly: true, timeout: 60_000 });
  for (const f of files) mocha.addFile(f);
  const counts = { passed: 0, failed: 0, pending: 0 };
  return new Promise((done) => {
    const runner = mocha.run(() => done(counts));
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, () => counts.passed++);
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, () => counts.failed++);
    runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, () => counts.pending++);
  });
}

function add(counts, what) {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.pending += counts.pending;
  notes.push(`${what}: ${counts.passed} passed, ${counts.failed} failed, ${counts.pending} pending`);
}

// ---------------------------------------------------------------------------------------------------- servers

const temp = mkdtempSync(join(tmpdir(), 'copr-real-'));
const ours = [];
const urls = { head: process.env.COPR_REAL_URL_V3, v190: process.env.COPR_REAL_URL_V2 };
let stopped = false;
function stopServers() {
  if (stopped) return;
  stopped = true;
  for (const version of ours) spawnSync('bash', [startSh, 'stop', version], { env: { ...process.env, REAL_COPR_DIR: temp }, stdio: 'ignore' });
  rmSync(temp, { recursive: true, force: true });
}
process.on('exit', stopServers);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

const missing = Object.keys(urls).filter((v) => !urls[v]);
if (missing.length > 0 && !existsSync(startSh)) {
  notes.push(`the real Copr frontend is not on this machine (${startSh} is missing) and COPR_REAL_URL_V3/V2 are not set`);
  totals.failed += 1;
  finish();
}
for (const version of missing) {
  // One at a time: the first start may install Debian packages (apt holds a lock).
  const result = await startReal(version, await freeCoprPort(), temp);
  ours.push(version);
  if (result instanceof Error) {
    // The suites need both servers: the first that cannot start is the one line (and one failure) to report.
    notes.push(result.message);
    totals.failed += 1;
    break;
  }
  urls[version] = result;
}
if (!urls.head || !urls.v190) finish();
const serverEnv = { COPR_REAL_URL_V3: urls.head, COPR_REAL_URL_V2: urls.v190 };
console.log(`copr: head (API v3) ${urls.head}, 1.190 (API v2) ${urls.v190}`);

// ------------------------------------------------------------------------------------------------------ suites

// The tests compile into a folder of their own (git ignores out-*/): `npm run compile-tests` empties out/, which
// would pull the files from under another suite running at the same time, and theirs from under this one.
const outDir = resolve(root, process.argv.find((a) => a.startsWith('--out='))?.slice(6) ?? 'out-copr-run');
if (!flag('no-build')) {
  rmSync(outDir, { recursive: true, force: true });
  const steps = [
    ['npm run build', 'npm', ['run', '--silent', 'build']],
    [`tsc -p tsconfig.test.json --outDir ${outDir}`, process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.test.json', '--outDir', outDir]],
  ];
  for (const [what, command, args] of steps) {
    console.log(`> ${what}`);
    const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      notes.push(`${what} failed`);
      totals.failed += 1;
      finish();
    }
  }
}

const coprOut = join(outDir, 'test', 'copr');
const mochaFiles = existsSync(coprOut) ? readdirSync(coprOut).filter((f) => f.endsWith('.test.js')).sort().map((f) => join(coprOut, f)) : [];
if (mochaFiles.length === 0) {
  notes.push(`no compiled suites in ${coprOut}`);
  totals.failed += 1;
} else {
  add(await runMocha(mochaFiles, serverEnv), 'contract + differential');
}

if (!flag('no-vscode')) {
  // One picture of the tree against the real server, kept with the results (never in docs/); taken before the VS Code
  // suite, whose last tests change the world (they cancel and create builds).
  const shot = join(root, '.test-results', 'copr', 'tree-real-copr.png');
  console.log('> screenshot of the tree against the real Copr');
  const r = spawnSync(process.execPath, [join(root, 'test', 'copr', 'screenshot.mjs'), shot], { cwd: root, stdio: 'inherit', env: { ...process.env, ...serverEnv } });
  add({ passed: r.status === 0 ? 1 : 0, failed: r.status === 0 ? 0 : 1, pending: 0 }, `screenshot ${r.status === 0 ? shot : 'failed'}`);
}

if (!flag('no-vscode')) {
  const index = join(coprOut, 'vscode', 'index.js');
  const vscodeResults = join(temp, 'vscode.json');
  console.log('> run-vscode (the extension against the real Copr)');
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'test', 'host', 'run-vscode.mjs'),
      `--extensionDevelopmentPath=${root}`,
      `--extensionTestsPath=${index}`,
      `--folder=${join(root, 'test', 'fixtures', 'workspace')}`,
      ...(flag('verbose') ? ['--verbose'] : []),
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ...serverEnv, COPR_TEST_RESULTS: vscodeResults } },
  );
  if (existsSync(vscodeResults)) {
    const r = JSON.parse(readFileSync(vscodeResults, 'utf8'));
    add({ passed: Number(r.passed) || 0, failed: Number(r.failed) || 0, pending: Number(r.pending) || 0 }, 'VS Code against the real Copr');
    if (run.status !== 0 && !(r.failed > 0)) add({ passed: 0, failed: 1, pending: 0 }, `VS Code host exit ${run.status}`);
  } else {
    add({ passed: 0, failed: 1, pending: 0 }, `VS Code suite wrote no results (exit ${run.status ?? run.signal})`);
  }
}

stopServers();
finish();
