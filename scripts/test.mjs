// `npm test`: lint, typecheck, unit tests, integration tests in a real VS Code (and the UI test when package.json has
// a test:ui script). Every stage runs even after one fails; the last line is the totals from .test-results/*.json:
//   N passed, M failed
// Exits non-zero when a stage failed or no test ran. `--only=stage,stage` / `--skip=stage,stage` pick stages
// (e.g. `node scripts/test.mjs --only=test:integration`).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, '.test-results');
const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts ?? {};

const stages = ['lint', 'typecheck', 'test:unit', 'test:integration'];
if (scripts['test:ui']) stages.push('test:ui');
// A hostile failure reason in a real toast: clicking it must run nothing (toasts are hidden in the integration host).
if (scripts['test:ui:security']) stages.push('test:ui:security');
const listArg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3).split(',');
const only = listArg('only');
const skip = listArg('skip') ?? [];
const selected = stages.filter((s) => (!only || only.includes(s)) && !skip.includes(s));

// Totals count only what this run produced: stale files are removed, and only files written since now are read.
rmSync(resultsDir, { recursive: true, force: true });
const runStarted = Date.now();

/** The results file each test stage writes; a stage that fails without writing it never started or died early. */
const RESULTS_OF = {
  'test:unit': 'unit.json',
  'test:integration': 'integration.json',
  'test:ui': 'ui.json',
  'test:ui:security': 'ui-security.json',
};

/** Runs `npm run <stage>` with its output shown as it comes; resolves { status, signal, reason }: the reason is the
 * earliest error-like line among the last lines on stderr (the cause, not the summary a runner prints after it). */
function runStage(stage) {
  return new Promise((resolveStage) => {
    const child = spawn('npm', ['run', '--silent', stage], { cwd: root, stdio: ['inherit', 'pipe', 'pipe'] });
    let tail = [];
    child.stdout.on('data', (d) => process.stdout.write(d));
    child.stderr.on('data', (d) => {
      process.stderr.write(d);
      tail = [...tail, ...d.toString().split('\n').map((l) => l.trim()).filter(Boolean)].slice(-8);
    });
    const reason = () => tail.find((l) => /error|cannot|missing|not found|no such|failed|refused/i.test(l)) ?? tail.at(-1) ?? '';
    child.on('error', (error) => resolveStage({ status: 1, signal: null, reason: error.message }));
    child.on('close', (status, signal) => resolveStage({ status, signal, reason: reason() }));
  });
}

const fresh = (name) => existsSync(join(resultsDir, name)) && statSync(join(resultsDir, name)).mtimeMs >= runStarted - 1000;

const outcomes = [];
for (const stage of selected) {
  const started = Date.now();
  console.log(`\n=== npm run ${stage} ===`);
  const result = await runStage(stage);
  const ok = result.status === 0;
  // A stage that failed without a results file counts as one failed test, with its last words as the reason.
  const unstarted = !ok && !(RESULTS_OF[stage] && fresh(RESULTS_OF[stage]));
  outcomes.push({ stage, ok, seconds: (Date.now() - started) / 1000 });
  if (unstarted) {
    const reason = `${stage} ended without results: ${result.reason || 'no output'}`;
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, `${stage.replace(':', '-')}.json`), `${JSON.stringify({ passed: 0, failed: 1, pending: 0, reason }, null, 2)}\n`);
  }
  console.log(`=== ${stage}: ${ok ? 'ok' : `FAILED (${result.signal ?? `exit code ${result.status}`})`} ===`);
}

let passed = 0;
let failed = 0;
const perSuite = [];
if (existsSync(resultsDir)) {
  for (const name of readdirSync(resultsDir).filter((n) => n.endsWith('.json') && fresh(n)).sort()) {
    try {
      const r = JSON.parse(readFileSync(join(resultsDir, name), 'utf8'));
      // Other records live here too (e.g. activation.json for the benchmark); only suites have counts.
      if (!('passed' in r) && !('failed' in r)) continue;
      passed += Number(r.passed) || 0;
      failed += Number(r.failed) || 0;
      const why = typeof r.reason === 'string' ? ` — did not run: ${r.reason}` : '';
      perSuite.push(`${name.replace(/\.json$/, '')}: ${r.passed} passed, ${r.failed} failed, ${r.pending ?? 0} pending${why}`);
    } catch (error) {
      failed += 1;
      perSuite.push(`${name}: unreadable (${error.message})`);
    }
  }
}


console.log('\n=== summary ===');
for (const o of outcomes) console.log(`${o.ok ? 'ok    ' : 'FAILED'} ${o.stage} (${o.seconds.toFixed(1)} s)`);
for (const line of perSuite) console.log(line);
const stageFailed = outcomes.some((o) => !o.ok);
if (passed + failed === 0) console.log('no test ran');
console.log(`${passed} passed, ${failed} failed`);
process.exit(stageFailed || failed > 0 || passed === 0 ? 1 : 0);
